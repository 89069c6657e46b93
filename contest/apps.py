from django.apps import AppConfig


class ContestConfig(AppConfig):
    name = "contest"
    verbose_name = "Конкурс и сборник"

    def ready(self) -> None:
        from resursnaya_sreda.kernel.demo_loaders import register_demo

        register_demo("contest", "contest.demo.populate", order=60)
        from contest import cabinet, documents, indicators, personal_data  # noqa: F401  (register on import)

        personal_data.register()
        from contest import permissions as policy
        from contest.models import EditionAsset, Entry, EntryAttachment
        from resursnaya_sreda.kernel.uploads import register_private_files

        register_private_files(EntryAttachment, policy.get_attachment_for_user)
        register_private_files(
            Entry,
            policy.get_diploma_for_user,
            key="contest-diploma",
            file_field="diploma",
            thumbnail_field=None,
            name_field="diploma_name",
        )
        register_private_files(EditionAsset, policy.get_asset_for_user, thumbnail_field=None)
        from contest import thread  # noqa: F401  (registers the practice page's section)

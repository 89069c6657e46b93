from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = "Письма и информационная кампания"

    def ready(self) -> None:
        from resursnaya_sreda.kernel.demo_loaders import register_demo

        register_demo("letters", "letters.demo.populate", order=60)
        from letters import cabinet, correspondence, documents, indicators, personal_data  # noqa: F401
        from letters import permissions as policy
        from letters.models import Letterhead, Mailing, Reply
        from resursnaya_sreda.kernel.uploads import register_private_files

        correspondence.register()
        register_private_files(
            Reply,
            policy.get_reply_for_user,
            key="letters-reply",
            file_field="scan",
            thumbnail_field=None,
            name_field="scan_name",
        )
        register_private_files(
            Letterhead,
            policy.get_letterhead_file,
            key="letters-logo",
            file_field="logo",
            thumbnail_field=None,
            name_field=None,
        )
        register_private_files(
            Letterhead,
            policy.get_letterhead_file,
            key="letters-signature",
            file_field="signature",
            thumbnail_field=None,
            name_field=None,
        )
        register_private_files(
            Mailing,
            policy.get_mailing_for_user,
            key="letters-print",
            file_field="print_batch",
            thumbnail_field=None,
            name_field=None,
        )
        personal_data.register()

from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Лучшие практики"

    def ready(self) -> None:
        from practices import cabinet, documents  # noqa: F401  (register on import)
        from practices.models import Attachment, ExtraAnswer
        from practices.permissions import get_answer_for_user, get_attachment_for_user
        from resursnaya_sreda.kernel.uploads import register_private_files

        register_private_files(Attachment, get_attachment_for_user)
        register_private_files(
            ExtraAnswer, get_answer_for_user, thumbnail_field=None, name_field="file_name"
        )

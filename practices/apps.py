from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Лучшие практики"

    def ready(self) -> None:
        from resursnaya_sreda.kernel.demo_loaders import register_demo

        register_demo("practices", "practices.demo.populate", order=20)
        from practices.views.questionnaires import start_after_organisation
        from resursnaya_sreda.accounts.onboarding import register_next_step

        register_next_step("questionnaire", start_after_organisation)
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save

        from practices.aggregates import register_sqlite_median

        connection_created.connect(register_sqlite_median, dispatch_uid="practices-median")
        from practices import cabinet, documents, indicators, personal_data  # noqa: F401  (register)

        personal_data.register()
        from practices.models import Admission, Review
        from practices.services import ranking

        # The stored ranking follows every change of what it aggregates (services/ranking.py).
        post_save.connect(ranking.review_saved, sender=Review, dispatch_uid="ranking-review")
        post_delete.connect(ranking.review_deleted, sender=Review, dispatch_uid="ranking-review")
        post_save.connect(ranking.admission_changed, sender=Admission, dispatch_uid="ranking-adm")
        post_delete.connect(ranking.admission_changed, sender=Admission, dispatch_uid="ranking-adm")
        from practices.models import Questionnaire
        from practices.selectors.questionnaires import forget_catalogue

        post_save.connect(forget_catalogue, sender=Questionnaire, dispatch_uid="catalogue-count")
        post_delete.connect(forget_catalogue, sender=Questionnaire, dispatch_uid="catalogue-count")
        from practices.models import Attachment, ExtraAnswer, SupportEntry
        from practices.permissions import (
            get_answer_for_user,
            get_attachment_for_user,
            get_support_file_for_user,
        )
        from resursnaya_sreda.kernel.uploads import register_private_files

        register_private_files(Attachment, get_attachment_for_user)
        register_private_files(
            ExtraAnswer, get_answer_for_user, thumbnail_field=None, name_field="file_name"
        )
        register_private_files(
            SupportEntry, get_support_file_for_user, thumbnail_field=None, name_field="file_name"
        )

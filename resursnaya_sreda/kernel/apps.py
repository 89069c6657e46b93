from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "resursnaya_sreda.kernel"
    label = "kernel"
    verbose_name = "Программа"

    def ready(self) -> None:
        from resursnaya_sreda.kernel import access_log, audit

        audit.register_models()
        # People's own records: their admin pages are reads of personal data.
        for label in ("accounts.User", "accounts.Invitation", "accounts.UserSession"):
            access_log.register_personal_data_model(label)

        # The kernel's documents (programme passport, pilot sites) join the document engine.
        from resursnaya_sreda.kernel import documents  # noqa: F401

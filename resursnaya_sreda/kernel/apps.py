from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "resursnaya_sreda.kernel"
    label = "kernel"
    verbose_name = "Программа"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from resursnaya_sreda.kernel import access_log, audit
        from resursnaya_sreda.kernel.autocomplete.sqlite import teach_sqlite_unicode_lower

        # Search is case-insensitive in Cyrillic on SQLite too (its own lower() is ASCII-only).
        connection_created.connect(teach_sqlite_unicode_lower, dispatch_uid="kernel-lower")

        audit.register_models()
        # People's own records: their admin pages are reads of personal data.
        for label in ("accounts.User", "accounts.Invitation", "accounts.UserSession"):
            access_log.register_personal_data_model(label)

        # The kernel's documents (programme passport, pilot sites) join the document engine.
        from resursnaya_sreda.kernel import documents  # noqa: F401

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "resursnaya_sreda.accounts"
    label = "accounts"
    verbose_name = "Пользователи и роли"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        # The built-in cabinet sections register themselves on import.
        from resursnaya_sreda.accounts import cabinet_sections  # noqa: F401
        from resursnaya_sreda.accounts.models import Invitation

        # Users and memberships are registered by kernel.audit; invitations are ours.
        if not auditlog.contains(Invitation):
            auditlog.register(Invitation, exclude_fields=["token_hash"])

        # What accounts hold about a person: export, erasure, anonymising (152-ФЗ).
        from resursnaya_sreda.accounts import personal_data, sessions  # noqa: F401

        personal_data.register()

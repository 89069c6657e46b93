from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "Федеральная сводка"

    def ready(self) -> None:
        from dashboard import documents  # noqa: F401  (registers the consolidated report)

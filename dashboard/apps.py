from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "Федеральная сводка"

    def ready(self) -> None:
        from resursnaya_sreda.kernel.demo_loaders import register_demo

        register_demo("dashboard", "dashboard.demo.populate", order=90)
        from django.db.models.signals import post_delete, post_save

        from dashboard import documents  # noqa: F401  (registers the consolidated report)
        from dashboard.selectors.figures import forget_figures

        post_save.connect(forget_figures, dispatch_uid="dashboard-figures")
        post_delete.connect(forget_figures, dispatch_uid="dashboard-figures")

from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "resursnaya_sreda.kernel"
    label = "kernel"
    verbose_name = "Программа"

    def ready(self) -> None:
        from resursnaya_sreda.kernel import audit

        audit.register_models()

        # The kernel's documents (programme passport, pilot sites) join the document engine.
        from resursnaya_sreda.kernel import documents  # noqa: F401

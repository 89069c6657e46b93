from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Отчёты и документы"

    def ready(self) -> None:
        # Long PDFs render their sections on the worker pool (eagerly when there is none).
        from reports import parallel
        from reports.engine.sections import use_executor

        use_executor(parallel.WorkerPoolExecutor)

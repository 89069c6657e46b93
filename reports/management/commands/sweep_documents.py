"""Requeue or fail jobs left by dead workers; re-enqueue jobs Redis did not take (as beat does)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from reports.services import document_jobs_sweep


class Command(BaseCommand):
    help = "Проверить зависшие задания на документы: перезапустить или отметить ошибкой"

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("ru")
        report = document_jobs_sweep()
        self.stdout.write(
            f"Перезапущено: {len(report.requeued)}, с ошибкой: {len(report.failed)}, "
            f"поставлено в очередь: {len(report.enqueued)}"
        )

"""Delete document files older than REPORTS_RETENTION_DAYS (beat runs the same every hour)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from reports.services import document_files_cleanup


class Command(BaseCommand):
    help = "Удалить файлы документов старше REPORTS_RETENTION_DAYS дней"

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = document_files_cleanup()
        self.stdout.write(
            f"Удалено файлов: {deleted} (срок хранения {settings.REPORTS_RETENTION_DAYS} дн.)"
        )

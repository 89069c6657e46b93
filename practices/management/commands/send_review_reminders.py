"""Remind experts of assignments due soon (Celery beat runs the same daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from practices.services import send_review_reminders


class Command(BaseCommand):
    help = "Напомнить экспертам об оценках, срок которых скоро истекает."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_review_reminders()
        self.stdout.write(f"Напоминаний отправлено: {sent}")

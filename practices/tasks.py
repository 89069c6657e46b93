"""Scheduled work of the practices app (see CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from practices.services import send_review_reminders


@shared_task(acks_late=True)
def send_review_reminders_task() -> int:
    return send_review_reminders()

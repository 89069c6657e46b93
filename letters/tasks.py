"""Worker tasks of the letters app: they take ids and call a service."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from resursnaya_sreda.kernel.workers import countdown_within_visibility, reliable_task

logger = logging.getLogger(__name__)


@reliable_task(bind=True, max_retries=10)
def send_mailing_task(self: Any, mailing_id: int) -> None:
    """Send a mailing's pending letters, a slice of the time limit at a time.

    A run redelivered after its worker died, a retry and the next slice all go on where the
    last one stopped: letters are claimed one by one in the database (``mailing_send``).
    """
    from letters.services.mailing import MailingInterrupted, mailing_send

    budget = None if self.request.is_eager else settings.CELERY_TASK_TIME_LIMIT / 2
    try:
        finished = mailing_send(mailing_id, budget_seconds=budget)
    except MailingInterrupted as exc:
        if self.request.is_eager:
            logger.warning("Mailing %s interrupted: %s", mailing_id, exc)
            return
        raise self.retry(exc=exc, countdown=countdown_within_visibility(60)) from exc
    if not finished:
        send_mailing_task.delay(mailing_id)


@reliable_task(once=False)
def sweep_mailings_task() -> int:
    """Beat: mailings whose worker fell silent are queued again (``mailings_sweep``)."""
    from letters.services.mailing import mailings_sweep

    return mailings_sweep()

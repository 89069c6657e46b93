"""Delivering event letters with a calendar file: the kernel's mail task has no attachments."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_email_with_calendar_task(
    self, *, to: Sequence[str], subject: str, body: str, ics_text: str
) -> bool:
    """Send one rendered letter with ``event.ics`` attached; retry on transport errors."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=list(to)
    )
    message.attach("event.ics", ics_text, "text/calendar; charset=utf-8")
    try:
        message.send()
    except (SMTPException, OSError) as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            logger.exception("event letter to %s was not delivered", to)
            return False
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc
    return True

"""Slow work shared by every app. The first task sends one e-mail."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from smtplib import SMTPException
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from resursnaya_sreda.kernel.workers import countdown_within_visibility, reliable_task

logger = logging.getLogger(__name__)

# An SMTP server that is down or refusing is usually back within the hour: after 1, 2 and
# 4 minutes, then every 6 (a longer wait would outlast the broker's visibility timeout).
EMAIL_MAX_RETRIES = 12
EMAIL_RETRY_BASE_SECONDS = 60


def _can_retry_later(request: Any) -> bool:
    """A worker can put the task back on the queue; an eager run (no Redis) has no queue, and
    sleeping through the back-off inside a web request would be worse than one logged loss."""
    return not request.is_eager


def _without_charset(mimetype: str) -> str:
    """The attachment's type without a ``charset``: Django adds its own (UTF-8) to a text
    attachment, so ``text/calendar; charset=utf-8`` came out with the charset twice. Other
    parameters (``method=PUBLISH``) are kept."""
    main, *params = (item.strip() for item in mimetype.split(";"))
    kept = [p for p in params if p and p.split("=", 1)[0].strip().lower() != "charset"]
    return "; ".join([main, *kept])


@reliable_task(bind=True, max_retries=EMAIL_MAX_RETRIES)
def send_email_task(
    self,
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    reply_to: Sequence[str] | None = None,
    from_email: str | None = None,
    attachments: Sequence[Sequence[str]] | None = None,
) -> bool:
    """Send one already-rendered message; retry on transport errors, log the final failure.

    A reliable task: a message redelivered after its worker died is sent, unless the first
    worker had already sent it and recorded so (a copy of a delivered letter is dropped); only
    a death in the instant between the two sends it twice.

    The message arrives rendered rather than as ids: the links it carries hold secrets that are
    only known when it is composed (the database keeps their hashes).

    Returns True when the message was handed to the mail server, False when it was given up on.
    """
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to) if reply_to else None,
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    for filename, content, mimetype in attachments or ():
        message.attach(filename, content, _without_charset(mimetype))
    try:
        message.send()
    except (SMTPException, OSError) as exc:
        if not _can_retry_later(self.request) or self.request.retries >= self.max_retries:
            # Giving up must not crash the page that asked for the mail (eager mode) nor loop
            # forever in a worker; the log is where an administrator looks for lost mail.
            logger.error(
                "E-mail %r to %s not sent after %d attempts: %s",
                subject,
                ", ".join(to),
                self.request.retries + 1,
                exc,
            )
            return False
        countdown = EMAIL_RETRY_BASE_SECONDS * 2**self.request.retries
        raise self.retry(exc=exc, countdown=countdown_within_visibility(countdown)) from exc
    return True


@reliable_task
def sweep_orphan_files_task() -> int:
    """Daily: remove stored files no record refers to and older than an hour; returns how many."""
    import datetime

    from resursnaya_sreda.kernel.uploads.sweep import sweep_orphan_files

    reports = sweep_orphan_files(min_age=datetime.timedelta(hours=1), dry_run=False)
    return sum(report.deleted for report in reports)


@shared_task(ignore_result=True)
def worker_heartbeat_task() -> None:
    """Run by beat every 30 s: the worker that takes it records that it is alive (healthz)."""
    from celery import current_task

    from resursnaya_sreda.kernel import health

    if settings.REDIS_URL:
        hostname = getattr(current_task.request, "hostname", None) or "worker"
        health.worker_heartbeat(settings.REDIS_URL, hostname)


@reliable_task(ignore_result=True)
def access_log_cleanup_task() -> int:
    """Daily: entries of the access log past ``ACCESS_LOG_RETENTION_DAYS`` go, and so do the
    records of sessions that expired long ago."""
    import datetime

    from django.utils import timezone

    from resursnaya_sreda.accounts.models import UserSession
    from resursnaya_sreda.kernel import access_log

    stale = timezone.now() - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    UserSession.objects.filter(last_seen_at__lt=stale).delete()
    return access_log.access_log_cleanup()


@reliable_task(ignore_result=True)
def anonymise_due_task() -> dict:
    """Daily: anonymise the personal data of programmes past their retention date."""
    from resursnaya_sreda.kernel import personal_data

    return personal_data.anonymise_due()

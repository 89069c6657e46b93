"""Mailings: letters made and registered in one transaction, then sent by one worker task.

Each letter's delivery moves pending → sending → sent | refused, and each move is committed
on its own: the worker marks a letter ``sending`` before it talks to the mail server and
``sent`` (or ``refused``, with the server's reason) right after. A worker killed in between
leaves that one letter ``sending``; the next run marks it ``uncertain`` for staff to check by
hand instead of sending it again, and goes on with the letters still pending. So a mailing
resumed after a crash never sends a letter twice.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from letters import permissions as policy
from letters import rendering
from letters.models import Delivery, Letter, Letterhead, Mailing, MailingState, new_token
from letters.services import paper
from letters.services.numbering import allocate_numbers
from letters.services.templates import Target, Text, values_for
from resursnaya_sreda.kernel import localtime
from resursnaya_sreda.kernel.correspondence import EventFacts, event_source

logger = logging.getLogger(__name__)

# A mailing to every municipal administration of the country is about 3 000 letters.
MAX_LETTERS = 5000


class MailingInterrupted(Exception):
    """The mail server went away; the task retries, the letters still pending wait for it."""


def sender_today(letterhead: Letterhead) -> datetime.date:
    """The letter's date on the sender's clocks."""
    zone = (
        letterhead.pilot_site.region.zone if letterhead.pilot_site_id else localtime.moscow_zone()
    )
    return localtime.to_local(timezone.now(), zone).date()


def invitation_link(facts: EventFacts | None, token: str) -> str:
    if facts is None or not facts.registration_url:
        return ""
    return f"{facts.registration_url}?invitation={token}"


def preview(
    *,
    text: Text,
    targets: Sequence[Target],
    letterhead: Letterhead,
    programme_title: str,
    facts: EventFacts | None = None,
) -> dict[str, Any]:
    """The first letter as it will read, and every addressee some field has no value for."""
    rendering.check(text.subject)
    rendering.check(text.body)
    gaps = []
    first = None
    for target in targets:
        link = invitation_link(facts, "…") if target.category else ""
        values = values_for(
            target, facts=facts, letterhead=letterhead, programme_title=programme_title, link=link
        )
        if first is None:
            first = {
                "subject": rendering.render(text.subject, values),
                "paragraphs": rendering.paragraphs(rendering.render(text.body, values)),
            }
        missing = rendering.missing_fields(text.subject + "\n" + text.body, values)
        if missing:
            gaps.append({"target": target, "missing": missing})
    return {"first": first, "gaps": gaps, "total": len(targets)}


@transaction.atomic
def mailing_create(
    *,
    by: Any,
    letterhead: Letterhead,
    programme: Any,
    kind: str,
    title: str,
    text: Text,
    targets: Sequence[Target],
    facts: EventFacts | None = None,
    region: Any = None,
) -> Mailing:
    """Register one letter per target under consecutive numbers and queue the sending."""
    if not policy.can_manage_letterhead(by, letterhead):
        raise PermissionDenied
    if not targets:
        raise ValidationError(_("Не выбран ни один адресат."))
    if len(targets) > MAX_LETTERS:
        raise ValidationError(
            _("В одной рассылке не больше %(n)s писем; разделите её по регионам.")
            % {"n": MAX_LETTERS}
        )
    for part in (text.subject, text.body, text.cover_text):
        try:
            rendering.check(part)
        except rendering.TemplateRefused as refused:
            raise ValidationError(refused.message) from refused
    today = sender_today(letterhead)
    mailing = Mailing.objects.create(
        programme=programme,
        letterhead=letterhead,
        region=region
        if region is not None
        else (letterhead.pilot_site.region if letterhead.pilot_site_id else None),
        kind=kind,
        title=title,
        subject=text.subject,
        body=text.body,
        cover_text=text.cover_text,
        event_id=facts.id if facts else None,
        total=len(targets),
        created_by=by,
    )
    first = allocate_numbers(letterhead=letterhead, year=today.year, count=len(targets))
    letters = []
    for offset, target in enumerate(targets):
        token = new_token() if target.category else None
        values = values_for(
            target,
            facts=facts,
            letterhead=letterhead,
            programme_title=str(programme.title),
            link=invitation_link(facts, token) if token else "",
        )
        letters.append(
            Letter(
                mailing=mailing,
                letterhead=letterhead,
                year=today.year,
                number=first + offset,
                registered_on=today,
                kind=kind,
                addressee_id=target.addressee_id,
                person=target.person,
                position=target.position,
                organisation=target.organisation,
                address=target.address,
                email=target.email,
                subject=" ".join(rendering.render(text.subject, values).split())[:255],
                body=rendering.render(text.body, values),
                event_id=facts.id if facts else None,
                token=token,
                category=target.category,
                delivery=Delivery.PENDING if target.email else Delivery.PRINT,
            )
        )
    Letter.objects.bulk_create(letters, batch_size=500)
    if facts is not None and (source := event_source()) is not None:
        numbers = ", ".join(
            letterhead.format_number(first + i) for i in range(min(3, len(letters)))
        )
        more = "…" if len(letters) > 3 else ""
        source.record_letter(
            facts.id,
            by=by,
            message=_("%(title)s: исх. № %(numbers)s%(more)s от %(date)s")
            % {"title": title, "numbers": numbers, "more": more, "date": f"{today:%d.%m.%Y}"},
        )
    from letters.tasks import send_mailing_task

    transaction.on_commit(lambda: send_mailing_task.delay(mailing.pk))
    return mailing


def progress(mailing: Mailing) -> dict[str, int]:
    counts = dict(
        Letter.objects.filter(mailing=mailing)
        .values_list("delivery")
        .annotate(n=Count("pk"))
        .values_list("delivery", "n")
    )
    done = sum(counts.get(state, 0) for state in (Delivery.SENT, Delivery.REFUSED))
    done += counts.get(Delivery.UNCERTAIN, 0) + counts.get(Delivery.PRINT, 0)
    total = mailing.total or sum(counts.values())
    return {
        **{state: counts.get(state, 0) for state in Delivery.values},
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 100,
    }


def _message(letter: Letter, cover_text: str, pdf: bytes, connection: Any) -> EmailMessage:
    reply_to = [letter.letterhead.reply_email] if letter.letterhead.reply_email else None
    body = f"{cover_text.strip()}\n\n{letter.letterhead.organisation}\n{letter}"
    message = EmailMessage(
        subject=letter.subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[letter.email],
        reply_to=reply_to,
        connection=connection,
    )
    message.attach(paper.letter_filename(letter), pdf, "application/pdf")
    return message


def _refusal(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        reasons = [
            f"{code} {raw.decode('utf-8', 'replace') if isinstance(raw, bytes) else raw}"
            for code, raw in exc.recipients.values()
        ]
        return "; ".join(reasons)[:500]
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
        return f"{exc.smtp_code} {text}"[:500]
    return str(exc)[:500]


def mailing_send(
    mailing_id: int,
    *,
    budget_seconds: float | None = None,
    after_each: Callable[[Letter], None] | None = None,
) -> bool:
    """Send what is still pending; safe to run again after a crash (see the module's note).

    Returns False when ``budget_seconds`` ran out first: the caller queues the rest, so a run
    stays well inside the worker's time limit however long the mailing.
    """
    started = time.monotonic()
    mailing = Mailing.objects.select_related("letterhead__pilot_site__region").get(pk=mailing_id)
    if mailing.state == MailingState.DONE:
        return True
    Mailing.objects.filter(pk=mailing.pk, started_at__isnull=True).update(started_at=timezone.now())
    Mailing.objects.filter(pk=mailing.pk).update(
        state=MailingState.SENDING, heartbeat_at=timezone.now()
    )
    Letter.objects.filter(mailing=mailing, delivery=Delivery.SENDING).update(
        delivery=Delivery.UNCERTAIN,
        delivery_error=_(
            "Отправка прервалась, пока письмо передавалось серверу: повторно не отправлялось. "
            "Уточните у адресата, дошло ли оно."
        ),
    )
    pending = Letter.objects.filter(mailing=mailing, delivery=Delivery.PENDING).order_by("number")
    connection = get_connection()
    try:
        for letter_id in pending.values_list("pk", flat=True).iterator(chunk_size=500):
            if budget_seconds is not None and time.monotonic() - started > budget_seconds:
                return False
            claimed = Letter.objects.filter(pk=letter_id, delivery=Delivery.PENDING).update(
                delivery=Delivery.SENDING, attempted_at=timezone.now()
            )
            if not claimed:
                continue
            letter = Letter.objects.select_related("letterhead__pilot_site__region").get(
                pk=letter_id
            )
            pdf = paper.letter_pdf(letter)
            try:
                _message(letter, mailing.cover_text, pdf, connection).send()
            except (
                smtplib.SMTPRecipientsRefused,
                smtplib.SMTPSenderRefused,
                smtplib.SMTPDataError,
            ) as exc:
                Letter.objects.filter(pk=letter_id).update(
                    delivery=Delivery.REFUSED, delivery_error=_refusal(exc)
                )
            except (smtplib.SMTPException, OSError) as exc:
                # Nothing was accepted: the letter waits for the retry.
                Letter.objects.filter(pk=letter_id).update(delivery=Delivery.PENDING)
                raise MailingInterrupted(str(exc)) from exc
            else:
                Letter.objects.filter(pk=letter_id).update(
                    delivery=Delivery.SENT, sent_at=timezone.now(), delivery_error=""
                )
            Mailing.objects.filter(pk=mailing.pk).update(heartbeat_at=timezone.now())
            if after_each is not None:
                after_each(letter)
    finally:
        try:
            connection.close()
        except Exception:
            logger.warning("Could not close the mail connection", exc_info=True)
    if Letter.objects.filter(mailing=mailing, delivery=Delivery.PRINT).exists():
        paper.print_batch_save(mailing)
    Mailing.objects.filter(pk=mailing.pk).update(
        state=MailingState.DONE, finished_at=timezone.now()
    )
    return True


def mailings_sweep(*, now: datetime.datetime | None = None) -> int:
    """Queue again every unfinished mailing whose worker has been silent too long (killed, or
    its message lost); called by beat and by the progress polling. Returns how many.

    A second run is safe even if the first worker was only slow: letters are claimed one by
    one, so none is sent twice.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.WORKER_SILENCE_SECONDS)
    stale = Mailing.objects.filter(
        state__in=[MailingState.QUEUED, MailingState.SENDING], finished_at__isnull=True
    ).filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff))
    from letters.tasks import send_mailing_task

    queued = 0
    for mailing_id in stale.values_list("pk", flat=True):
        # Only the sweep that moves the heartbeat queues the mailing.
        moved = (
            Mailing.objects.filter(pk=mailing_id)
            .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True))
            .update(heartbeat_at=now)
        )
        if moved:
            logger.warning("Mailing %s fell silent; queued again", mailing_id)
            send_mailing_task.delay(mailing_id)
            queued += 1
    return queued


def mailing_url(mailing: Mailing) -> str:
    return reverse("letters:mailing-detail", args=[mailing.pk])

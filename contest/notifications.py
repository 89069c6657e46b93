"""Letters about entries and chapters. Rendered now, sent by Celery after the commit."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from contest.models import Chapter, Entry
from resursnaya_sreda.accounts.models import Membership, Role
from resursnaya_sreda.kernel.mail import send_email


def _emails(**filters: object) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(user__is_active=True, **filters).values_list(
                "user__email", flat=True
            )
        )
    )


def applicant_emails(organisation_id: int) -> list[str]:
    return _emails(role=Role.APPLICANT, organisation_id=organisation_id)


def regional_emails(entry: Entry) -> list[str]:
    return _emails(
        role=Role.REGIONAL,
        pilot_site__programme_id=entry.contest.programme_id,
        pilot_site__region_id=entry.region_id,
    )


def federal_emails() -> list[str]:
    return _emails(role=Role.FEDERAL)


def entry_changed(
    entry: Entry,
    *,
    action: str,
    message: str = "",
    to_staff: bool = False,
    to_federal: bool = False,
) -> None:
    """One letter per state change: to the applicant always, to staff when they must act."""
    context = {
        "entry": entry,
        "action": action,
        "message": message,
        "path": reverse("contest:entry", args=[entry.pk]),
        "open_comments": list(entry.comments.filter(resolved_at__isnull=True)),
    }
    subject = _("Конкурсная заявка «%(title)s»: %(action)s") % {
        "title": entry.title,
        "action": action.lower(),
    }
    send_email(
        to=applicant_emails(entry.organisation_id),
        subject=subject,
        template="contest/email/entry_changed.txt",
        context=context,
    )
    staff = []
    if to_staff:
        staff += regional_emails(entry)
    if to_federal:
        staff += federal_emails()
    if staff:
        send_email(
            to=sorted(set(staff)),
            subject=subject,
            template="contest/email/entry_changed.txt",
            context={**context, "for_staff": True},
        )


def chapter_changed(
    chapter: Chapter, *, action: str, message: str = "", to_organisation: bool = False
) -> None:
    context = {
        "chapter": chapter,
        "action": action,
        "message": message,
        "path": reverse("collection:chapter-review", args=[chapter.pk]),
    }
    subject = _("Глава сборника «%(title)s»: %(action)s") % {
        "title": chapter.title,
        "action": action.lower(),
    }
    recipients = (
        applicant_emails(chapter.questionnaire.organisation_id)
        if to_organisation
        else federal_emails()
    )
    send_email(
        to=recipients,
        subject=subject,
        template="contest/email/chapter_changed.txt",
        context=context,
    )

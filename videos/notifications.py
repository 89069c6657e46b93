"""Letters about stories, the specification and the schedule: rendered now, sent after commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from resursnaya_sreda.accounts.models import Membership, Role
from resursnaya_sreda.kernel.mail import send_email


def site_staff_emails(site_ids: Iterable[int]) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                role=Role.REGIONAL, pilot_site_id__in=list(site_ids), user__is_active=True
            ).values_list("user__email", flat=True)
        )
    )


def federal_emails() -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(role=Role.FEDERAL, user__is_active=True).values_list(
                "user__email", flat=True
            )
        )
    )


def story_event(
    story: Any, *, to_federal: bool, subject: str, text: str, message: str = ""
) -> None:
    """One letter about a change of a story's state, to the site or to the federal centre."""
    recipients = federal_emails() if to_federal else site_staff_emails([story.pilot_site_id])
    send_email(
        to=recipients,
        subject=f"{subject}: {story.title}",
        template="videos/email/story_event.txt",
        context={
            "story": story,
            "region": story.pilot_site.region.name,
            "text": text,
            "message": message,
            "path": reverse("videos:story", args=[story.pk]),
        },
    )


def specification_issued(spec: Any, site_ids: Iterable[int]) -> None:
    send_email(
        to=site_staff_emails(site_ids),
        subject=f"Технические требования к видеосюжетам, редакция {spec.version}",
        template="videos/email/specification_issued.txt",
        context={"spec": spec, "path": reverse("videos:specification")},
    )


def schedule_published(version: Any, slots_by_site: dict[int, list[Any]]) -> None:
    """Each site hears its own stories' dates; the public page has the whole schedule."""
    for site_id, slots in slots_by_site.items():
        send_email(
            to=site_staff_emails([site_id]),
            subject=f"Опубликован график выпуска видеосюжетов (версия {version.number})",
            template="videos/email/schedule_published.txt",
            context={
                "version": version,
                "slots": slots,
                "path": reverse("videos:public-schedule"),
            },
        )

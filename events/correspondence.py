"""The events side of the kernel's ``correspondence`` contract: what a letter about an event
needs to know, and what a letter tells the event back (history, partner administration).

Registered from ``EventsConfig.ready``; the letters app reaches events only through it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from events import permissions as policy
from events import selectors
from events.models import Event, EventKind, HistoryAction, ParticipantCategory
from events.services.events import lock_event, record_history
from resursnaya_sreda.kernel.correspondence import (
    Attendee,
    EventFacts,
    Invitee,
    register_event_source,
)

_CATEGORY_WORDS = {str(label).lower(): value for value, label in ParticipantCategory.choices}


def parse_invited(text: str) -> tuple[Invitee, ...]:
    """The invited list, a person a line: «ФИО, организация[, категория][, e-mail]»."""
    people = []
    for line in text.splitlines():
        parts = [part.strip() for part in line.split(",") if part.strip()]
        if not parts:
            continue
        email = next((part for part in parts[1:] if "@" in part), "")
        category = next(
            (
                _CATEGORY_WORDS[part.lower()]
                for part in parts[1:]
                if part.lower() in _CATEGORY_WORDS
            ),
            "",
        )
        rest = [part for part in parts[1:] if part != email and part.lower() not in _CATEGORY_WORDS]
        people.append(
            Invitee(
                full_name=parts[0],
                organisation=", ".join(rest),
                category=category or ParticipantCategory.OTHER,
                email=email,
            )
        )
    return tuple(people)


def _agenda_line(item: Any) -> str:
    line = f"{item.starts_at:%H:%M} — {item.title}"
    speaker = ", ".join(part for part in (item.speaker, item.speaker_organisation) if part)
    return f"{line} ({speaker})" if speaker else line


class EventsSource:
    def facts(self, event_id: int) -> EventFacts | None:
        event = (
            Event.objects.select_related(
                "programme", "pilot_site__region", "municipality", "host_organisation", "practice"
            )
            .filter(pk=event_id)
            .first()
        )
        if event is None:
            return None
        agenda = tuple(_agenda_line(item) for item in event.agenda.all())
        practice = ""
        if event.practice_id:
            practice = event.practice.display_title
            if event.host_organisation_id:
                practice = f"«{practice}» ({event.host_organisation.name})"
        elif event.host_organisation_id:
            practice = event.host_organisation.name
        place = ", ".join(part for part in (event.venue, event.address) if part)
        attendees = tuple(
            Attendee(registration_id=pk, category=category, attended=attended)
            for pk, category, attended in event.registrations.values_list(
                "pk", "category", "attended"
            )
        )
        return EventFacts(
            id=event.pk,
            kind=event.kind,
            heading=event.heading,
            programme_id=event.programme_id,
            programme_title=event.programme.title,
            pilot_site_id=event.pilot_site_id,
            region_id=event.pilot_site.region_id if event.pilot_site_id else None,
            region_name=event.pilot_site.region.name if event.pilot_site_id else "",
            municipality_id=event.municipality_id,
            municipality_name=event.municipality.name if event.municipality_id else "",
            date=event.date,
            starts_at=event.starts_at,
            zone=event.zone,
            venue=place,
            agenda=agenda,
            support=tuple(item.text for item in event.support.all()),
            practice=practice,
            partner_administration=event.partner_administration,
            invited=parse_invited(event.invited) if event.kind == EventKind.ROUND_TABLE else (),
            attendees=attendees,
            category_labels={value: str(label) for value, label in ParticipantCategory.choices},
            registration_url=settings.SITE_URL.rstrip("/")
            + reverse("events:public-detail", args=[event.pk]),
            staff_url=reverse("events:staff-detail", args=[event.pk]),
            is_past=event.ends_at <= timezone.now(),
        )

    def choices(self, user: Any, *, kind: str = "", limit: int = 50) -> list[tuple[int, str]]:
        events = selectors.events_visible_to(user).exclude(kind=EventKind.VIDEOBRIDGE)
        if kind:
            events = events.filter(kind=kind)
        return [(event.pk, str(event)) for event in events.order_by("-starts_at")[:limit]]

    def can_manage(self, user: Any, event_id: int) -> bool:
        event = Event.objects.filter(pk=event_id).only("pk", "pilot_site_id").first()
        return event is not None and policy.can_manage_event(user, event)

    @transaction.atomic
    def record_letter(self, event_id: int, *, by: Any, message: str) -> None:
        event = lock_event(Event(pk=event_id))
        record_history(
            event, action=HistoryAction.LETTER_SENT, by=by, from_state=event.state, message=message
        )

    @transaction.atomic
    def record_reply(
        self, event_id: int, *, by: Any, message: str, partner_administration: str = ""
    ) -> None:
        event = lock_event(Event(pk=event_id))
        if partner_administration:
            event.partner_administration = partner_administration[:255]
            event.save(update_fields=["partner_administration", "updated_at"])
        record_history(
            event, action=HistoryAction.LETTER_REPLY, by=by, from_state=event.state, message=message
        )


def register() -> None:
    register_event_source(EventsSource())

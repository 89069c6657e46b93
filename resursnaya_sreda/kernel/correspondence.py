"""Where events and letters meet: the facts of an event a letter is made from, and what a
letter tells the event back.

The two apps are siblings and never import each other. Events registers an
:class:`EventSource` from ``EventsConfig.ready()``; letters registers its
:class:`LettersHooks` from ``LettersConfig.ready()``. Each calls the other only through this
module, with plain values (ids, strings, dates), so either app works without the other:

- letters asks ``event_source()`` for :class:`EventFacts` (the seminar's programme, support list,
  practice, invited list…) and tells the event that a letter was sent or an answer came
  (``record_letter``, ``record_reply``: a history entry, the partner administration);
- events asks ``letters_hooks()`` for the panels letters adds to an event's staff page and for
  the person a personal invitation link was made for (the registration form is prefilled), and
  says when that person registered.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Invitee:
    """One line of a round table's invited list."""

    full_name: str
    organisation: str = ""
    category: str = ""
    email: str = ""


@dataclass(frozen=True)
class Attendee:
    """Someone on an event's list: for the invited / registered / came count by category."""

    registration_id: int
    category: str
    attended: bool


@dataclass(frozen=True)
class EventFacts:
    """An event as a letter needs it, in plain values."""

    id: int
    kind: str
    heading: str
    programme_id: int
    programme_title: str
    pilot_site_id: int | None
    region_id: int | None
    region_name: str
    municipality_id: int | None
    municipality_name: str
    date: datetime.date
    starts_at: datetime.datetime
    zone: ZoneInfo
    venue: str
    agenda: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    practice: str = ""
    partner_administration: str = ""
    invited: tuple[Invitee, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    category_labels: dict[str, str] = field(default_factory=dict)
    registration_url: str = ""
    staff_url: str = ""
    is_past: bool = False


@dataclass(frozen=True)
class Panel:
    """A block another app adds to an event's staff page: a template and its context."""

    title: str
    template: str
    context: dict[str, Any]


class EventSource(Protocol):
    def facts(self, event_id: int) -> EventFacts | None: ...

    def choices(self, user: Any, *, kind: str = "", limit: int = 50) -> list[tuple[int, str]]: ...

    def can_manage(self, user: Any, event_id: int) -> bool: ...

    def record_letter(self, event_id: int, *, by: Any, message: str) -> None: ...

    def record_reply(
        self, event_id: int, *, by: Any, message: str, partner_administration: str = ""
    ) -> None: ...


class LettersHooks(Protocol):
    def panels(self, user: Any, event_id: int) -> Sequence[Panel]: ...

    def invitee_for_link(self, event_id: int, token: str) -> Invitee | None: ...

    def invitee_registered(self, event_id: int, token: str, registration_id: int) -> None: ...


_source: EventSource | None = None
_hooks: LettersHooks | None = None


def register_event_source(source: EventSource) -> None:
    global _source
    _source = source


def event_source() -> EventSource | None:
    """The events app's source, or None when it is not installed."""
    return _source


def register_letters_hooks(hooks: LettersHooks) -> None:
    global _hooks
    _hooks = hooks


def letters_hooks() -> LettersHooks | None:
    return _hooks


def event_panels(user: Any, event_id: int) -> list[Panel]:
    """What letters shows on an event's staff page (nothing without the letters app)."""
    return list(_hooks.panels(user, event_id)) if _hooks else []


def invitee_for_link(event_id: int, token: str) -> Invitee | None:
    if not _hooks or not token:
        return None
    return _hooks.invitee_for_link(event_id, token)


def invitee_registered(event_id: int, token: str, registration_id: int) -> None:
    if _hooks and token:
        _hooks.invitee_registered(event_id, token, registration_id)

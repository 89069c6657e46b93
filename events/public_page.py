"""The public event page's data, kept in the cache: the page at the door costs no query.

What the page shows of an event — the event with its site, region (and so its time zone),
municipality and host, the programme, the running order and the public photos — is read once
and kept under a *version* of that event; the number of seats taken is kept apart under a
version of its own, because it changes with every registration and the rest does not.

A version is a random stamp set at, and again after, the commit of any change (``post_save`` or
``post_delete`` of the event, its programme, running order and photos; of a registration for
the seats), so the next reader loads afresh. The stamp is read *before* the database: a reader
that raced a change stores what it read under the old stamp, which nobody asks for again. A
stamp that the cache dropped is replaced by a new one, never by an old one. Without a shared
cache (Redis), each process keeps its own copy: ``PAGE_SECONDS`` bounds how stale another
process can be.

The seats shown are a display: the registration service counts them again under the event's
lock (services.registration_create), so a stale figure never lets anyone past capacity.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from events.models import AgendaItem, Event, EventPhoto, EventState, RunningOrderSlot

PAGE_SECONDS = 60
VERSION_SECONDS = 24 * 3600
PUBLIC_STATES = [s.value for s in EventState if s != EventState.PLANNED]


@dataclass
class PublicEvent:
    event: Event
    agenda: list[AgendaItem] = field(default_factory=list)
    running_order: list[RunningOrderSlot] = field(default_factory=list)
    photos: list[EventPhoto] = field(default_factory=list)


def _event_version_key(pk: int) -> str:
    return f"events:public:{pk}:v"


def _seats_version_key(pk: int) -> str:
    return f"events:public:{pk}:seats-v"


def _versions(pk: int) -> tuple[str, str]:
    """The event's two stamps, one cache round trip; a missing stamp gets a new one."""
    keys = [_event_version_key(pk), _seats_version_key(pk)]
    found = cache.get_many(keys)
    stamps = []
    for key in keys:
        stamp = found.get(key)
        if stamp is None:
            stamp = uuid.uuid4().hex
            if not cache.add(key, stamp, VERSION_SECONDS):
                stamp = cache.get(key) or stamp
        stamps.append(stamp)
    return stamps[0], stamps[1]


def _load(pk: int) -> PublicEvent:
    """From the database: the event a visitor may see (not a planned one), else 404."""
    try:
        event = Event.objects.select_related(
            "pilot_site__region", "municipality", "host_organisation"
        ).get(pk=pk, state__in=PUBLIC_STATES)
    except Event.DoesNotExist as exc:
        raise Http404 from exc
    # Stored without the back-references Django keeps on related rows: they are not needed.
    return PublicEvent(
        event=event,
        agenda=list(event.agenda.all()),
        running_order=list(event.running_order.select_related("pilot_site__region")),
        photos=list(event.photos.filter(has_non_consenting=False).order_by("pk")),
    )


def _seats_taken(event: Event) -> int:
    from events.services import registered_count

    return registered_count(event)


class Found(NamedTuple):
    page: PublicEvent
    seats_taken: int | None  # None when the event has no capacity
    stamp: str  # changes whenever the page does (the seats taken aside)


def public_event(pk: int) -> Found:
    """The page's data and, when the event has a capacity, the seats taken; 404 as
    ``permissions.get_public_event``. Two cache round trips and, when both are kept, no query."""
    event_stamp, seats_stamp = _versions(pk)
    page_key = f"events:public:{pk}:{event_stamp}"
    seats_key = f"events:public:{pk}:seats:{seats_stamp}"
    found = cache.get_many([page_key, seats_key])
    page = found.get(page_key)
    if page is None:
        page = _load(pk)
        cache.set(page_key, page, PAGE_SECONDS)
    if page.event.capacity is None:
        return Found(page, None, event_stamp)
    taken = found.get(seats_key)
    if taken is None:
        taken = _seats_taken(page.event)
        cache.set(seats_key, taken, PAGE_SECONDS)
    return Found(page, taken, event_stamp)


# --- The whole page for a first visit ------------------------------------------------------
# A visitor with no session and no personal link sees the same page as every other such
# visitor but for the CSRF token: the page is drawn once with a mark in the token's place and
# kept; each visit puts its own token in, and the number of free seats, which moves with every
# registration. Anyone with a session (a login), a message waiting in its cookie («Вы
# зарегистрированы») or a link gets the page drawn for them.
TOKEN_MARK = "@@events-public-csrf-token@@"
SEATS_MARK = "@@events-public-free-seats@@"


def first_visit(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.GET
    )


def html_key(pk: int, stamp: str, *flags: bool) -> str:
    return f"events:public:{pk}:html:{stamp}:{''.join(str(int(f)) for f in flags)}"


def _filled(html: str, request: HttpRequest, free_seats: int | None) -> str:
    html = html.replace(TOKEN_MARK, get_token(request))
    return html.replace(SEATS_MARK, str(free_seats)) if free_seats else html


def kept_html(key: str, request: HttpRequest, free_seats: int | None) -> HttpResponse | None:
    html = cache.get(key)
    if html is None:
        return None
    return HttpResponse(_filled(html, request, free_seats))


def keep_html(
    key: str, response: HttpResponse, request: HttpRequest, free_seats: int | None
) -> HttpResponse:
    """Keep the page drawn with the marks; answer it with this visit's token and seats."""
    html = response.content.decode()
    cache.set(key, html, PAGE_SECONDS)
    response.content = _filled(html, request, free_seats).encode()
    return response


def _renew(key: str) -> None:
    """A new stamp now (this transaction's own reads, and tests, see the change) and again
    after the commit (what others read meanwhile was the old rows)."""
    cache.set(key, uuid.uuid4().hex, VERSION_SECONDS)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, VERSION_SECONDS))


def forget_event(event_id: int | None) -> None:
    """After the commit, the event's page data is read afresh (seats too: capacity moved)."""
    if event_id is not None:
        _renew(_event_version_key(event_id))
        _renew(_seats_version_key(event_id))


def forget_seats(event_id: int | None) -> None:
    if event_id is not None:
        _renew(_seats_version_key(event_id))


def on_event_change(sender: Any, instance: Event, **kwargs: Any) -> None:
    """``post_save``/``post_delete`` receiver for Event."""
    forget_event(instance.pk)


def on_part_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_save``/``post_delete`` receiver for what the page shows of an event."""
    forget_event(instance.event_id)


def on_registration_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_save``/``post_delete`` receiver for Registration: seats taken may have moved."""
    forget_seats(instance.event_id)


def register() -> None:
    from django.db.models.signals import post_delete, post_save

    from events.models import Registration

    for signal in (post_save, post_delete):
        signal.connect(on_event_change, sender=Event, dispatch_uid="events-public-page")
        for model in (AgendaItem, RunningOrderSlot, EventPhoto):
            signal.connect(on_part_change, sender=model, dispatch_uid="events-public-page")
        signal.connect(
            on_registration_change, sender=Registration, dispatch_uid="events-public-seats"
        )

"""iCalendar (RFC 5545) text for one event or the public feed; no library needed for VEVENTs."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from resursnaya_sreda.kernel import localtime


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded with CRLF + space (RFC 5545, 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > 74:
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _description(event: Event) -> str:
    """The local time with its zone first, so the text agrees with the portal's pages."""
    when = localtime.format_span(event.starts_at, event.ends_at, event.zone)
    return f"{when}\n{event.description}".strip()


def _event_lines(event: Event, stamp: str) -> list[str]:
    # Stored as instants: written in UTC, every calendar shows them on its own clocks.
    start, end = event.starts_at, event.ends_at
    location = ", ".join(part for part in (event.venue, event.address) if part)
    url = settings.SITE_URL.rstrip("/") + reverse("events:public-detail", kwargs={"pk": event.pk})
    return [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@resursnaya-sreda",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(end)}",
        f"SUMMARY:{_escape(event.title)}",
        f"LOCATION:{_escape(location)}",
        f"DESCRIPTION:{_escape(_description(event))}",
        f"URL:{url}",
        "END:VEVENT",
    ]


def calendar(events: Iterable[Event]) -> str:
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Resursnaya Sreda//Events//RU",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

"""The published release schedule as an iCalendar feed: all-day events, so no time zone."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from videos.models import ScheduleSlot, StoryState


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded with CRLF + space (RFC 5545, 3.1)."""
    if len(line.encode("utf-8")) <= 75:
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


def calendar(slots: Iterable[ScheduleSlot], *, version_number: int) -> str:
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    base = settings.SITE_URL.rstrip("/")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Resursnaya Sreda//Videos//RU",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Ресурсная среда — график выпуска видеосюжетов",
    ]
    for slot in slots:
        story = slot.story
        day = slot.release_on
        url = base + (
            reverse("videos:public-story", args=[story.pk])
            if story.state == StoryState.PUBLISHED
            else reverse("videos:public-schedule")
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:video-story-{story.pk}@resursnaya-sreda",
            f"SEQUENCE:{version_number}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape('Видеосюжет: ' + story.title)}",
            f"DESCRIPTION:{_escape(story.pilot_site.region.name)}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

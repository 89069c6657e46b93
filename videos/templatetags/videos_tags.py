"""Template helpers of step 4. ``when`` is the one place a time is formatted: when local time
per region lands, only this filter changes."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone

from resursnaya_sreda.kernel.uploads import format_size
from videos.probe import clock

register = template.Library()

STATE_BADGES = {
    "idea": "text-bg-light border",
    "script_submitted": "text-bg-info",
    "script_returned": "text-bg-warning",
    "script_approved": "text-bg-primary",
    "filming": "text-bg-primary",
    "cut_submitted": "text-bg-info",
    "cut_returned": "text-bg-warning",
    "cut_approved": "text-bg-success",
    "scheduled": "text-bg-success",
    "published": "text-bg-dark",
}


@register.filter
def when(value: datetime.datetime | None) -> str:
    """«05.06.2026 14:30 МСК» — stored in UTC, shown in Moscow time with the zone named."""
    if not value:
        return "—"
    return f"{timezone.localtime(value):%d.%m.%Y %H:%M} МСК"


@register.filter
def badge(state: str) -> str:
    return STATE_BADGES.get(state, "text-bg-secondary")


@register.filter
def duration(seconds: Any) -> str:
    return clock(seconds)


@register.filter
def filesize(size: Any) -> str:
    return format_size(int(size or 0))

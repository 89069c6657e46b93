"""Template helpers of step 4. ``when`` formats a moment through the kernel's one local-time
helper, on the clocks of the region it happened in (Moscow when none is given)."""

from __future__ import annotations

import datetime
from typing import Any

from django import template

from resursnaya_sreda.kernel.localtime import format_datetime
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
def when(value: datetime.datetime | None, where: Any = None) -> str:
    """«05.06.2026, 14:30 (Казань, UTC+3)»: stored in UTC, shown on the clocks of ``where`` (a
    region, a site's region or a zone name), Moscow when it is not given."""
    if not value:
        return "—"
    return format_datetime(value, where)


@register.filter
def badge(state: str) -> str:
    return STATE_BADGES.get(state, "text-bg-secondary")


@register.filter
def duration(seconds: Any) -> str:
    return clock(seconds)


@register.filter
def filesize(size: Any) -> str:
    return format_size(int(size or 0))

"""Deadlines as each pilot site sees them: its time zone, its local date, the days left.

A site's zone is its region's (``Region.timezone``), through the kernel's one local-time helper.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from resursnaya_sreda.kernel import localtime


def site_zone(site: object | None = None) -> ZoneInfo:
    """The time zone of a pilot site: its region's; Moscow when there is no site."""
    region = getattr(site, "region", None)
    return localtime.zone_of(region)


def zone_label(zone: ZoneInfo, at: datetime.datetime | None = None) -> str:
    """«Владивосток, UTC+10»."""
    return localtime.zone_label(zone, at)


def days_left(
    deadline: datetime.datetime, zone: ZoneInfo, now: datetime.datetime | None = None
) -> int:
    """Whole days between today and the deadline's day, both in ``zone`` (0 on the last day,
    negative once it has passed)."""
    now = now or timezone.now()
    return (deadline.astimezone(zone).date() - now.astimezone(zone).date()).days


@dataclass(frozen=True)
class SiteDeadline:
    zone: ZoneInfo
    label: str
    local_deadline: datetime.datetime
    days_left: int
    passed: bool


def site_deadline(site: object, deadline: datetime.datetime, now=None) -> SiteDeadline:
    zone = site_zone(site)
    now = now or timezone.now()
    return SiteDeadline(
        zone=zone,
        label=zone_label(zone, deadline),
        local_deadline=deadline.astimezone(zone),
        days_left=days_left(deadline, zone, now),
        passed=now > deadline,
    )


def readiness_status(*, checked: int, target: int, days: int, warning_days: int, passed: bool):
    """(css class, Russian text) for a site against its target as the deadline nears."""
    if checked >= target:
        return "success", _("Цель достигнута")
    if passed:
        return "danger", _("Срок прошёл, цель не достигнута")
    if days <= warning_days:
        return "danger", _("Не хватает заявок, срок близко")
    return "warning", _("Пока не хватает заявок")

"""Times in the local zone of where they happen, with the zone named: ``{% load local_time %}``.

    {% local_datetime event.starts_at event %}            05.06.2026, 10:00 (Владивосток, UTC+10)
    {% local_datetime event.starts_at event moscow=True %}   … · 03:00 МСК (federal lists)
    {% local_time slot_start event %}                      10:00 (Владивосток, UTC+10)
    {% local_span event.starts_at event.ends_at event %}   05.06.2026, 10:00–16:00 (Владивосток, …)
    {% deadline step.ends_on region %}                     до 23:59 31.05.2026 (Москва, UTC+3)
    {{ region|zone_label }}                                Москва, UTC+3
    {{ moment|local_date:event }}                          05.06.2026 (the date on local clocks)

Everything is written by ``resursnaya_sreda.kernel.localtime``; these only call it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import template

from resursnaya_sreda.kernel import localtime

register = template.Library()


@register.simple_tag
def local_datetime(moment: datetime.datetime | None, zone: Any, moscow: bool = False) -> str:
    return localtime.format_datetime(moment, zone, moscow=moscow)


@register.simple_tag
def local_time(moment: datetime.datetime | None, zone: Any, moscow: bool = False) -> str:
    return localtime.format_time(moment, zone, moscow=moscow)


@register.simple_tag
def local_span(
    start: datetime.datetime | None,
    end: datetime.datetime | None,
    zone: Any,
    moscow: bool = False,
) -> str:
    return localtime.format_span(start, end, zone, moscow=moscow)


@register.simple_tag
def deadline(when: Any, zone: Any = None, moscow: bool = False) -> str:
    return localtime.format_deadline(when, zone, moscow=moscow)


@register.filter
def zone_label(zone: Any) -> str:
    return localtime.zone_label(zone)


@register.filter
def local_date(moment: datetime.datetime | None, zone: Any) -> str:
    if moment is None:
        return ""
    return f"{localtime.to_local(moment, zone):%d.%m.%Y}"

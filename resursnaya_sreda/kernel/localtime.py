"""Local time in Russia's eleven time zones: the one place times are converted and written out.

Times are stored in UTC. Each region has an IANA zone (``Region.timezone``, shipped as data);
a time is entered, shown, printed and e-mailed in the zone of the region where it happens,
always with the zone named, and federal lists add Moscow time::

    from resursnaya_sreda.kernel import localtime

    zone = localtime.zone_of(region)                     # ZoneInfo("Asia/Vladivostok")
    starts = localtime.combine(day, datetime.time(10), zone)   # aware, to store
    localtime.format_time(starts, zone)                  # 10:00 (Владивосток, UTC+10)
    localtime.format_datetime(starts, zone)              # 05.06.2026, 10:00 (Владивосток, …)
    localtime.format_datetime(starts, zone, moscow=True) # … · 03:00 МСК
    localtime.format_span(starts, ends, zone)            # 05.06.2026, 10:00–16:00 (…)
    localtime.format_deadline(day, zone)                 # до 23:59 31.05.2026 (Москва, UTC+3)

In templates, ``{% load local_time %}`` gives the same as tags and filters:
``{% local_datetime value zone moscow=True %}``, ``{% local_time value zone %}``,
``{% local_span start end zone %}``, ``{% deadline day zone %}``, ``{{ zone|zone_label }}``.

``zone`` may be a ``ZoneInfo``, an IANA name, or anything with a ``timezone`` attribute (a
region) or ``zone`` attribute (an event); ``None`` means Moscow, the federal centre's time.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MOSCOW_ZONE = "Europe/Moscow"

# The IANA zones used in Russia and the city each is named after, in Russian.
ZONE_CITIES: dict[str, str] = {
    "Europe/Kaliningrad": "Калининград",
    "Europe/Moscow": "Москва",
    "Europe/Simferopol": "Симферополь",
    "Europe/Kirov": "Киров",
    "Europe/Volgograd": "Волгоград",
    "Europe/Astrakhan": "Астрахань",
    "Europe/Samara": "Самара",
    "Europe/Saratov": "Саратов",
    "Europe/Ulyanovsk": "Ульяновск",
    "Asia/Yekaterinburg": "Екатеринбург",
    "Asia/Omsk": "Омск",
    "Asia/Novosibirsk": "Новосибирск",
    "Asia/Barnaul": "Барнаул",
    "Asia/Tomsk": "Томск",
    "Asia/Novokuznetsk": "Новокузнецк",
    "Asia/Krasnoyarsk": "Красноярск",
    "Asia/Irkutsk": "Иркутск",
    "Asia/Chita": "Чита",
    "Asia/Yakutsk": "Якутск",
    "Asia/Khandyga": "Хандыга",
    "Asia/Vladivostok": "Владивосток",
    "Asia/Ust-Nera": "Усть-Нера",
    "Asia/Magadan": "Магадан",
    "Asia/Sakhalin": "Южно-Сахалинск",
    "Asia/Srednekolymsk": "Среднеколымск",
    "Asia/Kamchatka": "Петропавловск-Камчатский",
    "Asia/Anadyr": "Анадырь",
}


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def moscow_zone() -> ZoneInfo:
    return _zone(MOSCOW_ZONE)


def zone_of(value: Any) -> ZoneInfo:
    """The zone of a ``ZoneInfo``, an IANA name, a region (``.timezone``) or an event
    (``.zone``); Moscow for None."""
    if value is None or value == "":
        return moscow_zone()
    if isinstance(value, ZoneInfo):
        return value
    if isinstance(value, str):
        return _zone(value)
    for attribute in ("zone", "timezone"):
        inner = getattr(value, attribute, None)
        if inner is not None and inner is not value:
            return zone_of(inner)
    raise TypeError(f"No time zone in {value!r}")


def validate_zone(value: str) -> None:
    """An IANA zone name this machine knows (for ``Region.timezone``)."""
    try:
        _zone(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("Неизвестный часовой пояс «%(zone)s»: нужно имя из базы IANA, например %(example)s.")
            % {"zone": value, "example": "Asia/Vladivostok"}
        ) from exc


def utc_offset(zone: ZoneInfo, at: datetime.datetime | None = None) -> str:
    """«UTC+10», «UTC+3», «UTC+5:30» at the given instant (now by default)."""
    at = at or datetime.datetime.now(datetime.UTC)
    offset = at.astimezone(zone).utcoffset() or datetime.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(value: Any, at: datetime.datetime | None = None) -> str:
    """«Владивосток, UTC+10»: the zone's city and its offset at that instant."""
    zone = zone_of(value)
    city = ZONE_CITIES.get(zone.key, zone.key)
    return f"{city}, {utc_offset(zone, at)}"


def zone_choices() -> list[tuple[str, str]]:
    """Choices for a zone field: «Владивосток (UTC+10)», west to east."""
    now = datetime.datetime.now(datetime.UTC)
    ordered = sorted(ZONE_CITIES, key=lambda key: now.astimezone(_zone(key)).utcoffset())
    return [(key, f"{ZONE_CITIES[key]} ({utc_offset(_zone(key), now)})") for key in ordered]


def combine(day: datetime.date, time: datetime.time, value: Any) -> datetime.datetime:
    """A wall-clock date and time in the zone, as an aware datetime to store (in UTC)."""
    return datetime.datetime.combine(day, time, tzinfo=zone_of(value))


def to_local(moment: datetime.datetime, value: Any) -> datetime.datetime:
    """The instant on the clocks of the zone."""
    return moment.astimezone(zone_of(value))


def _is_moscow(zone: ZoneInfo, at: datetime.datetime) -> bool:
    return at.astimezone(zone).utcoffset() == at.astimezone(moscow_zone()).utcoffset()


def _moscow_suffix(moment: datetime.datetime, zone: ZoneInfo, *, with_date: bool) -> str:
    """« · 03:00 МСК», with the date when Moscow is on another day; nothing in Moscow time."""
    if _is_moscow(zone, moment):
        return ""
    local, there = to_local(moment, zone), to_local(moment, moscow_zone())
    show_date = with_date and local.date() != there.date()
    text = there.strftime("%d.%m.%Y, %H:%M") if show_date else there.strftime("%H:%M")
    return " · " + _("%(time)s МСК") % {"time": text}


def format_time(moment: datetime.datetime | None, value: Any, *, moscow: bool = False) -> str:
    """«10:00 (Владивосток, UTC+10)»; with ``moscow`` also « · 03:00 МСК»."""
    if moment is None:
        return ""
    zone = zone_of(value)
    local = to_local(moment, zone)
    text = f"{local:%H:%M} ({zone_label(zone, moment)})"
    return text + (_moscow_suffix(moment, zone, with_date=True) if moscow else "")


def format_datetime(moment: datetime.datetime | None, value: Any, *, moscow: bool = False) -> str:
    """«05.06.2026, 10:00 (Владивосток, UTC+10)»; with ``moscow`` also « · 03:00 МСК»."""
    if moment is None:
        return ""
    zone = zone_of(value)
    local = to_local(moment, zone)
    text = f"{local:%d.%m.%Y, %H:%M} ({zone_label(zone, moment)})"
    return text + (_moscow_suffix(moment, zone, with_date=True) if moscow else "")


def format_span(
    start: datetime.datetime | None,
    end: datetime.datetime | None,
    value: Any,
    *,
    moscow: bool = False,
) -> str:
    """«05.06.2026, 10:00–16:00 (Владивосток, UTC+10)», the end's date added if it differs."""
    if start is None:
        return ""
    if end is None:
        return format_datetime(start, value, moscow=moscow)
    zone = zone_of(value)
    first, last = to_local(start, zone), to_local(end, zone)
    until = f"{last:%H:%M}" if last.date() == first.date() else f"{last:%d.%m.%Y, %H:%M}"
    text = f"{first:%d.%m.%Y, %H:%M}–{until} ({zone_label(zone, start)})"
    if moscow and not _is_moscow(zone, start):
        there_start, there_end = to_local(start, moscow_zone()), to_local(end, moscow_zone())
        moscow_text = f"{there_start:%H:%M}–{there_end:%H:%M}"
        if there_start.date() != first.date():
            moscow_text = f"{there_start:%d.%m.%Y}, {moscow_text}"
        text += " · " + _("%(time)s МСК") % {"time": moscow_text}
    return text


def end_of_day(day: datetime.date, value: Any) -> datetime.datetime:
    """The last minute of ``day`` on the zone's clocks: when a deadline of that date ends."""
    return combine(day, datetime.time(23, 59), value)


def format_deadline(
    when: datetime.date | datetime.datetime | None, value: Any, *, moscow: bool = False
) -> str:
    """«до 23:59 31.05.2026 (Москва, UTC+3)»: a deadline says whose clock it means."""
    if when is None:
        return ""
    moment = when if isinstance(when, datetime.datetime) else end_of_day(when, value)
    zone = zone_of(value)
    local = to_local(moment, zone)
    text = _("до %(time)s %(date)s (%(zone)s)") % {
        "time": f"{local:%H:%M}",
        "date": f"{local:%d.%m.%Y}",
        "zone": zone_label(zone, moment),
    }
    return text + (_moscow_suffix(moment, zone, with_date=True) if moscow else "")

"""Reporting periods a federal coordinator freezes most often: the programme so far, the
programme's own quarters (three months from its first day: the 1st quarter of a programme that
began on 16 October runs to 15 January) and calendar quarters (the funder's financial year).
The freeze form offers them beside its own dates; a snapshot whose dates are exactly such a
quarter is named after it."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

ROMAN = ("I", "II", "III", "IV")
PROGRAMME = "programme"


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    starts_on: datetime.date
    ends_on: datetime.date


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` so many months later, on the last day of a shorter month (31.10 + 4 → 28.02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the calendar quarter ``day`` falls in."""
    starts_on = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return starts_on, add_months(starts_on, 3) - datetime.timedelta(days=1)


def programme_quarter(start: datetime.date, number: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the programme's ``number``-th quarter (from 1)."""
    return (
        add_months(start, 3 * (number - 1)),
        add_months(start, 3 * number) - datetime.timedelta(days=1),
    )


def quarter_name(
    starts_on: datetime.date, ends_on: datetime.date, programme_start: datetime.date | None = None
) -> str | None:
    """«1-й квартал программы» or «IV квартал 2026 г.» when the dates are exactly such a
    quarter, else None."""
    if programme_start is not None and starts_on >= programme_start:
        for number in range(1, 41):
            first, last = programme_quarter(programme_start, number)
            if first > starts_on:
                break
            if (first, last) == (starts_on, ends_on):
                return _("%(n)s-й квартал программы") % {"n": number}
    if quarter_of(starts_on) == (starts_on, ends_on):
        return _("%(q)s квартал %(y)s г.") % {
            "q": ROMAN[(starts_on.month - 1) // 3],
            "y": starts_on.year,
        }
    return None


def _span(starts_on: datetime.date, ends_on: datetime.date) -> str:
    return f"{starts_on:%d.%m.%Y}–{ends_on:%d.%m.%Y}"


def presets(
    starts_on: datetime.date | None, ends_on: datetime.date | None, today: datetime.date
) -> list[Period]:
    """The programme so far (to yesterday); then each of the programme's quarters and each
    calendar quarter that has begun by today (or by the programme's end, when that came
    first)."""
    if starts_on is None or ends_on is None or starts_on > today:
        return []
    periods = []
    yesterday = today - datetime.timedelta(days=1)
    if starts_on <= yesterday:
        periods.append(
            Period(
                PROGRAMME,
                _("С начала программы по вчера: %(span)s") % {"span": _span(starts_on, yesterday)},
                starts_on,
                yesterday,
            )
        )
    last = min(today, ends_on)
    number = 1
    first, end = programme_quarter(starts_on, number)
    while first <= last:
        name = quarter_name(first, end, starts_on)
        periods.append(Period(f"p{number}", f"{name}: {_span(first, end)}", first, end))
        number += 1
        first, end = programme_quarter(starts_on, number)
    first, end = quarter_of(starts_on)
    while first <= last:
        name = quarter_name(first, end)
        key = f"{first:%Y}-q{(first.month - 1) // 3 + 1}"
        periods.append(Period(key, f"{name}: {_span(first, end)}", first, end))
        first, end = quarter_of(end + datetime.timedelta(days=1))
    return periods

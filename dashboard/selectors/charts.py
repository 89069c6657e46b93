"""The dashboard's charts from the plan and a few grouped queries: progress per step over
time, attendance by category, registrations before each event, scores, the regions' tiles."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from dashboard import charts
from dashboard.selectors.plan import Plan
from events import selectors as event_selectors
from events.models import EventKind, ParticipantCategory
from practices import selectors as practice_selectors
from resursnaya_sreda.kernel.models import PilotSite, Programme

# The figure each step's line follows on the progress chart.
PROGRESS_KEYS = (
    "best-practices",
    "seminars",
    "pilot-practices",
    "stories-published",
    "contest-entries",
    "round-tables",
    "videobridge",
)
LINE_COLOURS = ("#1f5aa6", "#1e7b34", "#a15c00", "#6f42c1", "#b02a37", "#0f6674", "#495057")


def progress_over_time(plan: Plan, sites: list[PilotSite]) -> charts.Chart:
    """Cumulative counted records per step, day by day across the programme's window; one
    query per line."""
    programme, today = plan.programme, plan.today
    start = min((s.starts_on for s in plan.steps), default=today)
    end = max([s.ends_on for s in plan.steps] + [today])
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    series = []
    by_key = {column.indicator.key: column.indicator for column in plan.columns}
    for index, key in enumerate(k for k in PROGRESS_KEYS if k in by_key):
        indicator = by_key[key]
        per_day = indicator.per_day(programme, sites) if sites else {}
        before = sum(n for day, n in per_day.items() if day < start)
        running, values = before, []
        for day in days:
            running += per_day.get(day, 0)
            values.append(running)
        name = f"{indicator.step}. {indicator.short_title or indicator.title}"
        series.append((name, values, LINE_COLOURS[index % len(LINE_COLOURS)]))
    return charts.lines(
        "progress",
        _("Ход шагов: сколько записей засчитано к каждому дню"),
        _("Накопленные значения главного показателя каждого шага по дням программы."),
        days,
        series,
        today=today,
    )


def attendance(programme: Programme, sites: list[PilotSite]) -> charts.Chart:
    counts = event_selectors.attendance_by_category(programme.pk, [s.pk for s in sites])
    items = []
    for category in ParticipantCategory:
        seminar = counts.get((EventKind.SEMINAR, category.value), 0)
        table = counts.get((EventKind.ROUND_TABLE, category.value), 0)
        if seminar or table:
            items.append((str(category.label), seminar + table, None, "on_track"))
    chart = charts.bars(
        "attendance",
        _("Присутствовали по категориям участников"),
        _("Отмеченные присутствовавшими на семинарах и круглых столах, по категориям."),
        items,
        headers=(_("Категория"), _("Присутствовали"), _("Цель")),
    )
    chart.headers = chart.headers[:2]
    chart.rows = [row[:2] for row in chart.rows]
    return chart


def registrations(programme: Programme, sites: list[PilotSite]) -> charts.Chart:
    events = event_selectors.registrations_per_event(programme.pk, [s.pk for s in sites])
    items = [
        (
            f"{event.date:%d.%m} {event.pilot_site.region.name}",
            event.registered,
            event.min_participants or None,
            "met" if event.registered >= event.min_participants else "behind",
        )
        for event in events
    ]
    return charts.bars(
        "registrations",
        _("Зарегистрировались на последние мероприятия"),
        _("Число зарегистрированных на каждое мероприятие против его минимума участников."),
        items,
        headers=(_("Мероприятие"), _("Зарегистрировано"), _("Минимум")),
    )


def scores(programme: Programme, sites: list[PilotSite]) -> charts.Chart:
    counts = practice_selectors.score_distribution(programme.pk, [s.region_id for s in sites])
    items = [(_("%(n)s балл.") % {"n": value}, n, None, "on_track") for value, n in counts.items()]
    chart = charts.bars(
        "scores",
        _("Распределение баллов экспертов"),
        _("Сколько раз эксперты поставили каждый балл по критериям."),
        items,
        headers=(_("Балл"), _("Оценок"), _("Цель")),
    )
    chart.headers = chart.headers[:2]
    chart.rows = [row[:2] for row in chart.rows]
    return chart


def region_tiles(plan: Plan) -> charts.Chart:
    items: list[tuple[str, str, float, str]] = []
    for site, cells in plan.rows:
        with_target = [c for c in cells if c.target is not None]
        met = sum(1 for c in with_target if c.state == "met")
        share = met / len(with_target) if with_target else 0.0
        states = {c.state for c in with_target}
        state = "failed" if "failed" in states else "behind" if "behind" in states else "met"
        if state == "met" and share < 1:
            state = "on_track"
        items.append((site.region.code, site.region.name, share, state))
    return charts.tiles(
        "regions",
        _("Регионы: доля достигнутых целей"),
        _("Плитка на регион; красная — есть проваленная цель, жёлтая — отставание от графика."),
        items,
    )


def all_charts(plan: Plan) -> list[Any]:
    sites = plan.sites
    return [
        progress_over_time(plan, sites),
        region_tiles(plan),
        attendance(plan.programme, sites),
        registrations(plan.programme, sites),
        scores(plan.programme, sites),
    ]

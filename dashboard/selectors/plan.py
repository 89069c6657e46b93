"""The plan against actual: every indicator × every pilot site the user sees, with colours.

Counting is the indicators' (``resursnaya_sreda.kernel.indicators``): one grouped query per
indicator. Here the figures meet the targets and the steps' windows:

- **green** (``met``): the figure reached the target;
- **amber** (``behind``): the step's window is open and the figure is below the pace the window
  implies by today (target × days passed ÷ days in the window, rounded down);
- **red** (``failed``): the window has closed short of the target, or the target can no longer
  be met: what can still count (the indicator's ``closed`` and ``room``: nothing once the
  videobridge took place; after the contest's deadline only the entries waiting for their
  check) is less than what is still needed;
- otherwise neutral: ``on_track`` (open window, on pace), ``ahead`` (the step has not begun) or
  ``none`` (no target for this figure).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dashboard.selectors.figures import kept_figures
from resursnaya_sreda.kernel.indicators import Indicator, indicators
from resursnaya_sreda.kernel.models import PilotSite, Programme, RoadmapStep

COLOURS = {
    "met": ("success", _("цель достигнута")),
    "behind": ("warning", _("отстаёт от графика")),
    "failed": ("danger", _("срок шага прошёл или цель уже не достижима")),
    "on_track": ("light", _("в графике")),
    "ahead": ("light", _("шаг ещё не начался")),
    "none": ("light", _("без цели")),
}


def expected_by(step: RoadmapStep | None, target: int, today: datetime.date) -> int:
    """What the pace of the step's window asks for by ``today`` (the whole target once closed)."""
    if step is None or today > step.ends_on:
        return target
    if today < step.starts_on:
        return 0
    days = (step.ends_on - step.starts_on).days + 1
    passed = (today - step.starts_on).days + 1
    return math.floor(target * passed / days)


def colour(
    actual: int,
    target: int | None,
    step: RoadmapStep | None,
    today: datetime.date,
    *,
    closed: bool = False,
    room: int | None = None,
) -> str:
    """The cell's state; ``room`` is how many more records can still count (None: no limit),
    ``closed`` the same as a room of 0."""
    if target is None:
        return "none"
    if actual >= target:
        return "met"
    if closed:
        room = 0
    if (room is not None and actual + room < target) or (step is not None and today > step.ends_on):
        return "failed"
    if step is not None and today < step.starts_on:
        return "ahead"
    if actual < expected_by(step, target, today):
        return "behind"
    return "on_track"


@dataclass
class Cell:
    indicator: Indicator
    site: PilotSite | None
    actual: int
    target: int | None
    state: str
    expected: int | None = None
    url: str = ""

    @property
    def css(self) -> str:
        return COLOURS[self.state][0]

    @property
    def state_label(self) -> str:
        return str(COLOURS[self.state][1])


@dataclass
class Column:
    indicator: Indicator
    step: RoadmapStep | None


@dataclass
class Plan:
    programme: Programme
    today: datetime.date
    columns: list[Column]
    rows: list[tuple[PilotSite, list[Cell]]]
    totals: list[Cell]
    targets: Mapping[str, int]
    steps: list[RoadmapStep] = field(default_factory=list)
    computed_at: datetime.datetime | None = None

    @property
    def step_groups(self) -> list[tuple[int, RoadmapStep | None, int]]:
        """``(step number, step, number of columns)`` for the header's first row."""
        groups: list[tuple[int, RoadmapStep | None, int]] = []
        for column in self.columns:
            if groups and groups[-1][0] == column.indicator.step:
                number, step, span = groups[-1]
                groups[-1] = (number, step, span + 1)
            else:
                groups.append((column.indicator.step, column.step, 1))
        return groups

    @property
    def sites(self) -> list[PilotSite]:
        return [site for site, _cells in self.rows]

    def cell(self, key: str, site_pk: int | None) -> Cell | None:
        for index, column in enumerate(self.columns):
            if column.indicator.key == key:
                if site_pk is None:
                    return self.totals[index]
                for site, cells in self.rows:
                    if site.pk == site_pk:
                        return cells[index]
        return None

    def figures(self) -> dict[str, dict[str, int]]:
        """``{indicator key: {site pk as text: figure, "total": figure}}`` — what a snapshot
        stores."""
        result: dict[str, dict[str, int]] = {}
        for index, column in enumerate(self.columns):
            values = {str(site.pk): cells[index].actual for site, cells in self.rows}
            values["total"] = self.totals[index].actual
            result[column.indicator.key] = values
        return result


def programme_targets(programme: Programme) -> dict[str, int]:
    return dict(programme.targets.values_list("code", "value"))


def build_plan(
    programme: Programme,
    sites: list[PilotSite],
    *,
    today: datetime.date,
    counts: Mapping[str, Mapping[int, int]] | None = None,
    all_site_count: int | None = None,
    kept: bool = False,
) -> Plan:
    """The table for ``sites``. ``counts`` (``{key: {site pk: n}}``) replaces counting, for a
    frozen snapshot; otherwise each indicator counts in one query, or, with ``kept``, the
    figures come from the cache when they are there (``figures.kept_figures``)."""
    targets = programme_targets(programme)
    steps = {step.number: step for step in programme.steps.order_by("number")}
    site_count = all_site_count if all_site_count is not None else len(sites)
    columns = [Column(indicator, steps.get(indicator.step)) for indicator in indicators()]
    by_key: dict[str, Mapping[int, int]] = {}
    rooms: dict[str, dict[int, int]] = {}
    computed_at = None
    if kept and counts is None:
        counted, limits, computed_at = kept_figures(programme, sites, today)
        for column in columns:
            by_key[column.indicator.key] = counted.get(column.indicator.key, {})
            rooms[column.indicator.key] = limits.get(column.indicator.key, {})
    for column in columns:
        if column.indicator.key in by_key:
            continue
        key = column.indicator.key
        if counts is not None:
            by_key[key] = counts.get(key, {})
        else:
            by_key[key] = column.indicator.counts(programme, sites) if sites else {}
        rooms[key] = column.indicator.limits(programme, sites) if counts is None else {}
    urls = {c.indicator.key: reverse("dashboard:cell", args=[c.indicator.key]) for c in columns}
    rows = []
    for site in sites:
        cells = []
        for column in columns:
            actual = by_key[column.indicator.key].get(site.pk, 0)
            target = column.indicator.target(targets, site_count)
            cells.append(
                Cell(
                    column.indicator,
                    site,
                    actual,
                    target,
                    colour(
                        actual,
                        target,
                        column.step,
                        today,
                        room=rooms[column.indicator.key].get(site.pk),
                    ),
                    expected=expected_by(column.step, target, today) if target else None,
                    url=f"{urls[column.indicator.key]}?site={site.pk}",
                )
            )
        rows.append((site, cells))
    totals = []
    for index, column in enumerate(columns):
        actual = sum(cells[index].actual for _site, cells in rows)
        site_targets = [cells[index].target for _site, cells in rows]
        if column.indicator.total_target is not None and len(sites) == site_count:
            target = column.indicator.total_target(targets, site_count)
        elif site_targets and all(t is not None for t in site_targets):
            target = sum(site_targets)
        else:
            target = None
        limits = rooms[column.indicator.key]
        room = (
            sum(limits[s.pk] for s in sites)
            if sites and all(s.pk in limits for s in sites)
            else None
        )
        totals.append(
            Cell(
                column.indicator,
                None,
                actual,
                target,
                colour(actual, target, column.step, today, room=room),
                expected=expected_by(column.step, target, today) if target else None,
                url=urls[column.indicator.key],
            )
        )
    return Plan(programme, today, columns, rows, totals, targets, list(steps.values()), computed_at)


def drill_down_queryset(
    indicator: Indicator, programme: Programme, sites: list[PilotSite]
) -> QuerySet:
    """The records a cell counts (or the total row's: every site shown), by number."""
    return indicator.scoped(programme, sites).order_by("pk")


def drill_down_page(
    indicator: Indicator,
    programme: Programme,
    sites: list[PilotSite],
    start: int,
    stop: int | None,
) -> list[Any]:
    """Rows ``start:stop`` of the records (by number), each with its site, link and evidence,
    in one query plus the indicator's prefetches."""
    queryset = drill_down_queryset(indicator, programme, sites)
    if indicator.related:
        queryset = queryset.select_related(*indicator.related)
    if indicator.prefetch:
        queryset = queryset.prefetch_related(*indicator.prefetch)
    return _rows(indicator, sites, queryset[start:stop])


#: How many of the records a cell leaves out its page lists (the newest first).
UNCOUNTED_SHOWN = 50


def uncounted_rows(
    indicator: Indicator, programme: Programme, sites: list[PilotSite]
) -> tuple[int, list[Any]]:
    """The records of the same kind the cell leaves out, with why (the indicator's
    ``uncounted`` and ``why_not``): how many, and the newest ``UNCOUNTED_SHOWN`` of them as
    rows like the counted ones plus ``reason``. Two queries, none for an indicator that names
    no such records."""
    if indicator.uncounted is None:
        return 0, []
    queryset = indicator.uncounted_scoped(programme, sites)
    count = queryset.count()
    if not count:
        return 0, []
    if indicator.related:
        queryset = queryset.select_related(*indicator.related)
    records = queryset.order_by("-pk")[:UNCOUNTED_SHOWN]
    rows = _rows(indicator, sites, records, evidence=False)  # evidence proves counted ones
    for row in rows:
        row["reason"] = indicator.why_not(row["record"])
    return count, rows


def drill_down(indicator: Indicator, programme: Programme, sites: list[PilotSite]) -> list[Any]:
    """Rows for every record a cell counts, in a fixed number of queries."""
    return drill_down_page(indicator, programme, sites, 0, None)


def _rows(
    indicator: Indicator, sites: list[PilotSite], records: Any, *, evidence: bool = True
) -> list[Any]:
    rows: list[Any] = []
    site_by_pk = {s.pk: s for s in sites}
    site_by_region = {s.region_id: s for s in sites}
    for record in records:
        group = _lookup(record, indicator.group_lookup)
        site = site_by_pk.get(group) if indicator.site else site_by_region.get(group)
        rows.append(
            {
                "record": record,
                "site": site,
                "label": indicator.describe(record),
                "url": indicator.link(record),
                "evidence": indicator.evidence(record) if evidence else [],
            }
        )
    return rows


def _lookup(record: Any, path: str) -> Any:
    """Follow ``event__pilot_site_id`` on an instance."""
    value = record
    for part in path.split("__"):
        value = getattr(value, part)
    return value

"""Frozen snapshots read back: their figures, and what today's records add to them."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max, Min

from dashboard.models import Snapshot
from dashboard.periods import Period, presets
from dashboard.selectors.report import added_since, figures_of, report_data
from resursnaya_sreda.kernel.indicators import get_indicator
from resursnaya_sreda.kernel.models import PilotSite, Programme
from resursnaya_sreda.kernel.plural import plural


def freeze_periods(programme: Programme, today: datetime.date) -> list[Period]:
    """The periods the freeze form offers: the programme so far and its quarters to today."""
    span = programme.steps.aggregate(starts_on=Min("starts_on"), ends_on=Max("ends_on"))
    return presets(span["starts_on"], span["ends_on"], today)


def comparison(snapshot: Snapshot) -> dict[str, Any]:
    """Today's data for the snapshot's period and sites against the frozen data: per figure,
    what was added since and what no longer counts, and a sentence saying it."""
    frozen = snapshot.data
    site_ids = [site["id"] for site in frozen["sites"]]
    sites = list(
        PilotSite.objects.filter(pk__in=site_ids).select_related("region").order_by("region__name")
    )
    current = report_data(
        snapshot.programme,
        sites,
        starts_on=snapshot.starts_on,
        ends_on=snapshot.ends_on,
        site=snapshot.pilot_site,
        all_site_count=snapshot.programme.pilot_sites.count(),
    )
    changes = added_since(frozen, current)
    parts = []
    for change in changes:
        indicator = get_indicator(change["key"])
        forms = indicator.noun if indicator else ("запись", "записи", "записей")
        if change["added"]:
            parts.append(plural(len(change["added"]), *forms))
    for change in changes:
        change["added_lines"] = _grouped(change["added"])
        change["removed_lines"] = _grouped(change["removed"])
    frozen_figures = {f["key"]: f for f in figures_of(frozen)}
    rows = [
        {
            "title": f["title"],
            "frozen": frozen_figures[f["key"]]["total"] if f["key"] in frozen_figures else 0,
            "now": f["total"],
        }
        for f in figures_of(current)
    ]
    return {
        "changes": changes,
        "sentence": ", ".join(parts),
        "rows": rows,
    }


def _grouped(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """Identical lines once with their count (41 participants of one seminar are one line)."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["label"]] = counts.get(row["label"], 0) + 1
    return list(counts.items())

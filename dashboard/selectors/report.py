"""The consolidated report's content as plain data (JSON): what a frozen snapshot stores and
what the PDF and the XLSX are rendered from, so a frozen report never reads live records.

``report_data`` gathers it from the records; ``figures_of`` and ``added_since`` read it back.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from contest import selectors as contest_selectors
from dashboard.selectors.plan import colour, programme_targets
from events import selectors as event_selectors
from practices import selectors as practice_selectors
from reports.engine.pdf import data_uri
from resursnaya_sreda.kernel.indicators import indicators
from resursnaya_sreda.kernel.models import PilotSite, Programme
from videos import selectors as video_selectors

#: Registers too long for the PDF's appendix (they are in the XLSX and the site sections).
PDF_REGISTER_SKIP = ("seminar-participants",)


def _iso(day: Any) -> str:
    return day.isoformat() if day else ""


def report_data(
    programme: Programme,
    sites: list[PilotSite],
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    site: PilotSite | None,
    all_site_count: int,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """Everything the report shows for the period, for ``sites``; a fixed number of queries
    (a few per indicator, a few per section), independent of the number of sites.

    The data are as of the period's last day, or of ``today`` (the federal centre's date) while
    that day has not come: a quarter frozen before its end says so, and its colours are
    today's, not those of a day nobody has seen yet."""
    as_of = min(ends_on, today or timezone.localdate())
    targets = programme_targets(programme)
    steps = {step.number: step for step in programme.steps.order_by("number")}
    site_ids = [s.pk for s in sites]
    columns = []
    records: dict[str, list[dict[str, Any]]] = {}
    for number, indicator in enumerate(indicators(), start=1):
        step = steps.get(indicator.step)
        dated = indicator.dated_ids(programme, sites, ends_on) if sites else {}
        labels = _labels(indicator, programme, sites, dated)
        rows = []
        for site_pk, pairs in dated.items():
            for pk, day in pairs:
                rows.append(
                    {"id": pk, "site": site_pk, "date": _iso(day), "label": labels.get(pk, "")}
                )
        rows.sort(key=lambda r: (r["site"], r["date"], r["id"]))
        records[indicator.key] = rows
        per_site_target = indicator.target(targets, all_site_count)
        if indicator.total_target is not None and site is None:
            total_target = indicator.total_target(targets, all_site_count)
        elif per_site_target is not None:
            total_target = per_site_target * len(sites)
        else:
            total_target = None
        columns.append(
            {
                "key": indicator.key,
                "note": number,
                "step": indicator.step,
                "title": str(indicator.title),
                "short": str(indicator.short_title or indicator.title),
                "definition": str(indicator.definition),
                "target": per_site_target,
                "total_target": total_target,
                "window": [_iso(step.starts_on), _iso(step.ends_on)] if step else None,
            }
        )
    data = {
        "programme": programme.title,
        "organiser": programme.organiser,
        "site": site.region.name if site else "",
        "starts_on": starts_on.isoformat(),
        "ends_on": ends_on.isoformat(),
        "as_of": as_of.isoformat(),
        "sites": [{"id": s.pk, "name": s.region.name, "code": s.region.code} for s in sites],
        "steps": [
            {
                "number": s.number,
                "title": s.title,
                "starts_on": _iso(s.starts_on),
                "ends_on": _iso(s.ends_on),
            }
            for s in steps.values()
        ],
        "columns": columns,
        "records": records,
        "events": event_selectors.report_events(programme.pk, site_ids, starts_on, ends_on),
        "practices": practice_selectors.report_practices(
            programme.pk, [s.region_id for s in sites]
        ),
        "stories": video_selectors.report_stories(programme.pk, site_ids),
        "entries": contest_selectors.report_entries(programme.pk, site_ids),
    }
    data["photos"] = _photos(programme, site_ids, starts_on, ends_on)
    region_site = {s.region_id: s.pk for s in sites}
    for practice in data["practices"]:
        practice["site"] = region_site.get(practice.pop("region"))
    return data


def _labels(indicator: Any, programme: Programme, sites: list[PilotSite], dated: dict) -> dict:
    ids = [pk for pairs in dated.values() for pk, _day in pairs]
    if not ids:
        return {}
    queryset = indicator.scoped(programme, sites).filter(pk__in=ids)
    if indicator.related:
        queryset = queryset.select_related(*indicator.related)
    return {record.pk: str(indicator.describe(record)) for record in queryset}


def as_of(data: dict[str, Any]) -> datetime.date:
    """The day the report's data are as of (a snapshot frozen before this date was stored
    has only its period's last day)."""
    return datetime.date.fromisoformat(data.get("as_of") or data["ends_on"])


def figures_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Per indicator: per site and in total, the figure for the period and the running total
    by its end, against the target, with the colour on the day the data are as of."""
    ends_on = as_of(data)
    starts_on = data["starts_on"]
    result = []
    for column in data["columns"]:
        window = column["window"]
        step = _Window(*window) if window else None
        per_site = []
        for site in data["sites"]:
            rows = [r for r in data["records"][column["key"]] if r["site"] == site["id"]]
            total = len(rows)
            period = sum(1 for r in rows if r["date"] >= starts_on)
            per_site.append(
                {
                    "site": site["name"],
                    "site_id": site["id"],
                    "period": period,
                    "total": total,
                    "target": column["target"],
                    "state": colour(total, column["target"], step, ends_on),
                }
            )
        total = sum(p["total"] for p in per_site)
        result.append(
            {
                **column,
                "sites": per_site,
                "period": sum(p["period"] for p in per_site),
                "total": total,
                "state": colour(total, column["total_target"], step, ends_on),
            }
        )
    return result


class _Window:
    """A step's window read back from the data, with the two dates ``colour`` reads."""

    def __init__(self, starts_on: str, ends_on: str) -> None:
        self.starts_on = datetime.date.fromisoformat(starts_on)
        self.ends_on = datetime.date.fromisoformat(ends_on)


def added_since(frozen: dict[str, Any], current: dict[str, Any]) -> list[dict[str, Any]]:
    """What the records say now that the frozen snapshot did not count (and what it counted
    that no longer counts), per indicator."""
    changes = []
    for column in current["columns"]:
        key = column["key"]
        before = {r["id"]: r for r in frozen["records"].get(key, [])}
        now = {r["id"]: r for r in current["records"].get(key, [])}
        added = [now[pk] for pk in sorted(set(now) - set(before))]
        removed = [before[pk] for pk in sorted(set(before) - set(now))]
        if added or removed:
            changes.append(
                {
                    "key": key,
                    "title": column["title"],
                    "short": column["short"],
                    "added": added,
                    "removed": removed,
                }
            )
    return changes


def _photos(programme: Programme, site_ids: list[int], starts_on: Any, ends_on: Any) -> list:
    """A few consented photos per site, inlined (private files have no URL): the thumbnail the
    upload made, so a frozen report keeps them small."""
    found = []
    for photo in event_selectors.report_photos(programme.pk, site_ids, starts_on, ends_on):
        stored = photo.thumbnail if photo.thumbnail else photo.file
        try:
            with stored.open("rb") as handle:
                src = data_uri(handle, stored.name)
        except OSError:
            continue  # a file lost from storage is left out, not a failed report
        found.append(
            {
                "site": photo.event.pilot_site_id,
                "caption": photo.caption or photo.event.heading,
                "src": src,
            }
        )
    return found

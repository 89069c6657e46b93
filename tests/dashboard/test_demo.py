"""The dashboard's demo: some sites ahead, one red cell, a frozen first-period report, and a
seminar accepted after it, so the comparison has something to say; run twice, nothing doubles."""

from __future__ import annotations

import pytest
from django.utils import timezone

from dashboard import demo
from dashboard.models import Snapshot, SnapshotState, TaskMark
from dashboard.selectors import build_plan, comparison, drill_down
from events import demo as events_demo
from practices import demo as practices_demo
from resursnaya_sreda.kernel import demo as kernel_demo
from resursnaya_sreda.kernel.indicators import get_indicator

pytestmark = pytest.mark.django_db


def test_demo_tells_the_story_and_is_idempotent(mailoutbox):
    programme = kernel_demo.populate().programme
    practices_demo.populate(programme)
    events_demo.populate(programme)
    demo.populate(programme)
    sites = list(programme.pilot_sites.select_related("region").order_by("region__name"))
    plan = build_plan(programme, sites, today=timezone.localdate())
    cells = {(site, c.indicator.key): c for site, row in plan.rows for c in row}
    states = {cell.state for cell in cells.values()}
    assert {"met", "behind", "failed"} <= states  # green, amber and red on the same page
    # Sites ahead: round tables held before step 6 has begun.
    assert programme.steps.get(number=6).starts_on > timezone.localdate()
    assert any(cells[site, "round-tables"].state == "met" for site in sites)
    # One red cell: step 2's, closed yesterday, at the last site, which held one seminar that
    # counts (large enough for the participants' target) while its other report is on review.
    red = [(s, key, c.actual) for (s, key), c in cells.items() if c.state == "failed"]
    assert red == [(sites[-1], "seminars", 1)]
    assert cells[sites[-1], "seminar-participants"].state == "met"
    assert [cells[site, "seminars"].state for site in sites[:-1]] == ["met"] * (len(sites) - 1)
    # The red cell opens to its one record, with its sheet scan.
    rows = drill_down(get_indicator("seminars"), programme, [sites[-1]])
    assert len(rows) == 1
    assert any(label.startswith("Скан листа") for label, _url in rows[0]["evidence"])
    snapshot = Snapshot.objects.get()
    assert snapshot.state == SnapshotState.READY and snapshot.pdf_sha256
    assert comparison(snapshot)["sentence"].startswith("1 семинар")
    assert TaskMark.objects.count() == 2
    kernel_demo.populate()  # the kernel puts the seed's dates back, the dashboard closes again
    demo.populate(programme)
    assert programme.steps.get(number=demo.CLOSED_STEP).ends_on < timezone.localdate()
    assert Snapshot.objects.count() == 1
    assert TaskMark.objects.count() == 2

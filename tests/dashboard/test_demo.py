"""The dashboard's demo: some sites ahead, one red cell, a frozen first-period report, and a
seminar accepted after it, so the comparison has something to say; run twice, nothing doubles."""

from __future__ import annotations

import pytest
from django.utils import timezone

from dashboard import demo
from dashboard.models import Snapshot, SnapshotState, TaskMark
from dashboard.selectors import build_plan, comparison
from events import demo as events_demo
from practices import demo as practices_demo
from resursnaya_sreda.kernel import demo as kernel_demo

pytestmark = pytest.mark.django_db


def test_demo_tells_the_story_and_is_idempotent(mailoutbox):
    programme = kernel_demo.populate().programme
    practices_demo.populate(programme)
    events_demo.populate(programme)
    demo.populate(programme)
    sites = list(programme.pilot_sites.select_related("region").order_by("region__name"))
    plan = build_plan(programme, sites, today=timezone.localdate())
    seminars = [
        cells[[c.indicator.key for c in cells].index("seminars")] for _s, cells in plan.rows
    ]
    assert any(c.state == "met" for c in seminars)  # some sites are ahead
    assert any(c.actual == 0 for c in seminars)  # some are behind
    states = {cell.state for _site, cells in plan.rows for cell in cells}
    assert {"met", "behind", "failed"} <= states  # green, amber and red on the same page
    # One red cell: step 3's, closed yesterday, at the last site, which had one practice to
    # choose and waits for its confirmation; every other site chose and supported two.
    red = [(s, c) for s, cells in plan.rows for c in cells if c.state == "failed"]
    assert [(s, c.indicator.key, c.actual) for s, c in red] == [(sites[-1], "pilot-practices", 0)]
    practices = [
        c for _s, cells in plan.rows for c in cells if c.indicator.key == "pilot-practices"
    ]
    assert [c.state for c in practices] == ["met"] * (len(sites) - 1) + ["failed"]
    snapshot = Snapshot.objects.get()
    assert snapshot.state == SnapshotState.READY and snapshot.pdf_sha256
    assert comparison(snapshot)["sentence"].startswith("1 семинар")
    assert TaskMark.objects.count() == 2
    kernel_demo.populate()  # the kernel puts the seed's dates back, the dashboard closes again
    demo.populate(programme)
    assert programme.steps.get(number=demo.CLOSED_STEP).ends_on < timezone.localdate()
    assert Snapshot.objects.count() == 1
    assert TaskMark.objects.count() == 2

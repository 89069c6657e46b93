"""Who may open the federal view: every role × every page; another site's records are 404."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

PAGES = [
    ("dashboard:plan", (), {}),
    ("dashboard:cell", ("seminars",), {}),
    ("dashboard:schedule", (), {}),
    ("dashboard:charts", (), {}),
    ("dashboard:snapshots", (), {}),
]


@pytest.mark.parametrize("name, args, query", PAGES)
@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 302),
        ("applicant", 403),
        ("expert", 403),
        ("regional_a", 200),
        ("federal", 200),
    ],
)
def test_matrix(request, roadmap, site_a, site_b, login, client, name, args, query, role, status):
    user = request.getfixturevalue(role)
    if role != "anonymous":
        client = login(user)
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 302),
        ("applicant", 403),
        ("expert", 403),
        ("regional_a", 403),
        ("federal", 302),
    ],
)
def test_only_federal_coordinators_freeze_and_mark_tasks(
    request, roadmap, site_a, login, client, role, status
):
    from resursnaya_sreda.kernel.models import RoadmapTask

    user = request.getfixturevalue(role)
    if role != "anonymous":
        client = login(user)
    response = client.post(
        reverse("dashboard:freeze"), {"starts_on": "2026-01-01", "ends_on": "2026-03-31"}
    )
    assert response.status_code == status
    task = RoadmapTask.objects.filter(step__programme=roadmap).first()
    response = client.post(reverse("dashboard:task-mark", args=[task.pk]), {"note": "Сделано."})
    assert response.status_code == status


@pytest.mark.parametrize(
    "role, status",
    [
        ("federal", 200),
        ("regional_a", 200),
        ("regional_b", 404),
        ("expert", 403),
        ("applicant", 403),
    ],
)
def test_snapshot_pages_by_role(request, roadmap, site_a, site_b, federal, login, role, status):
    from dashboard import services

    snapshot = services.snapshot_freeze(
        by=federal,
        programme=roadmap,
        site=site_a,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 3, 31),
    )
    services.snapshot_gather(snapshot_id=snapshot.pk)  # the worker's first step
    client = login(request.getfixturevalue(role))
    for name in ("dashboard:snapshot", "dashboard:compare"):
        assert client.get(reverse(name, args=[snapshot.pk])).status_code == status

"""Which pilot sites the federal view shows: regional staff their own, federal coordinators
every site of the programme; a cell of another region's site (``?site=<pk>``) is a 404, and so
is a frozen report of it. Each read is one query however it is used."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.urls import reverse

from dashboard import permissions as policy
from dashboard import services
from tests.dashboard import factories as make
from tests.factories import PilotSiteFactory, ProgrammeFactory, region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "site", "status"),
    [
        ("federal", "site_a", 200),
        ("federal", "site_b", 200),
        ("regional_a", "site_a", 200),
        ("regional_a", "site_b", 404),
        ("regional_b", "site_a", 404),
    ],
)
def test_a_sites_cell_by_role(request, login, roadmap, site_a, site_b, role, site, status):
    chosen = request.getfixturevalue(site)
    make.event(chosen, attended=15)
    response = login(request.getfixturevalue(role)).get(
        reverse("dashboard:cell", args=["seminars"]), {"site": chosen.pk}
    )
    assert response.status_code == status
    if status == 200:
        assert response.context["site"] == chosen
        assert len(response.context["records"]) == 1


def test_a_site_that_is_not_the_programmes_is_a_404(login, federal, roadmap, site_a):
    response = login(federal).get(
        reverse("dashboard:cell", args=["seminars"]), {"site": site_a.pk + 1000}
    )
    assert response.status_code == 404


def test_the_sites_each_role_sees(roadmap, site_a, site_b, regional_a, regional_b, federal):
    PilotSiteFactory(programme=ProgrammeFactory(year=2019), region=region("16"))
    assert policy.visible_sites(regional_a, roadmap) == [site_a]
    assert policy.visible_sites(regional_b, roadmap) == [site_b]
    # Another programme's site is not this programme's column; Dagestan before Tatarstan.
    assert policy.visible_sites(federal, roadmap) == [site_b, site_a]


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("regional_a", ["Республика Татарстан"], ["Республика Дагестан"]),
        ("federal", ["Республика Татарстан", "Республика Дагестан"], []),
    ],
)
def test_the_plan_has_a_row_per_visible_site(
    request, login, roadmap, site_a, site_b, role, shown, hidden
):
    page = login(request.getfixturevalue(role)).get(reverse("dashboard:plan")).content.decode()
    for name in shown:
        assert name in page
    for name in hidden:
        assert name not in page


def test_site_lists_are_one_query(roadmap, site_a, site_b, federal, django_assert_num_queries):
    policy.require_dashboard(federal)  # the roles are read once per request
    with django_assert_num_queries(1):
        assert all(site.region.name for site in policy.visible_sites(federal, roadmap))


def test_frozen_reports_by_role(roadmap, site_a, site_b, federal, regional_a, regional_b):
    dates = {"starts_on": datetime.date(2026, 1, 1), "ends_on": datetime.date(2026, 3, 31)}
    frozen = {
        site: services.snapshot_freeze(by=federal, programme=roadmap, site=site, **dates)
        for site in (site_a, site_b)
    }
    assert list(policy.snapshots_visible_to(regional_a)) == [frozen[site_a]]
    assert set(policy.snapshots_visible_to(federal)) == set(frozen.values())
    assert policy.get_snapshot_for_user(regional_b, frozen[site_b].pk) == frozen[site_b]
    with pytest.raises(Http404):
        policy.get_snapshot_for_user(regional_b, frozen[site_a].pk)


def test_a_frozen_report_is_one_query(roadmap, site_a, federal, django_assert_num_queries):
    dates = {"starts_on": datetime.date(2026, 1, 1), "ends_on": datetime.date(2026, 3, 31)}
    frozen = services.snapshot_freeze(by=federal, programme=roadmap, site=site_a, **dates)
    policy.require_dashboard(federal)
    with django_assert_num_queries(1):
        snapshot = policy.get_snapshot_for_user(federal, frozen.pk)
        assert snapshot.pilot_site.region.name and snapshot.frozen_by.email

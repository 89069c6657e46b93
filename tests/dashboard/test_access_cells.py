"""A cell of the plan for one pilot site (``?site=<pk>``): another region's site is a 404 for
regional staff, and no site at all is a 404 for anyone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.dashboard import factories as make

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

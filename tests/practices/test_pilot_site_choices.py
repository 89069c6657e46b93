"""Step 3: the practice a site proposes is a search served by the site's endpoint, scoped as the
page (its region's submitted questionnaires; another region's site is a 404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from practices.models import PilotPractice, QuestionnaireState
from tests.factories import OrganisationFactory, region
from tests.practices.test_pilot_sites_views import site_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def tatarstan(make_questionnaire):
    return [
        make_questionnaire(
            OrganisationFactory(region=region("16")),
            state=QuestionnaireState.SUBMITTED,
            title=f"Татарская практика {i}",
        )
        for i in range(3)
    ]


@pytest.fixture
def dagestan(make_questionnaire):
    return make_questionnaire(
        OrganisationFactory(region=region("05")),
        state=QuestionnaireState.SUBMITTED,
        title="Татарская практика в Дагестане",
    )


def choices(site) -> str:
    return reverse("practices:pilot-site-choices", args=[site.pk])


# role -> status of site A's endpoint
MATRIX = {
    "federal": 200,
    "regional_a": 200,
    "regional_b": 404,
    "expert": 404,
    "applicant": 404,
    None: 403,
}


@pytest.mark.parametrize("role", MATRIX)
def test_who_may_search_a_sites_questionnaires(request, login, site_a, site_b, role):
    client = login(request.getfixturevalue(role) if role else None)
    assert client.get(choices(site_a)).status_code == MATRIX[role]


@pytest.mark.parametrize("role", ["federal", "regional_a"])
def test_another_regions_questionnaires_are_never_offered(
    request,
    login,
    site_a,
    tatarstan,
    dagestan,
    role,
):
    client = login(request.getfixturevalue(role))
    found = client.get(choices(site_a), {"q": "татарская практика"}).json()["results"]
    assert {item["id"] for item in found} == {str(q.pk) for q in tatarstan}


def test_the_page_holds_a_search_not_every_questionnaire(
    login,
    regional_a,
    site_a,
    tatarstan,
):
    html = login(regional_a).get(site_url(site_a)).content.decode()
    assert choices(site_a) in html and tatarstan[1].title not in html


def test_a_questionnaire_is_proposed_by_its_number_without_javascript(
    login,
    regional_a,
    site_a,
    tatarstan,
):
    response = login(regional_a).post(
        site_url(site_a), {"questionnaire": "", "questionnaire__search": str(tatarstan[1].pk)}
    )
    assert response.status_code == 302
    assert PilotPractice.objects.get().questionnaire == tatarstan[1]


def test_another_regions_questionnaire_cannot_be_typed_in(login, regional_a, site_a, dagestan):
    response = login(regional_a).post(
        site_url(site_a), {"questionnaire": "", "questionnaire__search": dagestan.title}
    )
    assert "ничего не найдено" in response.content.decode()
    assert not PilotPractice.objects.exists()

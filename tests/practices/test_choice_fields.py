"""Choices among growing records on the questionnaire pages: the questionnaire of a document,
the municipality of the register and of the staff list, searched as one types and scoped
like the page; another region's records are never returned."""

from __future__ import annotations

import pytest

from practices.models import QuestionnaireState
from tests.factories import MunicipalityFactory, region

pytestmark = pytest.mark.django_db

QUESTIONNAIRE = "/reports/choices/practices-questionnaire/questionnaire/"
REGISTER_TOWN = "/reports/choices/practices-register/municipality/"


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def towns(db):
    return {
        "a": MunicipalityFactory(region=region("16"), name="Казань"),
        "b": MunicipalityFactory(region=region("05"), name="Каспийск"),
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("regional_a", {"a"}),
        ("regional_b", {"b"}),
        ("federal", {"a", "b"}),
        ("applicant", {"a"}),
        ("applicant_b", {"b"}),
    ],
)
def test_questionnaire_choices_are_what_the_user_may_print(
    request, login, submitted_a, submitted_b, who, expected
):
    found = ids(login(request.getfixturevalue(who)).get(QUESTIONNAIRE, {"q": ""}))
    chosen = {"a": submitted_a, "b": submitted_b}
    assert found == {str(chosen[key].pk) for key in expected}


def test_questionnaire_choices_find_a_number(login, federal, submitted_a, submitted_b):
    found = ids(login(federal).get(QUESTIONNAIRE, {"q": str(submitted_b.pk)}))
    assert str(submitted_b.pk) in found


@pytest.mark.parametrize("who", ["anonymous", "expert"])
def test_questionnaire_choices_refused(request, login, submitted_a, who):
    response = login(request.getfixturevalue(who)).get(QUESTIONNAIRE, {"q": ""})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("who", "params", "expected"),
    [
        ("regional_a", {}, {"a"}),
        ("regional_a", {"region": "05"}, set()),
        ("regional_b", {}, {"b"}),
        ("federal", {}, {"a", "b"}),
        ("federal", {"region": "05"}, {"b"}),
    ],
)
def test_register_municipalities_follow_region_and_role(
    request, login, towns, site_a, site_b, who, params, expected
):
    params = {**params}
    if "region" in params:
        params["region"] = region(params["region"]).pk
    found = ids(login(request.getfixturevalue(who)).get(REGISTER_TOWN, {"q": "ка", **params}))
    assert found == {str(towns[key].pk) for key in expected}


def test_questionnaire_order_form_opens_with_the_record_chosen(login, federal, submitted_a):
    html = (
        login(federal)
        .get(f"/reports/?kind=practices-questionnaire&questionnaire={submitted_a.pk}")
        .content.decode()
    )
    assert f'name="questionnaire" value="{submitted_a.pk}"' in html
    assert "<option" not in html.split('name="questionnaire"')[1].split("</div>")[0]


def test_staff_page_links_to_the_questionnaire_document(login, regional_a, submitted_a):
    html = login(regional_a).get(f"/practices/questionnaires/{submitted_a.pk}/").content.decode()
    assert f"/reports/?kind=practices-questionnaire&amp;questionnaire={submitted_a.pk}" in html


def test_federal_list_municipality_filter_is_searched_not_listed(
    login,
    federal,
    make_questionnaire,
    organisation_b,
    applicant_organisation,
    towns,
    site_a,
    site_b,
):
    for n in range(40):
        MunicipalityFactory(region=region("16"), name=f"Посёлок {n}")
    in_kazan = make_questionnaire(
        applicant_organisation, state=QuestionnaireState.SUBMITTED, municipality=towns["a"]
    )
    elsewhere = make_questionnaire(organisation_b, state=QuestionnaireState.SUBMITTED)
    client = login(federal)
    html = client.get("/practices/review/").content.decode()
    assert "Посёлок" not in html
    assert 'data-url="/autocomplete/municipalities/staff/"' in html
    assert '"region": "region"' in html.replace("&quot;", '"')
    page = client.get("/practices/review/", {"municipality": towns["a"].pk})
    shown = {q.pk for q in page.context["questionnaires"]}
    assert shown == {in_kazan.pk}
    # Without JavaScript: the typed name is found on the server and kept in the field.
    typed = client.get("/practices/review/", {"municipality__search": "казань"})
    assert {q.pk for q in typed.context["questionnaires"]} == {in_kazan.pk}
    assert 'value="Казань (' in typed.content.decode()
    assert elsewhere.pk not in shown


def test_regional_list_never_finds_another_regions_municipality(
    login, regional_a, submitted_a, towns
):
    page = login(regional_a).get("/practices/review/", {"municipality__search": "каспийск"})
    assert page.context["form"].errors["municipality"] == [
        "По запросу «каспийск» ничего не найдено. Проверьте написание."
    ]

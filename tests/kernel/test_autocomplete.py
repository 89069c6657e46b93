"""Search-as-you-type choices: the endpoints' scoping as a matrix, search, paging, resolving."""

from __future__ import annotations

import pytest

from resursnaya_sreda.kernel.autocomplete import Lookup
from resursnaya_sreda.kernel.models import Municipality, Organisation
from tests.factories import MunicipalityFactory, OrganisationFactory, region

pytestmark = pytest.mark.django_db

STAFF_MUNICIPALITIES = "/autocomplete/municipalities/staff/"
MUNICIPALITIES = "/autocomplete/municipalities/"
ORGANISATIONS = "/autocomplete/organisations/"
PILOT_SITES = "/autocomplete/pilot-sites/"
REGIONS = "/autocomplete/regions/"


@pytest.fixture
def towns(db):
    """Two municipalities in Tatarstan (site A's region), one in Dagestan (site B's)."""
    return {
        "kazan": MunicipalityFactory(region=region("16"), name="Казань"),
        "kazan_district": MunicipalityFactory(region=region("16"), name="Казанский район"),
        "derbent": MunicipalityFactory(region=region("05"), name="Дербент"),
    }


@pytest.fixture
def organisations(applicant_organisation):
    return {
        "own": applicant_organisation,
        "tatarstan": OrganisationFactory(name="Дом дружбы Казани", region=region("16")),
        "dagestan": OrganisationFactory(name="Дом дружбы Дербента", region=region("05")),
    }


def _texts(response) -> list[str]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return [item["text"] for item in response.json()["results"]]


@pytest.fixture
def as_role(request, login):
    def _as(role: str):
        user = request.getfixturevalue(role)
        return login(user)

    return _as


# --- Scoping matrices ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "federal",
            [
                "Дербент (Республика Дагестан)",
                "Казанский район (Республика Татарстан)",
                "Казань (Республика Татарстан)",
            ],
        ),
        ("regional_a", ["Казанский район (Республика Татарстан)", "Казань (Республика Татарстан)"]),
        ("regional_b", ["Дербент (Республика Дагестан)"]),
    ],
)
def test_staff_municipalities_are_those_of_the_regions_one_works_in(
    as_role, role, expected, towns, site_a, site_b
):
    assert sorted(_texts(as_role(role).get(STAFF_MUNICIPALITIES))) == sorted(expected)


@pytest.mark.parametrize("role", ["regional_a"])
def test_asking_for_another_regions_municipalities_returns_none_of_them(
    as_role, role, towns, site_a, site_b
):
    dagestan = region("05").pk
    assert _texts(as_role(role).get(STAFF_MUNICIPALITIES, {"region": dagestan})) == []
    assert _texts(as_role(role).get(STAFF_MUNICIPALITIES, {"q": "Дербент"})) == []


@pytest.mark.parametrize("role", ["expert", "applicant", "anonymous"])
def test_staff_municipalities_are_refused_to_everyone_else(as_role, role, towns):
    response = as_role(role).get(STAFF_MUNICIPALITIES)
    assert response.status_code == 403
    assert "results" not in response.json()


@pytest.mark.parametrize(
    ("role", "regions"),
    [("federal", {"16", "05"}), ("regional_a", {"16"}), ("regional_b", {"05"})],
)
def test_staff_find_the_organisations_of_their_regions(
    as_role, role, regions, organisations, site_a, site_b
):
    found = {item["id"] for item in as_role(role).get(ORGANISATIONS).json()["results"]}
    expected = Organisation.objects.filter(region__code__in=regions)
    assert found == {str(pk) for pk in expected.values_list("pk", flat=True)}
    assert (str(organisations["dagestan"].pk) in found) == ("05" in regions)
    assert (str(organisations["tatarstan"].pk) in found) == ("16" in regions)


def test_an_applicant_finds_only_their_own_organisations(as_role, organisations, site_a):
    found = [item["id"] for item in as_role("applicant").get(ORGANISATIONS).json()["results"]]
    assert found == [str(organisations["own"].pk)]


@pytest.mark.parametrize("role", ["expert", "anonymous"])
def test_organisations_are_refused_to_experts_and_the_public(as_role, role, organisations):
    assert as_role(role).get(ORGANISATIONS).status_code == 403


@pytest.mark.parametrize(
    ("role", "expected"),
    [("federal", {"16", "05"}), ("regional_a", {"16"}), ("regional_b", {"05"})],
)
def test_pilot_sites_are_scoped_to_the_sites_one_manages(as_role, role, expected, site_a, site_b):
    found = as_role(role).get(PILOT_SITES).json()["results"]
    assert {text.split(" — ")[0] for text in (item["text"] for item in found)} == {
        region(code).name for code in expected
    }


@pytest.mark.parametrize("role", ["expert", "applicant", "anonymous"])
def test_pilot_sites_are_refused_to_everyone_else(as_role, role, site_a):
    assert as_role(role).get(PILOT_SITES).status_code == 403


@pytest.mark.parametrize("role", ["anonymous", "applicant", "regional_b"])
def test_public_reference_lists_answer_everyone(as_role, role, towns, site_b):
    client = as_role(role)
    assert _texts(client.get(MUNICIPALITIES, {"q": "дербент"})) == ["Дербент (Республика Дагестан)"]
    assert _texts(client.get(REGIONS, {"q": "татар"})) == ["Республика Татарстан"]


# --- Search, dependent filters, paging ----------------------------------------------------
def test_search_ignores_case_in_cyrillic_and_puts_names_starting_with_it_first(client, towns):
    MunicipalityFactory(region=region("16"), name="Верхний Услон (близ Казани)")
    texts = _texts(client.get(MUNICIPALITIES, {"q": "КАЗАН"}))
    assert texts[:2] == ["Казанский район (Республика Татарстан)", "Казань (Республика Татарстан)"]
    assert texts[2] == "Верхний Услон (близ Казани) (Республика Татарстан)"


def test_every_word_must_match_somewhere(client, towns):
    assert _texts(client.get(MUNICIPALITIES, {"q": "казан район"})) == [
        "Казанский район (Республика Татарстан)"
    ]


def test_the_municipality_list_follows_the_chosen_region(client, towns):
    tatarstan = region("16").pk
    texts = _texts(client.get(MUNICIPALITIES, {"region": tatarstan}))
    assert texts == ["Казанский район (Республика Татарстан)", "Казань (Республика Татарстан)"]
    assert _texts(client.get(MUNICIPALITIES, {"region": "not-a-number"})) == []


def test_pages_are_limited_and_say_when_more_exist(client):
    Municipality.objects.bulk_create(
        Municipality(region=region("16"), name=f"Посёлок {n:02d}") for n in range(30)
    )
    first = client.get(MUNICIPALITIES, {"q": "посёлок", "limit": 12}).json()
    assert len(first["results"]) == 12 and first["more"] is True
    third = client.get(MUNICIPALITIES, {"q": "посёлок", "limit": 12, "page": 3}).json()
    assert [item["text"][:10] for item in third["results"]] == [
        f"Посёлок {n:02d}" for n in range(24, 30)
    ]
    assert third["more"] is False
    capped = client.get(MUNICIPALITIES, {"q": "посёлок", "limit": 10_000}).json()
    assert len(capped["results"]) == 30  # under the 50 cap: all of them
    assert client.get(MUNICIPALITIES, {"limit": "x"}).status_code == 200


def test_the_query_count_does_not_grow_with_the_records(client, django_assert_num_queries):
    Municipality.objects.bulk_create(
        Municipality(region=region("16"), name=f"Село {n}") for n in range(60)
    )
    with django_assert_num_queries(1):
        assert len(_texts(client.get(MUNICIPALITIES, {"q": "село"}))) == 20


# --- Resolving typed text (the server side of the no-JavaScript fallback) -----------------
LOOKUP = Lookup(search_fields=("name",), filters={"region": "region_id"})


def test_resolve_takes_the_only_match(towns):
    match, candidates, more = LOOKUP.resolve(Municipality.objects.all(), "дербен")
    assert match == towns["derbent"] and not more


def test_resolve_prefers_the_record_named_exactly_among_several(towns):
    MunicipalityFactory(region=region("16"), name="Казань-Пригородная")
    match, candidates, _more = LOOKUP.resolve(Municipality.objects.all(), "  казань ")
    assert match == towns["kazan"]
    assert len(candidates) == 2


def test_resolve_offers_candidates_when_the_text_names_several(towns):
    match, candidates, _more = LOOKUP.resolve(Municipality.objects.all(), "каз")
    assert match is None
    assert set(candidates) == {towns["kazan"], towns["kazan_district"]}


def test_resolve_respects_the_dependent_filter(towns):
    dagestan = {"region": str(region("05").pk)}
    assert LOOKUP.resolve(Municipality.objects.all(), "Казань", dagestan)[0] is None


def test_resolve_finds_a_record_by_its_number_when_allowed(towns):
    by_number = Lookup(search_fields=("name",), search_pk=True)
    pk = towns["kazan"].pk
    assert by_number.resolve(Municipality.objects.all(), f"№ {pk}")[0] == towns["kazan"]

"""Choices among growing records on the event pages are search-as-you-type fields scoped like
the page: the seminar's practice, the municipality and the registration sheet's event.
Another region's records are never returned."""

from __future__ import annotations

import pytest

from events.models import EventKind
from tests.events.factories import best_practice
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

PRACTICES = "/events/manage/choices/practices/"
SHEET = "/reports/choices/events-sheet/event/"


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def practices(site_a, site_b):
    return {
        "a": best_practice(site_a, title="Школа диалога Казани"),
        "b": best_practice(site_b, title="Школа диалога Махачкалы"),
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [("regional_a", {"a"}), ("regional_b", {"b"}), ("federal", {"a", "b"})],
)
def test_practice_choices_follow_the_staff_members_sites(request, login, practices, who, expected):
    client = login(request.getfixturevalue(who))
    found = ids(client.get(PRACTICES, {"q": "школа диалога"}))
    assert found == {str(practices[key].pk) for key in expected}


@pytest.mark.parametrize("who", ["anonymous", "applicant", "expert"])
def test_practice_choices_refuse_who_cannot_create_events(request, login, practices, who):
    response = login(request.getfixturevalue(who)).get(PRACTICES, {"q": "школа"})
    assert response.status_code == 403
    assert "results" not in response.json()


def test_federal_practice_choices_narrow_to_the_chosen_site(login, federal, practices, site_b):
    found = ids(login(federal).get(PRACTICES, {"q": "школа", "pilot_site": site_b.pk}))
    assert found == {str(practices["b"].pk)}


def test_municipality_choices_follow_the_chosen_site(login, federal, site_a, site_b):
    kazan = MunicipalityFactory(region=site_a.region, name="Казань")
    MunicipalityFactory(region=site_b.region, name="Каспийск")
    found = ids(
        login(federal).get(
            "/autocomplete/municipalities/staff/", {"q": "ка", "pilot_site": site_a.pk}
        )
    )
    assert found == {str(kazan.pk)}


def test_federal_create_form_lists_no_municipalities_or_practices(
    login, federal, practices, site_a, site_b
):
    for n in range(30):
        MunicipalityFactory(region=site_a.region, name=f"Посёлок {n}")
    html = login(federal).get("/events/manage/new/").content.decode()
    assert "Посёлок" not in html
    assert "Школа диалога" not in html
    assert 'data-url="/events/manage/choices/practices/"' in html
    assert '"pilot_site": "pilot_site"' in html.replace("&quot;", '"')


def test_regional_edit_form_asks_only_its_site(login, regional_a, make_event, site_a):
    event = make_event()
    html = login(regional_a).get(f"/events/manage/{event.pk}/edit/").content.decode()
    assert f"/events/manage/choices/practices/?pilot_site={site_a.pk}" in html
    # The chosen practice is shown by name in the text field, its id in the hidden one.
    assert event.practice.title in html


def test_seminar_saved_with_a_practice_typed_without_javascript(
    login, regional_a, make_event, practices
):
    event = make_event()
    client = login(regional_a)
    form = client.get(f"/events/manage/{event.pk}/edit/").context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"practice", "municipality"}
    }
    data.update(
        {
            "date": event.date.isoformat(),
            "start_time": "10:00",
            "end_time": "12:00",
            "practice": "",
            "practice__search": "школа диалога казани",
            "agenda-TOTAL_FORMS": "0",
            "agenda-INITIAL_FORMS": "0",
            "support-TOTAL_FORMS": "0",
            "support-INITIAL_FORMS": "0",
        }
    )
    data.pop("kind", None)
    response = client.post(f"/events/manage/{event.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    event.refresh_from_db()
    assert event.practice == practices["a"]
    assert event.kind == EventKind.SEMINAR


@pytest.mark.parametrize(
    ("who", "expected"),
    [("regional_a", {"a"}), ("regional_b", {"b"}), ("federal", {"a", "b"})],
)
def test_sheet_event_choices_never_show_another_regions_events(
    request, login, make_event, site_a, site_b, regional_b, who, expected
):
    events = {
        "a": make_event(title="Семинар в Казани"),
        "b": make_event(title="Семинар в Махачкале", site=site_b, by=regional_b),
    }
    found = ids(login(request.getfixturevalue(who)).get(SHEET, {"q": "семинар"}))
    assert found == {str(events[key].pk) for key in expected}


def test_sheet_event_choices_filter_by_region(login, federal, make_event, site_b, regional_b):
    make_event(title="Семинар в Казани")
    there = make_event(title="Семинар в Махачкале", site=site_b, by=regional_b)
    found = ids(login(federal).get(SHEET, {"q": "семинар", "region": site_b.region_id}))
    assert found == {str(there.pk)}


def test_sheet_order_form_opens_with_the_event_chosen(login, regional_a, make_event):
    event = make_event(title="Семинар в Казани")
    html = login(regional_a).get(f"/reports/?kind=events-sheet&event={event.pk}").content.decode()
    assert f'name="event" value="{event.pk}"' in html
    assert "Семинар в Казани" in html
    assert "<option" not in html.split('name="event"')[1].split("</div>")[0]


def test_staff_event_page_links_to_the_sheet_order_form(login, regional_a, make_event):
    event = make_event()
    html = login(regional_a).get(f"/events/manage/{event.pk}/").content.decode()
    assert f"/reports/?kind=events-sheet&amp;event={event.pk}" in html


def test_federal_overview_is_rendered_once_and_follows_event_changes(
    login, federal, make_event, django_assert_num_queries, django_capture_on_commit_callbacks
):
    make_event(title="Семинар в Казани")
    client = login(federal)
    first = client.get("/events/manage/").content.decode()
    assert "Площадки и их мероприятия" in first
    with django_assert_num_queries(7):  # no overview query: the table comes from the cache
        again = client.get("/events/manage/?page=1").content.decode()
    assert "Площадки и их мероприятия" in again
    assert ": 1</a>" in again
    with django_capture_on_commit_callbacks(execute=True):
        make_event(title="Второй семинар")
    fresh = client.get("/events/manage/").content.decode()
    assert ": 2</a>" in fresh

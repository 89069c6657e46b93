"""The pages: registration messages, creating with programme and support list, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, EventState
from tests.events.conftest import register
from tests.events.factories import best_practice

pytestmark = pytest.mark.django_db

VISITOR = {
    "full_name": "Посетителева Вера Павловна",
    "organisation": "Дом дружбы",
    "position": "методист",
    "category": "ngo",
    "email": "vera@example.org",
    "phone": "+7 900 000-00-00",
    "consent_personal_data": "on",
}


@pytest.mark.smoke
def test_public_list_shows_announced_and_not_planned(make_event, client):
    announced = make_event(state=EventState.ANNOUNCED, title="Объявленный семинар")
    make_event(title="Тайный план")
    content = client.get(reverse("events:public-list")).content.decode()
    assert announced.title in content and "Тайный план" not in content


def test_calendar_feed_lists_announced_events(make_event, client):
    make_event(state=EventState.ANNOUNCED, title="Семинар в календаре")
    response = client.get(reverse("events:calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    assert "SUMMARY:Семинар в календаре" in response.content.decode()


def test_visitor_registers_on_the_public_page(make_event, client):
    event = make_event(state=EventState.ANNOUNCED)
    response = client.post(reverse("events:public-detail", args=[event.pk]), VISITOR, follow=True)
    assert "Вы зарегистрированы" in response.content.decode()
    assert event.registrations.get().email == "vera@example.org"


def test_registration_without_consent_shows_the_message_and_keeps_the_input(make_event, client):
    event = make_event(state=EventState.ANNOUNCED)
    data = {k: v for k, v in VISITOR.items() if k != "consent_personal_data"}
    response = client.post(reverse("events:public-detail", args=[event.pk]), data)
    content = response.content.decode()
    assert "Без согласия на обработку персональных данных" in content
    assert "Посетителева Вера Павловна" in content
    assert event.registrations.count() == 0


def test_second_registration_of_the_same_person_gets_a_clear_message(make_event, client):
    event = make_event(state=EventState.ANNOUNCED)
    url = reverse("events:public-detail", args=[event.pk])
    client.post(url, VISITOR)
    response = client.post(url, VISITOR)
    assert "уже зарегистрирован" in response.content.decode()
    assert event.registrations.count() == 1


def test_posting_to_a_past_event_registers_nobody(make_event, client):
    event = make_event(state=EventState.ANNOUNCED, days=-1)
    response = client.post(reverse("events:public-detail", args=[event.pk]), VISITOR, follow=True)
    assert "Регистрация на это мероприятие закрыта" in response.content.decode()
    assert event.registrations.count() == 0


def _formset(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def _create_data(site, **overrides) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=14)
    return {
        "pilot_site": site.pk,
        "kind": "seminar",
        "practice": best_practice(site).pk,
        "title": "Семинар с программой",
        "date": day.isoformat(),
        "start_time": "10:00",
        "end_time": "15:00",
        "registration_mode": "online",
        **_formset("agenda", [{"starts_at": "10:00", "title": "Открытие", "speaker": "Иванов"}]),
        **_formset("support", [{"text": "Зал на 40 мест"}]),
        **overrides,
    }


def test_regional_staff_create_a_seminar_with_programme_and_support(
    site_a, regional_a, login, targets
):
    response = login(regional_a).post(reverse("events:create"), _create_data(site_a))
    event = Event.objects.get()
    assert response.status_code == 302
    assert [item.title for item in event.agenda.all()] == ["Открытие"]
    assert [item.text for item in event.support.all()] == ["Зал на 40 мест"]
    assert event.min_participants == 15


def test_regional_staff_cannot_create_for_another_site(site_a, site_b, regional_a, login):
    response = login(regional_a).post(reverse("events:create"), _create_data(site_b))
    assert response.status_code == 200
    assert "pilot_site" in response.context["site_form"].errors
    assert not Event.objects.exists()


def test_end_before_start_is_shown_beside_the_field(site_a, regional_a, login):
    response = login(regional_a).post(
        reverse("events:create"), _create_data(site_a, end_time="09:00")
    )
    assert "Окончание должно быть позже начала" in response.content.decode()
    assert "Семинар с программой" in response.content.decode()


def test_submitting_without_evidence_shows_the_checklist(make_event, regional_a, login):
    event = make_event(state=EventState.HELD)
    response = login(regional_a).post(
        reverse("events:report", args=[event.pk]),
        {"report_text": "Текст", "submit": "1"},
        follow=True,
    )
    content = response.content.decode()
    assert "Отчёт пока нельзя отправить" in content
    assert "Загрузите сканы подписанных листов" in content
    assert Event.objects.get(pk=event.pk).report_text == "Текст"


# --- Query counts ------------------------------------------------------------------------------


def _events(make_event, n, **kwargs):
    return [make_event(title=f"Семинар {i}", **kwargs) for i in range(n)]


@pytest.mark.parametrize("n", [2, 12])
def test_public_list_runs_a_fixed_number_of_queries(
    n, make_event, client, django_assert_num_queries
):
    for event in _events(make_event, n, state=EventState.ANNOUNCED):
        register(event, 2)
    # count, page, past events, region choices, session-less: the same for 2 and 12 events
    with django_assert_num_queries(4):
        assert client.get(reverse("events:public-list")).status_code == 200


@pytest.mark.parametrize("n", [2, 12])
def test_staff_list_runs_a_fixed_number_of_queries(
    n, make_event, federal, login, django_assert_num_queries
):
    for event in _events(make_event, n, state=EventState.ANNOUNCED):
        register(event, 2)
    browser = login(federal)
    browser.get(reverse("events:staff-list"))
    # The federal overview is rendered by the first request and read from the cache after.
    with django_assert_num_queries(7):
        assert browser.get(reverse("events:staff-list")).status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_staff_event_page_runs_a_fixed_number_of_queries(
    n, make_event, regional_a, login, django_assert_num_queries
):
    event = make_event(state=EventState.ANNOUNCED)
    register(event, n)
    browser = login(regional_a)
    browser.get(reverse("events:staff-detail", args=[event.pk]))
    # 19 of the event's own and 6 of the letters panel (the event's facts, letters, replies).
    with django_assert_num_queries(25):
        assert browser.get(reverse("events:staff-detail", args=[event.pk])).status_code == 200


def test_past_public_page_shows_only_photos_of_people_who_consented(make_event, regional_a, client):
    from events import services
    from tests.events.conftest import checked_photo

    event = make_event(state=EventState.HELD)
    refused = services.walk_in_add(event=event, by=regional_a, full_name="Без Согласия")
    hidden = services.photo_add(
        event=event, by=regional_a, upload=checked_photo(), people=[refused]
    )
    shown = services.photo_add(event=event, by=regional_a, upload=checked_photo())
    content = client.get(reverse("events:public-detail", args=[event.pk])).content.decode()
    assert shown.file.url in content
    assert hidden.file.url not in content


@pytest.mark.smoke
def test_single_event_ics_is_a_calendar_file(make_event, client):
    event = make_event(state=EventState.ANNOUNCED, title="Семинар; с запятой, и точкой")
    response = client.get(reverse("events:event-ics", args=[event.pk]))
    body = response.content.decode()
    assert response["Content-Disposition"].startswith("attachment")
    assert "SUMMARY:Семинар\\; с запятой\\, и точкой" in body
    assert body.startswith("BEGIN:VCALENDAR\r\n")


def test_federal_admin_lists_events(make_event, federal, login):
    make_event(title="Семинар для админки")
    response = login(federal).get(reverse("admin:events_event_changelist"))
    assert "Семинар для админки" in response.content.decode()


def test_regional_cabinet_links_to_the_events(regional_a, login):
    content = login(regional_a).get(reverse("accounts:cabinet")).content.decode()
    assert "Семинары, круглые столы и видеомост" in content
    assert reverse("events:staff-list") in content


def test_applicant_cabinet_has_no_events_section(applicant, login):
    content = login(applicant).get(reverse("accounts:cabinet")).content.decode()
    assert "Семинары, круглые столы и видеомост" not in content


def test_federal_overview_counts_each_sites_events_by_state(make_event, site_b, federal):
    from events import selectors

    make_event(title="А1")
    make_event(title="А2", state=EventState.ANNOUNCED)
    make_event(title="Б1", site=site_b, state=EventState.ANNOUNCED)
    table = {row["site"].pk: row["cells"] for row in selectors.site_table(federal)}
    seminars = {pk: {state: n for state, _label, n in cells[0]} for pk, cells in table.items()}
    own = next(counts for pk, counts in seminars.items() if pk != site_b.pk)
    assert seminars[site_b.pk] == {"announced": 1}
    assert own == {"announced": 1, "planned": 1}

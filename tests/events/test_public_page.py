"""The public event page at the door: kept in the cache, shown afresh after every change, and
the registration in a fixed, small number of queries."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import public_page, services
from events.models import AgendaItem, EventState, Registration, RegistrationStatus
from tests.events.conftest import register

pytestmark = pytest.mark.django_db

VISITOR = {
    "full_name": "Дверева Дарья Петровна",
    "organisation": "Дом дружбы",
    "category": "ngo",
    "email": "door@example.org",
    "consent_personal_data": "on",
}


def url_of(event) -> str:
    return reverse("events:public-detail", args=[event.pk])


def visit(event) -> str:
    """A first visit: a new browser, no cookies."""
    response = Client().get(url_of(event))
    assert response.status_code == 200
    return response.content.decode()


def token_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_kept_page_costs_no_query(make_event, django_assert_num_queries):
    event = make_event(state=EventState.ANNOUNCED, capacity=30)
    visit(event)
    with django_assert_num_queries(0):
        html = visit(event)
    assert event.title in html and "Свободных мест: 30" in html


def test_after_a_registration_the_page_counts_the_seats_only(make_event, django_assert_num_queries):
    event = make_event(state=EventState.ANNOUNCED, capacity=30)
    visit(event)
    register(event)
    with django_assert_num_queries(1):  # the seats taken; the page itself is kept
        html = visit(event)
    assert "Свободных мест: 29" in html


def test_a_registration_is_a_lock_a_check_and_an_insert(
    make_event, django_assert_num_queries, django_capture_on_commit_callbacks
):
    event = make_event(state=EventState.ANNOUNCED, capacity=30)
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(url_of(event)).content.decode()
    body = urlencode({**VISITOR, "csrfmiddlewaretoken": token_of(html)})
    # The event's row locked, one read of the checks, the insert; in a test the transaction
    # is also a savepoint and its release. The message rides in a cookie: no session is made.
    with django_assert_num_queries(5), django_capture_on_commit_callbacks():
        response = browser.post(url_of(event), body, "application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert event.registrations.get().email == "door@example.org"
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_the_visitor_sees_that_they_are_registered_and_the_next_visit_is_plain(make_event):
    event = make_event(state=EventState.ANNOUNCED, capacity=30)
    visit(event)  # the page is kept for visitors without a session
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(url_of(event)).content.decode()
    body = urlencode({**VISITOR, "csrfmiddlewaretoken": token_of(html)})
    response = browser.post(url_of(event), body, "application/x-www-form-urlencoded")
    assert response.cookies["messages"]["httponly"]
    shown = browser.get(url_of(event)).content.decode()
    assert "Вы зарегистрированы. Подтверждение с файлом календаря отправлено на" in shown
    assert "door@example.org" in shown and "Свободных мест: 29" in shown
    again = browser.get(url_of(event)).content.decode()
    assert "Вы зарегистрированы" not in again and "Свободных мест: 29" in again
    assert Session.objects.count() == 0


def test_every_visitor_gets_their_own_csrf_token_in_the_kept_page(make_event):
    event = make_event(state=EventState.ANNOUNCED)
    first, second = visit(event), visit(event)
    assert public_page.TOKEN_MARK not in first + second
    assert token_of(first) != token_of(second)
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(url_of(event)).content.decode()  # the kept page
    body = urlencode({**VISITOR, "csrfmiddlewaretoken": token_of(html)})
    response = browser.post(url_of(event), body, "application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert event.registrations.count() == 1


def test_a_changed_title_and_time_show_at_once(make_event, regional_a):
    event = make_event(state=EventState.ANNOUNCED)
    assert "10:00" in visit(event)
    services.event_update(
        event=event,
        by=regional_a,
        data={"title": "Семинар под новым названием", "start_time": datetime.time(11, 30)},
    )
    html = visit(event)
    assert "Семинар под новым названием" in html and "11:30" in html


def test_a_changed_capacity_shows_at_once(make_event, regional_a):
    event = make_event(state=EventState.ANNOUNCED, capacity=30)
    assert "Свободных мест: 30" in visit(event)
    services.event_update(event=event, by=regional_a, data={"capacity": 5})
    assert "Свободных мест: 5" in visit(event)


def test_a_full_event_says_so_and_a_cancellation_gives_the_seat_back(make_event):
    event = make_event(state=EventState.ANNOUNCED, capacity=1)
    assert "Свободных мест: 1" in visit(event)
    (taken,) = register(event)
    assert "Мест нет" in visit(event)
    services.registration_cancel(registration=taken)
    assert "Свободных мест: 1" in visit(event)


def test_a_changed_programme_shows_at_once(make_event):
    event = make_event(state=EventState.ANNOUNCED)
    visit(event)
    AgendaItem.objects.create(
        event=event, starts_at=datetime.time(12, 0), title="Круглый стол о языках"
    )
    assert "Круглый стол о языках" in visit(event)


def test_an_event_taken_back_to_planning_is_gone_at_once(make_event, client):
    event = make_event(state=EventState.ANNOUNCED)
    visit(event)
    event.state = EventState.PLANNED
    event.save(update_fields=["state"])
    assert Client().get(url_of(event)).status_code == 404


def test_a_closed_registration_shows_at_once(make_event):
    event = make_event(state=EventState.ANNOUNCED)
    assert "Зарегистрироваться" in visit(event)
    event.registration_mode = "free"
    event.save(update_fields=["registration_mode"])
    html = visit(event)
    assert "Зарегистрироваться" not in html and "Вход свободный" in html


def test_the_kept_page_of_one_event_never_shows_another(make_event):
    first = make_event(state=EventState.ANNOUNCED, title="Первый семинар", capacity=10)
    second = make_event(state=EventState.ANNOUNCED, title="Второй семинар", capacity=20, days=12)
    for _round in range(2):
        one, two = visit(first), visit(second)
        assert "Первый семинар" in one and "Второй семинар" not in one
        assert "Второй семинар" in two and "Первый семинар" not in two
        assert "Свободных мест: 10" in one and "Свободных мест: 20" in two


def test_staff_are_not_served_the_visitors_page(make_event, regional_a, login):
    event = make_event(state=EventState.ANNOUNCED)
    visit(event)
    html = login(regional_a).get(url_of(event)).content.decode()
    assert reverse("events:staff-detail", args=[event.pk]) in html


def test_the_capacity_holds_whatever_the_page_showed(make_event):
    """The page's seats are a display: the service counts again under the event's lock."""
    event = make_event(state=EventState.ANNOUNCED, capacity=1)
    visit(event)  # «1 free seat» kept
    register(event, 2)
    statuses = sorted(event.registrations.values_list("status", flat=True))
    assert statuses == [RegistrationStatus.REGISTERED, RegistrationStatus.WAITING]


def test_a_second_registration_is_refused_in_russian(make_event):
    event = make_event(state=EventState.ANNOUNCED)
    register(event)
    with pytest.raises(services.RegistrationError, match="уже зарегистрирован"):
        register(event)
    assert Registration.objects.filter(event=event).count() == 1


def test_registration_closes_when_the_event_has_ended(make_event):
    event = make_event(state=EventState.ANNOUNCED)
    event.ends_at = timezone.now() - datetime.timedelta(minutes=1)
    event.save(update_fields=["ends_at"])
    with pytest.raises(services.RegistrationError, match="закрыта"):
        register(event)


def test_consent_is_recorded_with_its_version_and_time(make_event):
    event = make_event(state=EventState.ANNOUNCED)
    (registration,) = register(event)
    registration.refresh_from_db()
    assert registration.consent_personal_data and registration.consent_version
    assert registration.consent_at is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL (SQLite serialises whole transactions)",
)
def test_visitors_racing_for_the_last_seat_never_pass_the_capacity(make_event):
    """Eight visitors at once for one seat: the locked read lets one in, the rest wait."""
    import threading

    event = make_event(state=EventState.ANNOUNCED, capacity=1)
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def visitor(n: int) -> None:
        try:
            start.wait()
            services.registration_create(
                event=event,
                full_name=f"Гонщик Номер {n}",
                email=f"racer{n}@example.org",
                consent_personal_data=True,
                notify=False,
            )
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = list(event.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.REGISTERED) == 1
    assert statuses.count(RegistrationStatus.WAITING) == 7

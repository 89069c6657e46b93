"""A participant gives their place back by their personal link; the waiting list moves up."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import services
from events.demo import shift_event
from events.models import EventState, Registration, RegistrationStatus
from tests.events.conftest import register

pytestmark = pytest.mark.django_db


def cancel_url(registration: Registration) -> str:
    return reverse("events:registration-cancel", args=[registration.feedback_token])


def test_the_confirmation_letter_carries_the_personal_cancellation_link(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(state=EventState.ANNOUNCED)
    with django_capture_on_commit_callbacks(execute=True):
        (registration,) = register(event)
    assert cancel_url(registration) in mail.outbox[-1].body


def test_cancelling_a_seat_gives_it_to_the_first_on_the_waiting_list_and_tells_them(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(state=EventState.ANNOUNCED, capacity=1)
    seated, first_waiting, second_waiting = register(event, 3)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=seated)

    assert promoted == first_waiting
    statuses = dict(event.registrations.values_list("email", "status"))
    assert statuses == {
        first_waiting.email: RegistrationStatus.REGISTERED,
        second_waiting.email: RegistrationStatus.WAITING,
    }
    assert not Registration.objects.filter(pk=seated.pk).exists()
    assert [m.to for m in mail.outbox] == [[first_waiting.email]]
    assert "Вы зарегистрированы" in mail.outbox[0].body


def test_cancelling_from_the_waiting_list_moves_nobody(make_event):
    event = make_event(state=EventState.ANNOUNCED, capacity=1)
    seated, waiting = register(event, 2)
    assert services.registration_cancel(registration=waiting) is None
    assert list(event.registrations.values_list("status", flat=True)) == [
        RegistrationStatus.REGISTERED
    ]


def test_cancelling_after_the_event_is_refused(make_event):
    event = make_event(state=EventState.ANNOUNCED)
    (registration,) = register(event)
    shift_event(event, timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(services.RegistrationError, match="уже прошло"):
        services.registration_cancel(registration=registration)
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_the_link_asks_before_cancelling_and_cancels_on_post(client, make_event):
    event = make_event(state=EventState.ANNOUNCED)
    (registration,) = register(event)
    page = client.get(cancel_url(registration))
    assert page.status_code == 200
    assert "Отменить регистрацию" in page.content.decode()
    assert Registration.objects.filter(pk=registration.pk).exists()

    response = client.post(cancel_url(registration), follow=True)
    assert "Регистрация отменена" in response.content.decode()
    assert not Registration.objects.filter(pk=registration.pk).exists()


def test_a_used_or_made_up_link_is_not_found(client, make_event):
    event = make_event(state=EventState.ANNOUNCED)
    (registration,) = register(event)
    url = cancel_url(registration)
    client.post(url)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert client.get(reverse("events:registration-cancel", args=["x" * 43])).status_code == 404

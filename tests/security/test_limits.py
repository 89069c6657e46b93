"""Limits on spraying and flooding: per address across accounts, per recipient for letters."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.RATELIMIT_LOGIN_PER_ADDRESS = "20/h"
    settings.RATELIMIT_MAIL_PER_ADDRESS = "10/h"
    settings.RATELIMIT_MAIL_PER_RECIPIENT = "3/h"


def test_spraying_two_passwords_over_twenty_accounts_from_one_address_is_stopped(client, password):
    people = [UserFactory(email=f"person{n}@test.example") for n in range(20)]
    statuses = []
    for person in people:
        for guess in ("Summer2024!", "Qwerty123!"):
            response = client.post(LOGIN, {"username": person.email, "password": guess})
            statuses.append(response.status_code)
    assert statuses[:20] == [200] * 20
    assert set(statuses[20:]) == {429}
    # Even a right password is refused from this address until the window passes.
    response = client.post(LOGIN, {"username": people[0].email, "password": password})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "слишком много неудачных входов" in response.content.decode()


def test_another_address_is_not_affected(client, password, applicant):
    for n in range(20):
        client.post(LOGIN, {"username": f"x{n}@test.example", "password": "wrong"})
    response = client.post(
        LOGIN, {"username": applicant.email, "password": password}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 302


def test_thirty_password_reset_requests_in_a_minute(
    client, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post("/accounts/password-reset/", {"email": applicant.email}).status_code
            for _ in range(30)
        ]
    assert statuses[:3] == [302, 302, 302]
    assert set(statuses[3:]) == {429}
    assert len(mailoutbox) == 3


def test_password_reset_across_many_recipients_stops_at_the_address_limit(client, mailoutbox):
    statuses = [
        client.post("/accounts/password-reset/", {"email": f"p{n}@test.example"}).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [429, 429]
    response = client.post("/accounts/password-reset/", {"email": "p99@test.example"})
    assert "Слишком много запросов на восстановление пароля" in response.content.decode()
    assert "Повторите попытку через" in response.content.decode()


def test_the_per_recipient_limit_holds_across_addresses(
    client, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            client.post(
                "/accounts/password-reset/", {"email": applicant.email}, REMOTE_ADDR=f"10.0.0.{n}"
            )
    response = client.post(
        "/accounts/password-reset/", {"email": applicant.email}, REMOTE_ADDR="10.0.0.99"
    )
    assert response.status_code == 429
    assert len(mailoutbox) == 3


def test_the_limit_answers_the_same_for_unknown_addresses(client):
    statuses = [
        client.post("/accounts/password-reset/", {"email": "nobody@test.example"}).status_code
        for _ in range(4)
    ]
    assert statuses == [302, 302, 302, 429]


def test_resend_confirmation_is_limited(client):
    statuses = [
        client.post("/accounts/register/resend/", {"email": "a@test.example"}).status_code
        for _ in range(4)
    ]
    assert statuses == [302, 302, 302, 429]


def test_registration_is_limited_per_address(client, django_capture_on_commit_callbacks):
    statuses = []
    for n in range(11):
        client.cookies.clear()
        response = client.post(
            "/accounts/register/",
            {
                "email": f"new{n}@test.example",
                "full_name": "Новикова Нина Николаевна",
                "password1": "Ves3nnij-Sad",
                "password2": "Ves3nnij-Sad",
                "consent": "on",
            },
        )
        statuses.append(response.status_code)
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429

"""Login brute-force protection (django-axes): a username and its address are locked together."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from resursnaya_sreda.accounts.security import client_ip, client_username
from tests.second_factor import TEST_CODE

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def fail(client, username, *, times, **extra):
    responses = [
        client.post(LOGIN, {"username": username, "password": "wrong-password"}, **extra)
        for _ in range(times)
    ]
    return responses[-1]


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 0


def test_failures_below_the_limit_only_show_the_form_error(client, federal):
    response = fail(client, federal.email, times=2)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Неверный адрес электронной почты или пароль" in body
    assert "Вход временно заблокирован" not in body


def test_reaching_the_limit_locks_the_username_from_that_address_with_429(client, federal):
    response = fail(client, federal.email, times=3)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Вход временно заблокирован" in body
    assert "Повторите попытку через 15 мин." in body
    assert "Восстановить пароль" in body


def test_locked_username_is_refused_even_with_the_right_password(client, federal, password):
    fail(client, federal.email, times=3)
    response = client.post(LOGIN, {"username": federal.email, "password": password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_username_from_the_same_address_is_not_locked(client, federal, expert, password):
    fail(client, federal.email, times=3)
    response = client.post(LOGIN, {"username": expert.email, "password": password})
    assert response.status_code == 302


def test_same_username_from_another_address_is_not_locked(client, federal, password):
    fail(client, federal.email, times=3, REMOTE_ADDR="10.0.0.1")
    response = client.post(
        LOGIN, {"username": federal.email, "password": password}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 302


def test_forged_forwarded_for_does_not_reset_the_count(client, federal, password):
    for number in range(3):
        response = client.post(
            LOGIN,
            {"username": federal.email, "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    assert response.status_code == 429
    response = client.post(
        LOGIN,
        {"username": federal.email, "password": password},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 429


def test_changing_the_case_of_the_email_does_not_reset_the_count(client, federal):
    fail(client, federal.email, times=2)
    response = fail(client, federal.email.upper(), times=1)
    assert response.status_code == 429


def test_success_before_the_limit_resets_the_count(client, federal, password):
    fail(client, federal.email, times=2)
    assert client.post(LOGIN, {"username": federal.email, "password": password}).status_code == 302
    # The count resets when the login is complete: after the second factor's code.
    assert client.post("/accounts/login/code/", {"code": TEST_CODE}).status_code == 302
    client.post("/accounts/logout/")
    assert fail(client, federal.email, times=2).status_code == 200


def test_client_ip_ignores_forwarded_for_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.9"


def test_client_ip_behind_one_proxy_takes_the_address_that_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    assert client_ip(request) == "203.0.113.5"


def test_client_ip_with_a_short_header_falls_back_to_remote_addr(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "10.0.0.1"


def test_username_for_axes_is_lowercased_and_stripped():
    request = RequestFactory().post("/", {"username": " Ivan@Example.ORG "})
    assert client_username(request) == "ivan@example.org"
    assert client_username(request, {"username": "A@B.C"}) == "a@b.c"
    assert client_username(RequestFactory().post("/", {})) is None

"""Rough edges a first user meets: favicon, HEAD on the calendar, Russian pages and labels."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")


def test_head_on_the_calendar_feed_answers(client):
    response = client.head(reverse("events:calendar"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")


@pytest.mark.parametrize("debug", [True, False])
def test_a_missing_page_is_the_portals_own_russian_page(client, settings, debug):
    settings.DEBUG = debug
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_login_labels_are_russian_for_an_english_browser(client):
    page = client.get(
        reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert "Пароль" in page
    assert "Password" not in page


def test_a_bad_request_in_debug_is_the_portals_russian_400(client, settings, rf):
    from django.core.exceptions import SuspiciousOperation

    from resursnaya_sreda.kernel.middleware import PortalErrorPagesMiddleware

    settings.DEBUG = True
    middleware = PortalErrorPagesMiddleware(lambda request: None)
    response = middleware.process_exception(rf.get("/"), SuspiciousOperation("bad host"))
    assert response.status_code == 400
    assert "Запрос не понят" in response.content.decode()

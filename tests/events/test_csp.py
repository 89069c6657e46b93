"""The events pages under an enforced Content-Security-Policy: a visitor registers, staff open
the event's page; nothing is refused by the policy and the console stays clean."""

from __future__ import annotations

import re

import pytest

from events.models import EventState
from tests.events.conftest import register
from tests.security.csp import log_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_registration_and_the_staff_page_keep_to_the_policy(
    plain_page, make_event, regional_a, password, screenshot
):
    tab = plain_page
    problems = watch_console(tab)
    event = make_event(state=EventState.ANNOUNCED)
    register(event, 2)

    tab.goto("/events/")
    tab.wait_for_load_state("networkidle")
    tab.goto(f"/events/{event.pk}/")
    tab.fill("input[name=full_name]", "Посетителева Вера Павловна")
    tab.fill("input[name=organisation]", "АНО «Радуга»")
    tab.fill("input[name=email]", "vera@example.org")
    tab.get_by_label(re.compile("Я даю согласие")).check()
    assert tab.get_by_text("Текст согласия в редакции 2020-1.").first.is_visible()
    tab.get_by_role("button", name="Зарегистрироваться").click()
    tab.get_by_text("Вы зарегистрированы").wait_for()
    screenshot(tab, "registered")

    log_in(tab, regional_a, password)
    tab.goto(f"/events/manage/{event.pk}/")
    tab.wait_for_load_state("networkidle")
    assert "Посетителева Вера Павловна" in tab.locator("main").inner_text()
    screenshot(tab, "staff-page")
    assert problems == []

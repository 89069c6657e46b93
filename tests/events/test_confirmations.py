"""Irreversible steps of an event ask once and say what cannot be undone: marking it held and
sending the report (the browser's confirm through data-confirm, static/js/confirm.js)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from events.models import EventState
from tests.events.conftest import complete_evidence

pytestmark = pytest.mark.django_db


def confirm_of(page: str, label: str) -> str:
    button = re.search(rf'<button[^>]*data-confirm="([^"]*)"[^>]*>{label}</button>', page)
    assert button, f"«{label}» asks before it acts"
    return button.group(1)


def test_marking_held_asks_and_says_it_cannot_be_undone(login, regional_a, make_event):
    event = make_event(state=EventState.ANNOUNCED, days=-1)
    page = login(regional_a).get(reverse("events:staff-detail", args=[event.pk])).content.decode()
    question = confirm_of(page, "Отметить проведённым")
    assert "нельзя" in question
    assert "js/confirm.js" in page


def test_sending_the_report_asks_and_says_it_is_then_locked(login, regional_a, make_event):
    event = complete_evidence(make_event(state=EventState.HELD), regional_a)
    page = login(regional_a).get(reverse("events:staff-detail", args=[event.pk])).content.decode()
    question = confirm_of(page, "Отправить отчёт")
    assert "менять его нельзя" in question

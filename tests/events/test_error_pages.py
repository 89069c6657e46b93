"""A refusal is the portal's Russian 403 page in every mode, never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.models import Event, EventState

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [True, False])
def test_editing_an_event_whose_report_is_sent_is_a_refusal_not_a_server_error(
    client, settings, caplog, make_event, regional_a, debug
):
    settings.DEBUG = debug
    held = make_event(state=EventState.HELD)
    Event.objects.filter(pk=held.pk).update(state=EventState.REPORT_SUBMITTED)  # the report went
    client.force_login(regional_a)
    response = client.get(reverse("events:edit", args=[held.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Действие недоступно" in page
    assert "Ошибка на сервере" not in page
    assert "Internal Server Error" not in caplog.text

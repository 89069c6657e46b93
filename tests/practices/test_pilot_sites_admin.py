"""Step 3 in the admin: the coordinator's «confirm» action goes through the step-3 service."""

from __future__ import annotations

import pytest
from django.urls import reverse

from practices.models import PilotPracticeState, QuestionnaireState
from practices.services import pilot_sites as pilot_site_services
from tests.factories import OrganisationFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(make_questionnaire, site_a, regional_a):
    questionnaire = make_questionnaire(
        OrganisationFactory(region=region("16")), state=QuestionnaireState.SUBMITTED
    )
    return pilot_site_services.pilot_practice_propose(
        pilot_site=site_a, questionnaire=questionnaire, by=regional_a
    )


def _confirm(client, practice):
    return client.post(
        reverse("admin:practices_pilotpractice_changelist"),
        {"action": "confirm", "_selected_action": [practice.pk]},
        follow=True,
    )


def test_the_confirm_action_confirms_the_practice(login, federal, proposed):
    response = _confirm(login(federal), proposed)
    assert "Подтверждено практик: 1." in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.state == PilotPracticeState.CONFIRMED
    assert proposed.confirmed_by == federal


def test_confirming_twice_shows_the_services_refusal(login, federal, proposed):
    client = login(federal)
    _confirm(client, proposed)
    response = _confirm(client, proposed)
    assert "Практика уже подтверждена." in response.content.decode()

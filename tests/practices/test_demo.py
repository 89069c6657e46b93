"""The demo loader: every state, the demo applicant's draft and returned one, idempotent."""

from __future__ import annotations

import pytest

from practices import demo
from practices.models import Questionnaire, QuestionnaireState
from resursnaya_sreda.kernel import demo as kernel_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_programme(settings, mailoutbox):
    return kernel_demo.populate().programme


def test_demo_questionnaires_cover_every_state_and_are_not_duplicated(demo_programme, mailoutbox):
    demo.populate(demo_programme)
    count = Questionnaire.objects.count()
    states = set(Questionnaire.objects.values_list("state", flat=True))
    assert states == set(QuestionnaireState.values)
    assert Questionnaire.objects.filter(published_at__isnull=False).count() >= 3
    demo.populate(demo_programme)
    assert Questionnaire.objects.count() == count
    assert mailoutbox == []


def test_the_demo_applicant_has_a_draft_and_a_returned_questionnaire(demo_programme):
    demo.populate(demo_programme)
    states = set(
        Questionnaire.objects.filter(
            organisation__memberships__user__email="applicant@example.org"
        ).values_list("state", flat=True)
    )
    assert states == {QuestionnaireState.DRAFT, QuestionnaireState.RETURNED}


def test_published_demo_practices_have_photos(demo_programme):
    demo.populate(demo_programme)
    for questionnaire in Questionnaire.objects.filter(published_at__isnull=False):
        assert questionnaire.attachments.filter(kind="photo").exists()

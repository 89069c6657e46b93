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


def _figures(programme):
    from practices.models import Assignment, Decision, PilotPractice, Review, SupportEntry

    return {
        "reviews": Review.objects.count(),
        "assignments": Assignment.objects.count(),
        "decisions": Decision.objects.count(),
        "pilot_practices": PilotPractice.objects.count(),
        "support": SupportEntry.objects.count(),
    }


def test_demo_scores_vary_and_some_experts_disagree(demo_programme):
    from practices import selectors
    from practices.models import Assignment, AssignmentState, Review, ReviewState
    from practices.services import commission_for

    demo.populate(demo_programme)
    totals = set(Review.objects.filter(state=ReviewState.SUBMITTED).values_list("total", flat=True))
    assert len(totals) >= 5
    commission = commission_for(demo_programme)
    rows = list(selectors.ranking(commission))
    spreads = {row.spread for row in rows if row.spread is not None}
    assert len(spreads) >= 2
    assert any(row.disagreement for row in rows)
    means = [row.mean for row in rows if row.mean is not None]
    assert max(means) - min(means) >= 3
    # One disputed questionnaire already has its third expert.
    crowded = [
        q
        for q in {a.questionnaire_id for a in Assignment.objects.all()}
        if Assignment.objects.filter(questionnaire_id=q, state=AssignmentState.ACTIVE).count()
        > commission.reviewers_per_questionnaire
    ]
    assert len(crowded) == 1


def test_demo_commission_has_decided_both_ways(demo_programme):
    from practices.models import Decision, Outcome

    demo.populate(demo_programme)
    outcomes = set(Decision.objects.values_list("outcome", flat=True))
    assert outcomes == {Outcome.BEST, Outcome.NOT_SELECTED}
    for decision in Decision.objects.filter(outcome=Outcome.BEST):
        assert decision.questionnaire.is_published


def test_demo_step_three_two_practices_with_support_but_at_the_last_site(demo_programme):
    from practices.models import PilotPracticeState

    demo.populate(demo_programme)
    sites = list(demo_programme.pilot_sites.order_by("region__name"))
    for site in sites:
        for practice in site.pilot_practices.all():
            assert practice.support_log.exists()
    for site in sites[:-1]:
        states = list(site.pilot_practices.values_list("state", flat=True))
        assert states == [PilotPracticeState.CONFIRMED] * 2
    # The last site's region had one practice to choose (its other NGO withdrew): the site
    # proposed it, the federal centre has not confirmed it, and the second slot is empty.
    last = sites[-1]
    assert list(last.pilot_practices.values_list("state", "slot")) == [
        (PilotPracticeState.PROPOSED, 1)
    ]
    assert Questionnaire.objects.filter(
        organisation__region=last.region, state=QuestionnaireState.WITHDRAWN
    ).exists()


def test_demo_commission_and_step_three_are_idempotent(demo_programme):
    demo.populate(demo_programme)
    before = _figures(demo_programme)
    demo.populate(demo_programme)
    assert _figures(demo_programme) == before

"""Scoring, criteria revisions and decisions of the expert commission."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from practices import permissions as policy
from practices.models import (
    Criterion,
    Outcome,
    Questionnaire,
    ReviewState,
    Score,
)
from practices.services import commission as commission_services
from practices.services.commission import CommissionError
from tests.factories import OrganisationFactory, region
from tests.practices.conftest import criteria_ids, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(admitted, federal, expert, commission):
    """The fixture expert assigned one admitted questionnaire from Tatarstan."""
    from practices.models import CommissionMember, MemberRole

    CommissionMember.objects.create(commission=commission, user=expert, role=MemberRole.EXPERT)
    questionnaire = admitted(OrganisationFactory(region=region("16")), title="Оцениваемая")
    return commission_services.assignment_create(
        questionnaire=questionnaire, expert=expert, by=federal
    )


def test_draft_keeps_partial_scores(task, expert, commission):
    first, _second = criteria_ids(commission)
    review = commission_services.review_save(
        assignment=task, by=expert, scores={first: (6, "")}, submit=False
    )
    assert review.state == ReviewState.DRAFT
    assert list(review.scores.values_list("value", flat=True)) == [6]


def test_submit_stores_the_weighted_total(task, expert, commission):
    review = score(task, expert, commission, 8, 5)
    assert review.state == ReviewState.SUBMITTED
    assert float(review.total) == 7.0


OUT_OF_SCALE = "Балл от 0 до 10"
NOT_AN_INTEGER = "Балл — целое число"


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        pytest.param(11, OUT_OF_SCALE, id="11"),
        pytest.param(-1, OUT_OF_SCALE, id="-1"),
        pytest.param("7.5", NOT_AN_INTEGER, id="7.5-text"),
        pytest.param("семь", NOT_AN_INTEGER, id="word"),
        pytest.param(7.5, NOT_AN_INTEGER, id="7.5"),
    ],
)
def test_score_outside_the_scale_or_not_an_integer_is_refused(
    task, expert, commission, bad, reason
):
    first, second = criteria_ids(commission)
    with pytest.raises(ValidationError, match=reason) as caught:
        commission_services.review_save(
            assignment=task, by=expert, scores={first: (bad, ""), second: (5, "ок")}, submit=False
        )
    assert f"score_{first}" in caught.value.message_dict


def test_missing_required_comment_blocks_submit(task, expert, commission):
    with pytest.raises(ValidationError, match="По этому критерию комментарий обязателен") as caught:
        score(task, expert, commission, 8, 5, comment="")
    _first, second = criteria_ids(commission)
    assert f"comment_{second}" in caught.value.message_dict


def test_missing_score_blocks_submit(task, expert, commission):
    first, _second = criteria_ids(commission)
    with pytest.raises(ValidationError, match="Поставьте балл"):
        commission_services.review_save(
            assignment=task,
            by=expert,
            scores={first: (5, "")},
            recommendation="recommend",
            submit=True,
        )


def test_submitting_twice_is_refused(task, expert, commission):
    score(task, expert, commission, 8, 5)
    with pytest.raises(CommissionError, match="уже отправлена"):
        score(task, expert, commission, 8, 5)


def test_editing_a_submitted_review_as_draft_is_refused(task, expert, commission):
    score(task, expert, commission, 8, 5)
    with pytest.raises(CommissionError, match="Оценка уже отправлена и больше"):
        score(task, expert, commission, 1, 1, submit=False)
    assert sorted(Score.objects.values_list("value", flat=True)) == [5, 8]


def test_another_expert_may_not_score_the_assignment(task, commission, make_expert):
    with pytest.raises(PermissionDenied):
        score(task, make_expert("intruder"), commission, 8, 5)


def test_another_experts_assignment_is_404_by_url(task, make_expert):
    with pytest.raises(Http404):
        policy.get_assignment_for_expert(make_expert("nosy"), task.pk)


def test_own_assignment_is_found(task, expert):
    assert policy.get_assignment_for_expert(expert, task.pk) == task


def test_criteria_freeze_once_scoring_started(task, expert, commission, federal):
    score(task, expert, commission, 8, 5, submit=False)
    criterion = commission.criteria.get(name="Польза")
    criterion.weight = 5
    with pytest.raises(CommissionError, match="новую редакцию"):
        commission_services.criterion_save(criterion=criterion, by=federal)


def test_new_revision_keeps_old_scores_readable(task, expert, commission, federal):
    score(task, expert, commission, 8, 5)
    copies = commission_services.criteria_new_revision(commission=commission, by=federal)
    assert [c.revision for c in copies] == [2, 2]
    assert Criterion.objects.filter(commission=commission, is_active=False).count() == 2
    assert sorted(Score.objects.values_list("criterion__name", "value")) == [
        ("Польза", 8),
        ("Тиражируемость", 5),
    ]
    copies[0].weight = 3
    commission_services.criterion_save(criterion=copies[0], by=federal)
    assert Criterion.objects.get(pk=copies[0].pk).weight == 3


def test_best_practice_decision_publishes_in_the_catalogue(task, expert, commission, federal):
    score(task, expert, commission, 8, 5)
    commission_services.decision_make(
        questionnaire=task.questionnaire, by=federal, outcome=Outcome.BEST, reason="Высокие баллы"
    )
    assert Questionnaire.objects.get(pk=task.questionnaire_id).published_at is not None


def test_not_selected_decision_takes_it_out_of_the_catalogue(task, commission, federal):
    commission_services.decision_make(
        questionnaire=task.questionnaire, by=federal, outcome=Outcome.BEST, reason="Да"
    )
    commission_services.decision_make(
        questionnaire=task.questionnaire,
        by=federal,
        outcome=Outcome.NOT_SELECTED,
        reason="Пересмотр",
    )
    assert Questionnaire.objects.get(pk=task.questionnaire_id).published_at is None


def test_decision_needs_a_reason(task, federal):
    with pytest.raises(ValidationError, match="Укажите обоснование решения"):
        commission_services.decision_make(
            questionnaire=task.questionnaire, by=federal, outcome=Outcome.BEST, reason=" "
        )


def test_experts_do_not_decide(task, expert, commission):
    """Refused before anything is recorded: no decision, nothing published."""
    from practices import permissions
    from practices.models import Decision

    assert not permissions.can_decide(expert, commission)
    with pytest.raises(PermissionDenied):
        commission_services.decision_make(
            questionnaire=task.questionnaire, by=expert, outcome=Outcome.BEST, reason="Я решил"
        )
    assert not Decision.objects.filter(questionnaire=task.questionnaire).exists()
    task.questionnaire.refresh_from_db()
    assert not task.questionnaire.is_published


def test_demo_commission_gives_the_demo_expert_done_draft_and_open_work(settings, mailoutbox):
    from practices import demo
    from practices.models import Review
    from resursnaya_sreda.kernel import demo as kernel_demo

    programme = kernel_demo.populate().programme
    demo.populate(programme)
    expert_reviews = Review.objects.filter(expert__email="expert@example.org")
    assert expert_reviews.filter(state=ReviewState.SUBMITTED).count() == 2
    assert expert_reviews.filter(state=ReviewState.DRAFT).count() == 1
    assert Criterion.objects.filter(commission__programme=programme).count() == 5
    count = Review.objects.count()
    demo.populate(programme)
    assert Review.objects.count() == count


def test_with_a_commission_the_manual_publish_is_refused(submitted_a, federal, commission):
    from practices import services

    with pytest.raises(services.TransitionError, match="решением экспертной комиссии"):
        services.questionnaire_publish(questionnaire=submitted_a, by=federal)
    assert not policy_can_publish(federal, submitted_a)


def policy_can_publish(user, questionnaire):
    from practices import permissions

    return permissions.can_publish_questionnaire(user, questionnaire)


def test_without_a_commission_the_manual_publish_still_works(submitted_a, federal):
    from practices import services

    assert services.questionnaire_publish(questionnaire=submitted_a, by=federal).is_published


def test_demo_published_practices_are_commission_decisions(settings, mailoutbox):
    from practices import demo
    from practices.models import Decision
    from resursnaya_sreda.kernel import demo as kernel_demo

    programme = kernel_demo.populate().programme
    demo.populate(programme)
    published = Questionnaire.objects.filter(programme=programme, published_at__isnull=False)
    assert published.exists()
    best = Decision.objects.filter(outcome="best")
    assert set(best.values_list("questionnaire_id", flat=True)) == set(
        published.values_list("pk", flat=True)
    )
    # The commission also turned some down; those are not in the catalogue.
    assert Decision.objects.filter(outcome="not_selected").exists()

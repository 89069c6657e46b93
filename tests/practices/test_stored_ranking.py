"""The commission's ranking is kept, not recomputed: after every kind of change — a review
submitted, deleted, moved to another expert or questionnaire, an admission withdrawn, a new
criteria revision — the stored rows equal what the database aggregates from the reviews."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practices import selectors
from practices.models import Admission, Assignment, RankingRow, Review, ReviewState
from practices.services import commission as commission_services
from practices.services import ranking
from tests.factories import OrganisationFactory, region
from tests.practices.conftest import score
from tests.practices.ranking_reference import ranking_recomputed

pytestmark = pytest.mark.django_db

FIELDS = ("review_count", "mean", "median", "spread", "z_mean")


def stored_equals_recomputed(commission) -> None:
    stored = {
        q.pk: {f: getattr(q, f) for f in FIELDS}
        for q in selectors.ranking(commission, normalised=True)
    }
    recomputed = {
        q.pk: {f: getattr(q, f) for f in FIELDS}
        for q in ranking_recomputed(commission, normalised=True)
    }
    assert stored.keys() == recomputed.keys()
    for pk, row in recomputed.items():
        for field, value in row.items():
            if value is None:
                assert stored[pk][field] is None, (pk, field)
            else:
                assert stored[pk][field] == pytest.approx(value, abs=1e-9), (pk, field)


@pytest.fixture
def board(commission, make_expert, admitted):
    organisation = OrganisationFactory(name="АНО «Свойство»", region=region("16"))
    questionnaires = [admitted(organisation, title=f"Анкета {n}") for n in range(4)]
    experts = [make_expert(f"p{n}") for n in range(3)]
    return questionnaires, experts


def submitted_review(questionnaire, expert, total: Decimal) -> Review:
    """A submitted review as the scale bench or an import would write it (no service)."""
    assignment = Assignment.objects.create(questionnaire=questionnaire, expert=expert)
    return Review.objects.create(
        assignment=assignment,
        questionnaire=questionnaire,
        expert=expert,
        state=ReviewState.SUBMITTED,
        total=total,
        submitted_at=timezone.now(),
    )


CHANGES = st.lists(
    st.tuples(
        st.sampled_from(["add", "add", "add", "delete", "move_expert", "move_q", "admission"]),
        st.integers(0, 3),
        st.integers(0, 2),
        st.integers(0, 100),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=CHANGES)
def test_stored_ranking_equals_recomputed_after_random_changes(commission, board, changes):
    questionnaires, experts = board
    try:
        with transaction.atomic():
            apply_changes(commission, questionnaires, experts, changes)
            raise Rollback
    except Rollback:
        pass


class Rollback(Exception):
    """Undoes one example's changes so the next starts from the same board."""


def taken(questionnaire, expert) -> bool:
    return (
        Assignment.objects.filter(questionnaire=questionnaire, expert=expert).exists()
        or Review.objects.filter(questionnaire=questionnaire, expert=expert).exists()
    )


def apply_changes(commission, questionnaires, experts, changes) -> None:
    for kind, q, e, value in changes:
        questionnaire, expert = questionnaires[q], experts[e]
        existing = Review.objects.filter(questionnaire=questionnaire).order_by("pk")
        if kind == "add":
            if not taken(questionnaire, expert):
                submitted_review(questionnaire, expert, Decimal(value) / 10)
        elif kind == "delete" and existing:
            existing.first().assignment.delete()  # the review goes with it
        elif kind == "move_expert" and existing:
            review = existing.last()
            if not taken(questionnaire, expert):
                review.expert = expert
                review.save()
        elif kind == "move_q" and existing:
            review = existing.first()
            target = questionnaires[(q + 1) % len(questionnaires)]
            if not taken(target, review.expert):
                review.questionnaire = target
                review.save()
        elif kind == "admission":
            admission = Admission.objects.get(questionnaire=questionnaire)
            admission.admitted = not admission.admitted
            admission.reason = "" if admission.admitted else "Не соответствует теме конкурса."
            admission.save()
        stored_equals_recomputed(commission)


def test_rows_follow_submission_through_the_service(commission, board, federal):
    (q1, q2, *_), (e1, e2, _e3) = board
    for questionnaire, expert, a, b in ((q1, e1, 9, 6), (q2, e1, 3, 3), (q1, e2, 5, 5)):
        assignment = commission_services.assignment_create(
            questionnaire=questionnaire, expert=expert, by=federal
        )
        score(assignment, expert, commission, a, b)
    row = RankingRow.objects.get(questionnaire=q1)
    assert row.review_count == 2
    assert row.mean == pytest.approx((8 + 5) / 2)
    assert row.spread == pytest.approx(3)
    # e1: totals 8 and 3 → z +1 and −1; e2 has one review → 0.
    assert row.z_mean == pytest.approx(0.5)
    stored_equals_recomputed(commission)


def test_a_draft_changes_nothing_stored(commission, board, federal, django_assert_num_queries):
    (q1, *_), (e1, *_) = board
    assignment = commission_services.assignment_create(questionnaire=q1, expert=e1, by=federal)
    before = RankingRow.objects.get(questionnaire=q1).refreshed_at
    score(assignment, e1, commission, 5, 5, submit=False)
    assert RankingRow.objects.get(questionnaire=q1).refreshed_at == before


def test_withdrawn_admission_removes_the_row(commission, board, federal):
    (q1, *_), _experts = board
    assert RankingRow.objects.filter(questionnaire=q1).exists()
    commission_services.admission_decide(
        questionnaire=q1, by=federal, admitted=False, reason="Не по теме конкурса."
    )
    assert not RankingRow.objects.filter(questionnaire=q1).exists()
    stored_equals_recomputed(commission)


def test_new_criteria_revision_keeps_the_ranking_and_stamps_it(commission, board, federal):
    (q1, q2, *_), (e1, e2, _e3) = board
    submitted_review(q1, e1, Decimal("7.5"))
    submitted_review(q2, e2, Decimal("4"))
    RankingRow.objects.filter(questionnaire=q1).update(mean=0)  # tampered with
    commission_services.criteria_new_revision(commission=commission, by=federal)
    commission.refresh_from_db()
    assert RankingRow.objects.get(questionnaire=q1).mean == pytest.approx(7.5)
    assert timezone.now() - commission.ranking_refreshed_at < datetime.timedelta(minutes=1)
    stored_equals_recomputed(commission)


def test_rebuild_restores_rows_written_in_bulk(commission, board):
    (q1, q2, *_), (e1, e2, _e3) = board
    Review.objects.bulk_create(
        Review(
            assignment=Assignment.objects.create(questionnaire=q, expert=e),
            questionnaire=q,
            expert=e,
            state=ReviewState.SUBMITTED,
            total=Decimal(t),
            submitted_at=timezone.now(),
        )
        for q, e, t in ((q1, e1, 8), (q2, e1, 2), (q2, e2, 6))
    )
    ranking.rebuild(commission.programme_id)
    stored_equals_recomputed(commission)


def test_ranking_page_shows_the_freshness_stamp_and_counts_rows(
    login, federal, commission, board, django_assert_num_queries
):
    (q1, *_), (e1, *_) = board
    submitted_review(q1, e1, Decimal("6"))
    client = login(federal)
    url = f"/admin/practices/commission/{commission.pk}/ranking/"
    html = client.get(url).content.decode()
    assert "Рейтинг пересчитан" in html
    assert "Анкета 0" in html

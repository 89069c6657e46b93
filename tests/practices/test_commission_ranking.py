"""The ranking's arithmetic against hand-computed numbers, all by database aggregation."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from practices import selectors
from practices.services import commission as commission_services
from tests.factories import OrganisationFactory, region
from tests.practices.conftest import score
from tests.practices.ranking_reference import ranking_recomputed

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(commission, make_expert, admitted, federal):
    """Q1: totals 6, 10, 3; Q2: 9, 7, 5; Q3: 7, 5 (see the module's hand calculation).

    E1 scores Q1 6 and Q2 9 (mean 7.5, σ 1.5); E2 scores 10, 7, 7 (mean 8, σ √2);
    E3 has a single review (3); E4 gives identical totals (5, 5). Both of the last have σ 0.
    """
    organisation = OrganisationFactory(name="АНО «Рейтинг»", region=region("16"))
    q1 = admitted(organisation, title="Первая")
    q2 = admitted(organisation, title="Вторая")
    q3 = admitted(OrganisationFactory(name="АНО «Юг»", region=region("05")), title="Третья")
    e1, e2, e3, e4 = (make_expert(n) for n in ("e1", "e2", "e3", "e4"))
    plan = [
        (e1, q1, 7, 4),  # (14 + 4) / 3 = 6
        (e1, q2, 9, 9),  # 9
        (e2, q1, 10, 10),  # 10
        (e2, q2, 8, 5),  # (16 + 5) / 3 = 7
        (e2, q3, 8, 5),  # 7
        (e3, q1, 4, 1),  # (8 + 1) / 3 = 3
        (e4, q2, 5, 5),  # 5
        (e4, q3, 5, 5),  # 5
    ]
    for expert, questionnaire, a, b in plan:
        assignment = commission_services.assignment_create(
            questionnaire=questionnaire, expert=expert, by=federal
        )
        score(assignment, expert, commission, a, b)
    return q1, q2, q3


def rows(commission, **kwargs):
    return {q.title: q for q in selectors.ranking(commission, **kwargs)}


def test_weighted_total_of_one_review_is_sum_of_score_times_weight_over_weights(commission):
    criteria = list(commission.criteria.order_by("position"))
    values = {criteria[0].pk: 8, criteria[1].pk: 5}
    assert commission_services.weighted_total(values, criteria) == Decimal("7.0000")


def test_weighted_total_rounds_to_four_places(commission):
    criteria = list(commission.criteria.order_by("position"))
    values = {criteria[0].pk: 1, criteria[1].pk: 0}
    assert commission_services.weighted_total(values, criteria) == Decimal("0.6667")


def test_ranking_mean_of_weighted_totals(commission, scored):
    ranked = rows(commission)
    assert ranked["Первая"].mean == pytest.approx(19 / 3)
    assert ranked["Вторая"].mean == pytest.approx(7)
    assert ranked["Третья"].mean == pytest.approx(6)


def test_ranking_median_odd_and_even_counts(commission, scored):
    ranked = rows(commission)
    assert ranked["Первая"].median == pytest.approx(6)
    assert ranked["Вторая"].median == pytest.approx(7)
    assert ranked["Третья"].median == pytest.approx(6)  # (7 + 5) / 2


def test_ranking_count_and_spread(commission, scored):
    ranked = rows(commission)
    assert [ranked[t].review_count for t in ("Первая", "Вторая", "Третья")] == [3, 3, 2]
    assert [ranked[t].spread for t in ("Первая", "Вторая", "Третья")] == [7, 4, 2]


def test_disagreement_over_threshold_is_flagged(commission, scored):
    ranked = rows(commission)
    assert ranked["Первая"].disagreement is True
    assert ranked["Вторая"].disagreement is True
    assert ranked["Третья"].disagreement is False


def test_z_scores_against_each_experts_own_mean_and_deviation(commission, scored):
    ranked = rows(commission, normalised=True)
    root2 = math.sqrt(2)
    # E1: (6 − 7.5)/1.5 = −1; E2: (10 − 8)/√2; E3 has one review: 0.
    assert ranked["Первая"].z_mean == pytest.approx((-1 + 2 / root2 + 0) / 3)
    # E1: +1; E2: (7 − 8)/√2; E4 gave identical totals: 0.
    assert ranked["Вторая"].z_mean == pytest.approx((1 - 1 / root2 + 0) / 3)
    assert ranked["Третья"].z_mean == pytest.approx((-1 / root2 + 0) / 2)


def test_ranking_sorts_by_mean_descending_by_default(commission, scored):
    assert [q.title for q in selectors.ranking(commission)] == ["Вторая", "Первая", "Третья"]


def test_ranking_sorts_by_spread_and_z(commission, scored):
    assert [q.title for q in selectors.ranking(commission, order="spread")] == [
        "Первая",
        "Вторая",
        "Третья",
    ]
    assert [q.title for q in selectors.ranking(commission, order="z")] == [
        "Первая",
        "Вторая",
        "Третья",
    ]


def test_ranking_filters_by_region(commission, scored):
    titles = [q.title for q in selectors.ranking(commission, region_id=region("05").pk)]
    assert titles == ["Третья"]


def test_draft_reviews_do_not_count(commission, admitted, make_expert, federal):
    questionnaire = admitted(OrganisationFactory(region=region("16")), title="Черновая")
    expert = make_expert("drafty")
    assignment = commission_services.assignment_create(
        questionnaire=questionnaire, expert=expert, by=federal
    )
    score(assignment, expert, commission, 10, 10, submit=False)
    ranked = rows(commission)
    assert ranked["Черновая"].review_count == 0
    assert ranked["Черновая"].mean is None


def test_ranking_runs_in_one_query(commission, scored, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(selectors.ranking(commission))


def test_normalised_ranking_reads_stored_rows_in_one_query(
    commission, scored, django_assert_num_queries
):
    with django_assert_num_queries(1):
        list(selectors.ranking(commission, normalised=True))


def test_recomputed_ranking_runs_in_two_queries(commission, scored, django_assert_num_queries):
    with django_assert_num_queries(2):
        list(ranking_recomputed(commission, normalised=True))

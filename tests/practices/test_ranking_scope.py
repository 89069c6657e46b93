"""What enters the commission's ranking and its z-scores, and what an expert's own lists hold.

A second programme's questionnaires, questionnaires not admitted to expertise and reviews not yet
submitted must never move a practice in the ranking: the federal centre would publish on numbers
that are not this commission's.
"""

from __future__ import annotations

import datetime
import math

import pytest

from practices import selectors
from practices.models import (
    Admission,
    Assignment,
    AssignmentState,
    CommissionMember,
    Criterion,
    MemberRole,
    QuestionnaireState,
)
from practices.services import commission as commission_services
from tests.factories import OrganisationFactory, ProgrammeFactory, UserFactory, region
from tests.practices.conftest import QuestionnaireFactory, fill, score

pytestmark = pytest.mark.django_db


def _assign_and_score(federal, commission, questionnaire, expert, a, b, *, submit=True):
    assignment = commission_services.assignment_create(
        questionnaire=questionnaire, expert=expert, by=federal
    )
    return score(assignment, expert, commission, a, b, submit=submit)


def titles(commission, **kwargs):
    return [q.title for q in selectors.ranking(commission, **kwargs)]


@pytest.fixture
def two(commission, make_expert, admitted, federal):
    """«Сильная»: 10 and 8 (mean 9); «Слабая»: 4 and 2 (mean 3), by the experts E1 and E2."""
    organisation = OrganisationFactory(name="АНО «Два»", region=region("16"))
    strong = admitted(organisation, title="Сильная")
    weak = admitted(OrganisationFactory(region=region("05")), title="Слабая")
    e1, e2 = make_expert("e1"), make_expert("e2")
    _assign_and_score(federal, commission, strong, e1, 10, 10)
    _assign_and_score(federal, commission, strong, e2, 8, 8)
    _assign_and_score(federal, commission, weak, e1, 4, 4)
    _assign_and_score(federal, commission, weak, e2, 2, 2)
    return strong, weak, e1, e2


@pytest.fixture
def second_programme(federal, two):
    """Another programme with its own commission, where E1 also scores (very harshly)."""
    programme = ProgrammeFactory(title="Ресурсная среда — другая")
    other = commission_services.commission_for(programme)
    Criterion.objects.create(commission=other, name="Польза", weight=2, position=1)
    Criterion.objects.create(
        commission=other, name="Тиражируемость", weight=1, position=2, comment_required=True
    )
    strong, weak, e1, e2 = two
    CommissionMember.objects.create(commission=other, user=e1, role=MemberRole.EXPERT)
    questionnaire = fill(
        QuestionnaireFactory(
            programme=programme, organisation=OrganisationFactory(region=region("16"))
        ),
        title="Чужая программа",
    )
    questionnaire.state = QuestionnaireState.SUBMITTED
    questionnaire.save()
    commission_services.admission_decide(questionnaire=questionnaire, by=federal, admitted=True)
    _assign_and_score(federal, other, questionnaire, e1, 0, 0)
    return other, questionnaire


def test_another_programmes_questionnaires_stay_out_of_the_ranking(
    commission, two, second_programme
):
    assert titles(commission) == ["Сильная", "Слабая"]
    other, _questionnaire = second_programme
    assert titles(other) == ["Чужая программа"]


def test_another_programmes_reviews_do_not_change_the_z_scores(commission, two, second_programme):
    """E1 gave 0 elsewhere: counted here, their mean would drop and «Сильная» would rise."""
    ranked = {q.title: q for q in selectors.ranking(commission, normalised=True)}
    # Each expert: totals 10 and 4 (E1), 8 and 2 (E2): z = ±1 for both.
    assert ranked["Сильная"].z_mean == pytest.approx(1)
    assert ranked["Слабая"].z_mean == pytest.approx(-1)


def test_draft_reviews_do_not_change_the_z_scores(commission, two, admitted, make_expert, federal):
    strong, weak, e1, e2 = two
    third = admitted(OrganisationFactory(region=region("16")), title="Третья")
    _assign_and_score(federal, commission, third, e1, 0, 0, submit=False)
    ranked = {q.title: q for q in selectors.ranking(commission, normalised=True)}
    assert ranked["Сильная"].z_mean == pytest.approx(1)
    assert ranked["Третья"].z_mean is None
    assert ranked["Третья"].review_count == 0


def test_questionnaires_not_admitted_stay_out_of_the_ranking(
    commission, two, make_questionnaire, federal
):
    refused = make_questionnaire(
        OrganisationFactory(region=region("16")), state=QuestionnaireState.SUBMITTED, title="Нет"
    )
    commission_services.admission_decide(
        questionnaire=refused, by=federal, admitted=False, reason="Не по теме программы"
    )
    make_questionnaire(
        OrganisationFactory(region=region("16")),
        state=QuestionnaireState.SUBMITTED,
        title="Не рассмотрена",
    )
    assert Admission.objects.filter(questionnaire=refused, admitted=False).exists()
    assert titles(commission) == ["Сильная", "Слабая"]


def test_ranking_sorts_both_ways_and_by_every_column(commission, two):
    assert titles(commission, descending=False) == ["Слабая", "Сильная"]
    assert titles(commission, order="median") == ["Сильная", "Слабая"]
    assert titles(commission, order="median", descending=False) == ["Слабая", "Сильная"]
    assert titles(commission, order="z", descending=False) == ["Слабая", "Сильная"]
    # An unknown key in the URL sorts by the mean, not an error.
    assert titles(commission, order="nonsense") == ["Сильная", "Слабая"]


def test_a_questionnaire_without_reviews_comes_last_either_way(commission, two, admitted):
    admitted(OrganisationFactory(region=region("16")), title="Без оценок")
    assert titles(commission)[-1] == "Без оценок"
    assert titles(commission, descending=False)[-1] == "Без оценок"
    # A count is never empty: no reviews is 0, the smallest.
    assert titles(commission, order="count", descending=False) == [
        "Без оценок",
        "Сильная",
        "Слабая",
    ]


def test_ranking_filters_by_direction(commission, two, admitted):
    from practices.models import Direction

    strong, weak, *_ = two
    other_direction = Direction.objects.exclude(pk=strong.direction_id).order_by("position")[0]
    admitted(OrganisationFactory(region=region("16")), title="Другая", direction=other_direction)
    assert titles(commission, direction_id=other_direction.pk) == ["Другая"]
    assert "Другая" not in titles(commission, direction_id=strong.direction_id)


def test_a_spread_equal_to_the_threshold_is_not_a_disagreement(commission, two):
    """«Сильная» has totals 10 and 8: a spread of 2."""
    commission.disagreement_threshold = 2
    ranked = {q.title: q for q in selectors.ranking(commission)}
    assert ranked["Сильная"].spread == 2
    assert ranked["Сильная"].disagreement is False
    commission.disagreement_threshold = 1.5
    ranked = {q.title: q for q in selectors.ranking(commission)}
    assert ranked["Сильная"].disagreement is True


def test_an_expert_with_a_tiny_real_spread_still_gets_z_scores(
    commission, make_expert, admitted, federal
):
    first = admitted(OrganisationFactory(region=region("16")), title="Первая")
    second = admitted(OrganisationFactory(region=region("16")), title="Вторая")
    expert = make_expert("fine")
    _assign_and_score(federal, commission, first, expert, 5, 5)
    _assign_and_score(federal, commission, second, expert, 5, 6)
    ranked = {q.title: q for q in selectors.ranking(commission, normalised=True)}
    assert ranked["Первая"].z_mean == pytest.approx(-1)
    assert ranked["Вторая"].z_mean == pytest.approx(1)
    assert not math.isnan(ranked["Первая"].z_mean)


# --- The expert's own lists -------------------------------------------------------------------


def test_an_expert_lists_only_their_active_assignments_by_due_date(
    commission, admitted, make_expert, federal
):
    expert, colleague = make_expert("mine"), make_expert("theirs")
    organisation = OrganisationFactory(region=region("16"))
    later = admitted(organisation, title="Позже")
    sooner = admitted(organisation, title="Раньше")
    conflicted = admitted(organisation, title="Конфликт")
    others = admitted(organisation, title="Коллеги")
    today = datetime.date(2026, 12, 1)
    Assignment.objects.create(questionnaire=later, expert=expert, due_on=today.replace(day=20))
    Assignment.objects.create(questionnaire=sooner, expert=expert, due_on=today.replace(day=5))
    Assignment.objects.create(
        questionnaire=conflicted, expert=expert, state=AssignmentState.CONFLICT
    )
    Assignment.objects.create(questionnaire=others, expert=colleague)
    tasks = list(selectors.expert_tasks(expert))
    assert [a.questionnaire.title for a in tasks] == ["Раньше", "Позже"]
    assert selectors.expert_progress(expert) == (0, 2)
    assert list(selectors.expert_tasks(UserFactory())) == []


def test_progress_counts_submitted_reviews_not_drafts(commission, admitted, make_expert, federal):
    expert = make_expert("progress")
    organisation = OrganisationFactory(region=region("16"))
    done = admitted(organisation, title="Готово")
    drafted = admitted(organisation, title="Черновик")
    untouched = admitted(organisation, title="Не начата")
    _assign_and_score(federal, commission, done, expert, 5, 5)
    _assign_and_score(federal, commission, drafted, expert, 5, 5, submit=False)
    commission_services.assignment_create(questionnaire=untouched, expert=expert, by=federal)
    assert selectors.expert_progress(expert) == (1, 3)


def test_the_score_distribution_counts_submitted_scores_of_the_programme_and_regions(
    commission, two, second_programme, admitted, make_expert, federal
):
    """The dashboard's chart: how many submitted criterion scores gave each number of points,
    for the chosen regions' questionnaires of this programme only."""
    strong, weak, _e1, _e2 = two
    draft = admitted(OrganisationFactory(region=region("16")), title="Черновая оценка")
    _assign_and_score(federal, commission, draft, make_expert("e3"), 6, 6, submit=False)
    tatarstan, dagestan = strong.organisation.region_id, weak.organisation.region_id
    programme = commission.programme_id
    # Two criteria per review: «Сильная» 10+10 and 8+8 (Татарстан), «Слабая» 4+4 and 2+2.
    assert selectors.score_distribution(programme, [tatarstan]) == {8: 2, 10: 2}
    assert list(selectors.score_distribution(programme, [tatarstan, dagestan])) == [2, 4, 8, 10]
    assert selectors.score_distribution(programme, [dagestan]) == {2: 2, 4: 2}
    assert selectors.score_distribution(programme, []) == {}

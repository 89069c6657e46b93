"""Who acts in the expert commission: a secretary admits only in their own commission, an expert
scores only their own active assignment, everything else belongs to the federal centre."""

from __future__ import annotations

import pytest
from django.http import Http404

from practices import permissions
from practices.models import Assignment, AssignmentState, CommissionMember, MemberRole
from practices.services import commission as commission_services
from resursnaya_sreda.accounts.models import Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_commission(db):
    return commission_services.commission_for(ProgrammeFactory(title="Другая программа"))


def _member(commission, role, name):
    user = UserFactory(email=f"{name}@commission.example")
    MembershipFactory(user=user, role=Role.EXPERT)
    CommissionMember.objects.create(commission=commission, user=user, role=role)
    return user


def test_a_secretary_admits_in_their_own_commission_only(commission, other_commission):
    secretary = _member(commission, MemberRole.SECRETARY, "secretary")
    assert permissions.can_admit(secretary, commission)
    assert not permissions.can_admit(secretary, other_commission)


def test_the_chair_and_experts_do_not_admit(commission):
    assert not permissions.can_admit(_member(commission, MemberRole.CHAIR, "chair"), commission)
    assert not permissions.can_admit(_member(commission, MemberRole.EXPERT, "e"), commission)


def test_a_secretary_does_not_assign_decide_or_manage(commission):
    secretary = _member(commission, MemberRole.SECRETARY, "secretary")
    assert not permissions.can_assign(secretary, commission)
    assert not permissions.can_decide(secretary, commission)
    assert not permissions.can_manage_commission(secretary)
    assert not permissions.can_see_all_reviews(secretary)


def test_the_federal_centre_does_everything_in_every_commission(
    federal, commission, other_commission
):
    for each in (commission, other_commission):
        assert permissions.can_admit(federal, each)
        assert permissions.can_assign(federal, each)
        assert permissions.can_decide(federal, each)
    assert permissions.can_manage_commission(federal)
    assert permissions.can_see_all_reviews(federal)


def test_regional_staff_and_anonymous_visitors_have_no_say(regional_a, anonymous, commission):
    for user in (regional_a, anonymous):
        assert not permissions.can_admit(user, commission)
        assert not permissions.can_assign(user, commission)
        assert not permissions.can_decide(user, commission)
        assert not permissions.can_manage_commission(user)
        assert not permissions.can_see_all_reviews(user)


@pytest.fixture
def assignment(admitted, make_expert, federal):
    questionnaire = admitted(OrganisationFactory(region=region("16")), title="На оценке")
    expert = make_expert("scorer")
    return commission_services.assignment_create(
        questionnaire=questionnaire, expert=expert, by=federal
    )


def test_an_expert_scores_their_own_active_assignment(assignment):
    expert = assignment.expert
    assert permissions.can_score(expert, assignment)
    found = permissions.get_assignment_for_expert(expert, assignment.pk)
    assert found == assignment
    assert found.questionnaire.organisation.region.name


def test_another_expert_gets_a_404_for_the_assignment(assignment, make_expert):
    colleague = make_expert("colleague")
    assert not permissions.can_score(colleague, assignment)
    with pytest.raises(Http404):
        permissions.get_assignment_for_expert(colleague, assignment.pk)


def test_a_declared_conflict_ends_the_scoring(assignment):
    Assignment.objects.filter(pk=assignment.pk).update(state=AssignmentState.CONFLICT)
    assignment.refresh_from_db()
    assert not permissions.can_score(assignment.expert, assignment)
    with pytest.raises(Http404):
        permissions.get_assignment_for_expert(assignment.expert, assignment.pk)


def test_losing_the_expert_role_ends_the_scoring(assignment):
    from resursnaya_sreda.accounts.models import Membership

    expert = assignment.expert
    Membership.objects.filter(user=expert).delete()
    fresh = UserFactory._meta.model.objects.get(pk=expert.pk)
    assert not permissions.can_score(fresh, assignment)
    with pytest.raises(Http404):
        permissions.get_assignment_for_expert(fresh, assignment.pk)


def test_a_federal_coordinator_does_not_score_for_an_expert(assignment, federal, anonymous):
    assert not permissions.can_score(federal, assignment)
    assert not permissions.can_score(anonymous, assignment)
    for pk in (assignment.pk, "abc", None, 10**9):
        with pytest.raises(Http404):
            permissions.get_assignment_for_expert(federal, pk)

"""Admission and assignment: balance, exclusions, conflicts; the algorithm with hypothesis."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from practices.models import Admission, Assignment, AssignmentState, QuestionnaireState
from practices.services import commission as commission_services
from practices.services.commission import CommissionError, plan_assignments
from tests.factories import OrganisationFactory, region

# --- The pure algorithm ---------------------------------------------------------------------

questionnaire_lists = st.lists(
    st.tuples(st.integers(1, 6), st.integers(1, 4)), min_size=0, max_size=40
)
expert_lists = st.lists(
    st.tuples(
        st.frozensets(st.integers(1, 6), max_size=2), st.frozensets(st.integers(1, 4), max_size=1)
    ),
    min_size=1,
    max_size=8,
)


def _plan(questionnaires, experts, n, same_region, blocked=None):
    qs = [(i + 1, org, reg) for i, (org, reg) in enumerate(questionnaires)]
    es = [(100 + i, set(orgs), set(regs)) for i, (orgs, regs) in enumerate(experts)]
    pairs = plan_assignments(
        questionnaires=qs,
        experts=es,
        taken={},
        blocked=blocked or {},
        loads={},
        per_questionnaire=n,
        exclude_same_region=same_region,
    )
    return qs, es, pairs


@settings(max_examples=150, deadline=None)
@given(questionnaire_lists, expert_lists, st.integers(1, 3), st.booleans())
def test_plan_never_breaks_an_exclusion_and_never_repeats_a_pair(
    questionnaires, experts, n, same_region
):
    qs, es, pairs = _plan(questionnaires, experts, n, same_region)
    by_id = {q[0]: q for q in qs}
    places = {e[0]: e for e in es}
    assert len(pairs) == len(set(pairs))
    for q, e in pairs:
        _qid, organisation, reg = by_id[q]
        assert organisation not in places[e][1]
        if same_region:
            assert reg not in places[e][2]


@settings(max_examples=150, deadline=None)
@given(questionnaire_lists, expert_lists, st.integers(1, 3), st.booleans())
def test_plan_gives_each_questionnaire_n_experts_or_every_eligible_one(
    questionnaires, experts, n, same_region
):
    qs, es, pairs = _plan(questionnaires, experts, n, same_region)
    for qid, organisation, reg in qs:
        eligible = [e for e in es if organisation not in e[1] and not (same_region and reg in e[2])]
        got = sum(1 for q, _e in pairs if q == qid)
        assert got == min(n, len(eligible))


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 40), st.integers(1, 8), st.integers(1, 3))
def test_plan_balances_loads_within_one_without_exclusions(count, expert_count, n):
    n = min(n, expert_count)
    questionnaires = [(1, 1)] * count
    experts = [(frozenset(), frozenset())] * expert_count  # nobody excluded anywhere
    _qs, es, pairs = _plan(questionnaires, experts, n, False)
    loads = [sum(1 for _q, e in pairs if e == expert[0]) for expert in es]
    assert max(loads) - min(loads) <= 1
    assert sum(loads) == count * n


@settings(max_examples=100, deadline=None)
@given(questionnaire_lists, expert_lists, st.integers(1, 3))
def test_plan_skips_experts_who_declared_a_conflict(questionnaires, experts, n):
    blocked = {1: {100}}
    _qs, _es, pairs = _plan(questionnaires, experts, n, False, blocked=blocked)
    assert (1, 100) not in pairs


# --- Through the database ---------------------------------------------------------------------


@pytest.mark.django_db
def test_refusal_needs_a_reason(make_questionnaire, applicant_organisation, federal, commission):
    questionnaire = make_questionnaire(applicant_organisation, state=QuestionnaireState.SUBMITTED)
    with pytest.raises(ValidationError, match="Укажите причину недопуска") as caught:
        commission_services.admission_decide(
            questionnaire=questionnaire, by=federal, admitted=False
        )
    assert "reason" in caught.value.message_dict


@pytest.mark.django_db
def test_refusal_is_stored_with_the_reason_for_the_applicant(
    make_questionnaire, applicant_organisation, federal, commission
):
    questionnaire = make_questionnaire(applicant_organisation, state=QuestionnaireState.SUBMITTED)
    commission_services.admission_decide(
        questionnaire=questionnaire, by=federal, admitted=False, reason="Практика не муниципальная"
    )
    assert Admission.objects.get(questionnaire=questionnaire).reason == "Практика не муниципальная"


@pytest.mark.django_db
def test_a_draft_cannot_be_admitted(
    make_questionnaire, applicant_organisation, federal, commission
):
    draft = make_questionnaire(applicant_organisation)
    with pytest.raises(CommissionError, match="Допускать можно только поданные анкеты"):
        commission_services.admission_decide(questionnaire=draft, by=federal, admitted=True)


@pytest.mark.django_db
def test_regional_staff_may_not_admit(submitted_a, regional_a, commission):
    with pytest.raises(PermissionDenied):
        commission_services.admission_decide(
            questionnaire=submitted_a, by=regional_a, admitted=True
        )


@pytest.mark.django_db
def test_the_secretary_may_admit(submitted_a, commission):
    from practices.models import CommissionMember, MemberRole
    from tests.factories import UserFactory

    secretary = UserFactory(email="secretary@test.example")
    CommissionMember.objects.create(
        commission=commission, user=secretary, role=MemberRole.SECRETARY
    )
    admission = commission_services.admission_decide(
        questionnaire=submitted_a, by=secretary, admitted=True
    )
    assert admission.admitted is True


@pytest.mark.django_db
def test_unadmitted_questionnaire_cannot_be_assigned(submitted_a, federal, make_expert):
    with pytest.raises(CommissionError, match="Анкета не допущена к экспертизе"):
        commission_services.assignment_create(
            questionnaire=submitted_a, expert=make_expert("x"), by=federal
        )


@pytest.mark.django_db
def test_expert_of_the_applicant_organisation_is_refused(
    admitted, applicant_organisation, federal, make_expert
):
    questionnaire = admitted(applicant_organisation)
    insider = make_expert("insider", organisation=applicant_organisation)
    with pytest.raises(CommissionError, match="организации-заявителе"):
        commission_services.assignment_create(
            questionnaire=questionnaire, expert=insider, by=federal
        )


@pytest.mark.django_db
def test_same_region_is_refused_when_the_commission_says_so(
    admitted, applicant_organisation, federal, make_expert, commission
):
    commission.exclude_same_region = True
    commission.save()
    questionnaire = admitted(applicant_organisation)  # Tatarstan
    neighbour = make_expert("kazan", organisation=OrganisationFactory(region=region("16")))
    with pytest.raises(CommissionError, match="того же региона"):
        commission_services.assignment_create(
            questionnaire=questionnaire, expert=neighbour, by=federal
        )


@pytest.mark.django_db
def test_automatic_assignment_gives_two_experts_each_and_balances(admitted, federal, make_expert):
    questionnaires = [admitted(OrganisationFactory(region=region("16"))) for _ in range(5)]
    experts = [make_expert(f"auto{i}") for i in range(3)]
    created = commission_services.assign_automatically(
        commission=questionnaires[0].programme.commission, by=federal
    )
    assert len(created) == 10
    loads = [Assignment.objects.filter(expert=e).count() for e in experts]
    assert max(loads) - min(loads) <= 1


@pytest.mark.django_db
def test_automatic_assignment_is_idempotent(admitted, federal, make_expert, commission):
    admitted(OrganisationFactory(region=region("16")))
    make_expert("a"), make_expert("b"), make_expert("c")
    commission_services.assign_automatically(commission=commission, by=federal)
    assert commission_services.assign_automatically(commission=commission, by=federal) == []


@pytest.mark.django_db
def test_conflict_frees_the_questionnaire_and_reassignment_skips_the_expert(
    admitted, federal, make_expert, commission
):
    questionnaire = admitted(OrganisationFactory(region=region("16")))
    first, _second, third = make_expert("c1"), make_expert("c2"), make_expert("c3")
    commission_services.assign_automatically(commission=commission, by=federal)
    assignment = Assignment.objects.get(questionnaire=questionnaire, expert=first)
    commission_services.assignment_declare_conflict(
        assignment=assignment, by=first, reason="Родственник"
    )
    created = commission_services.assign_automatically(commission=commission, by=federal)
    assert [(a.questionnaire_id, a.expert_id) for a in created] == [(questionnaire.pk, third.pk)]
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.CONFLICT


@pytest.mark.django_db
def test_only_the_assigned_expert_declares_a_conflict(admitted, federal, make_expert):
    questionnaire = admitted(OrganisationFactory(region=region("16")))
    owner, other = make_expert("own"), make_expert("other")
    assignment = commission_services.assignment_create(
        questionnaire=questionnaire, expert=owner, by=federal
    )
    with pytest.raises(PermissionDenied):
        commission_services.assignment_declare_conflict(assignment=assignment, by=other, reason="x")


@pytest.mark.django_db
def test_third_expert_is_added_with_one_action(admitted, federal, make_expert, commission):
    questionnaire = admitted(OrganisationFactory(region=region("16")))
    make_expert("t1"), make_expert("t2"), make_expert("t3")
    commission_services.assign_automatically(commission=commission, by=federal)
    commission_services.assign_third_expert(questionnaire=questionnaire, by=federal)
    assert questionnaire.assignments.filter(state=AssignmentState.ACTIVE).count() == 3


@pytest.mark.django_db
def test_third_expert_without_a_free_expert_says_so(admitted, federal, make_expert, commission):
    questionnaire = admitted(OrganisationFactory(region=region("16")))
    make_expert("only1"), make_expert("only2")
    commission_services.assign_automatically(commission=commission, by=federal)
    with pytest.raises(CommissionError, match="Нет свободного эксперта"):
        commission_services.assign_third_expert(questionnaire=questionnaire, by=federal)


@pytest.mark.django_db
def test_reminder_goes_once_to_experts_with_a_due_unsubmitted_review(
    admitted, federal, make_expert, commission, mailoutbox, django_capture_on_commit_callbacks
):
    import datetime

    from django.core.management import call_command

    questionnaire = admitted(OrganisationFactory(region=region("16")))
    soon, later = make_expert("soon"), make_expert("later")
    today = timezone.localdate()
    commission_services.assignment_create(
        questionnaire=questionnaire,
        expert=soon,
        by=federal,
        due_on=today + datetime.timedelta(days=2),
    )
    commission_services.assignment_create(
        questionnaire=questionnaire,
        expert=later,
        by=federal,
        due_on=today + datetime.timedelta(days=20),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_reminders")
        call_command("send_review_reminders")
    assert [m.to for m in mailoutbox] == [[soon.email]]
    assert "Напоминание" in mailoutbox[0].subject

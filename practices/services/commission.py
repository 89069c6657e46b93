"""Writes of step 1's expert commission: criteria and members, admission, assignment (by hand
and automatic, balancing loads), scoring, decisions, and the experts' reminders.

The same functions serve the admin, the demo loader and the tests; none takes a request.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from practices import permissions as policy
from practices.models import (
    REVIEWABLE_STATES,
    Admission,
    Assignment,
    AssignmentState,
    Commission,
    CommissionMember,
    Criterion,
    Decision,
    MemberRole,
    Outcome,
    Questionnaire,
    Recommendation,
    Review,
    ReviewState,
    Score,
)
from practices.services import ranking
from practices.services.errors import CommissionError
from practices.services.questionnaires import questionnaire_publish, questionnaire_unpublish
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.accounts.models import Membership, Role, User
from resursnaya_sreda.kernel.mail import send_email
from resursnaya_sreda.kernel.models import Programme

TOTAL_QUANTUM = Decimal("0.0001")


# --- The commission and its criteria -----------------------------------------------------------


@transaction.atomic
def commission_for(programme: Programme) -> Commission:
    """The programme's commission, created with default settings on first use."""
    commission, _created = Commission.objects.get_or_create(programme=programme)
    return commission


def scoring_started(commission: Commission) -> bool:
    """Once any score exists under the current criteria, they are frozen."""
    return Score.objects.filter(
        criterion__commission=commission, criterion__is_active=True
    ).exists()


def active_criteria(commission: Commission) -> list[Criterion]:
    return list(commission.criteria.filter(is_active=True).order_by("position", "pk"))


@transaction.atomic
def criterion_save(*, criterion: Criterion, by: Any) -> Criterion:
    """Add or change a criterion while nobody has scored under the current revision."""
    if not roles.is_federal(by):
        raise PermissionDenied
    if criterion.pk is not None and not criterion.is_active:
        raise CommissionError(_("Критерий прежней редакции не изменяется: по нему уже оценивали."))
    if scoring_started(criterion.commission):
        raise CommissionError(
            _(
                "Эксперты уже оценивают по этим критериям. Чтобы изменить их, создайте новую "
                "редакцию критериев: прежние оценки останутся читаемыми."
            )
        )
    criterion.revision = criterion.commission.criteria_revision
    criterion.full_clean(exclude=["commission"])
    criterion.save()
    return criterion


@transaction.atomic
def criteria_new_revision(*, commission: Commission, by: Any) -> list[Criterion]:
    """The explicit action that unfreezes criteria: the current ones are retired (their scores
    stay readable) and copied into a new, editable revision."""
    if not roles.is_federal(by):
        raise PermissionDenied
    commission = Commission.objects.select_for_update().get(pk=commission.pk)
    current = active_criteria(commission)
    commission.criteria_revision += 1
    commission.save(update_fields=["criteria_revision"])
    Criterion.objects.filter(pk__in=[c.pk for c in current]).update(is_active=False)
    copies = []
    for old in current:
        copy = Criterion(
            commission=commission,
            name=old.name,
            description=old.description,
            scale_min=old.scale_min,
            scale_max=old.scale_max,
            weight=old.weight,
            position=old.position,
            comment_required=old.comment_required,
            revision=commission.criteria_revision,
        )
        copy.full_clean(exclude=["commission"])
        copy.save()
        copies.append(copy)
    # Totals keep their revision's weights; the stored ranking is checked through once.
    ranking.rebuild(commission.programme_id)
    return copies


@transaction.atomic
def member_add(*, commission: Commission, user: User, role: str, by: Any) -> CommissionMember:
    if not roles.is_federal(by):
        raise PermissionDenied
    if role == MemberRole.EXPERT and not roles.is_expert(user):
        raise CommissionError(_("Экспертом комиссии может быть только человек с ролью «Эксперт»."))
    member = CommissionMember(commission=commission, user=user, role=role)
    member.full_clean(exclude=["commission", "user"], validate_constraints=False)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as exc:
        raise CommissionError(_("Этот человек уже в комиссии или председатель уже есть.")) from exc
    return member


# --- Admission ------------------------------------------------------------------------------


@transaction.atomic
def admission_decide(
    *, questionnaire: Questionnaire, by: Any, admitted: bool, reason: str = ""
) -> Admission:
    """Admitted or not (with a reason the applicant sees) before any expert sees it."""
    commission = commission_for(questionnaire.programme)
    if not policy.can_admit(by, commission):
        raise PermissionDenied
    if questionnaire.state not in REVIEWABLE_STATES:
        raise CommissionError(
            _("Допускать можно только поданные анкеты; эта — «%(state)s».")
            % {"state": questionnaire.get_state_display()}
        )
    reason = (reason or "").strip()
    if not admitted and not reason:
        raise ValidationError({"reason": _("Укажите причину недопуска: заявитель её увидит.")})
    if not admitted and questionnaire.assignments.filter(review__state=ReviewState.SUBMITTED):
        raise CommissionError(_("Анкету уже оценили эксперты: недопуск невозможен."))
    admission, _created = Admission.objects.update_or_create(
        questionnaire=questionnaire,
        defaults={"admitted": admitted, "reason": reason, "decided_by": by},
    )
    if not admitted:
        # Experts no longer see a refused questionnaire; their drafts go with it.
        questionnaire.assignments.all().delete()
    return admission


# --- Assignment -----------------------------------------------------------------------------


def _expert_places(experts: Iterable[User]) -> dict[int, tuple[set[int], set[int]]]:
    """Per expert: (organisation ids, region ids) they work for."""
    places: dict[int, tuple[set[int], set[int]]] = {e.pk: (set(), set()) for e in experts}
    rows = Membership.objects.filter(
        user_id__in=list(places), role=Role.EXPERT, organisation__isnull=False
    ).values_list("user_id", "organisation_id", "organisation__region_id")
    for user_id, organisation_id, region_id in rows:
        places[user_id][0].add(organisation_id)
        places[user_id][1].add(region_id)
    return places


def exclusion_reason(
    commission: Commission,
    questionnaire: Questionnaire,
    places: tuple[set[int], set[int]],
) -> str:
    """Why this expert may not score this questionnaire; "" when they may."""
    organisations, regions = places
    if questionnaire.organisation_id in organisations:
        return _("Эксперт работает в организации-заявителе.")
    if commission.exclude_same_region and questionnaire.organisation.region_id in regions:
        return _("Эксперт из того же региона, что и заявитель (так настроена комиссия).")
    return ""


def commission_experts(commission: Commission) -> list[User]:
    return list(
        User.objects.filter(
            commission_memberships__commission=commission,
            commission_memberships__role=MemberRole.EXPERT,
            is_active=True,
            memberships__role=Role.EXPERT,
        )
        .distinct()
        .order_by("pk")
    )


def _due_on(commission: Commission) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=commission.review_days)


def _check_assignable(questionnaire: Questionnaire) -> None:
    admission = Admission.objects.filter(questionnaire=questionnaire).first()
    if admission is None or not admission.admitted:
        raise CommissionError(_("Анкета не допущена к экспертизе."))


def assignment_refusal(*, questionnaire: Questionnaire, expert: User) -> str:
    """Why this expert may not be given this questionnaire; "" when they may (forms ask too)."""
    commission = commission_for(questionnaire.programme)
    if not Admission.objects.filter(questionnaire=questionnaire, admitted=True).exists():
        return _("Анкета не допущена к экспертизе.")
    if expert.pk not in {e.pk for e in commission_experts(commission)}:
        return _("Этот человек не эксперт комиссии.")
    reason = exclusion_reason(commission, questionnaire, _expert_places([expert])[expert.pk])
    if reason:
        return reason
    existing = Assignment.objects.filter(questionnaire=questionnaire, expert=expert).first()
    if existing is not None:
        if existing.state == AssignmentState.CONFLICT:
            return _("Эксперт заявил конфликт интересов по этой анкете.")
        return _("Эксперт уже назначен на эту анкету.")
    return ""


@transaction.atomic
def assignment_create(
    *, questionnaire: Questionnaire, expert: User, by: Any, due_on: datetime.date | None = None
) -> Assignment:
    """Assign by hand; the same exclusions as the automatic assignment apply."""
    commission = commission_for(questionnaire.programme)
    if not policy.can_assign(by, commission):
        raise PermissionDenied
    refusal = assignment_refusal(questionnaire=questionnaire, expert=expert)
    if refusal:
        raise CommissionError(refusal)
    assignment = Assignment(
        questionnaire=questionnaire,
        expert=expert,
        assigned_by=by if getattr(by, "is_authenticated", False) else None,
        due_on=due_on or _due_on(commission),
    )
    assignment.full_clean(exclude=["questionnaire", "expert", "assigned_by"], validate_unique=False)
    assignment.save()
    return assignment


def plan_assignments(
    *,
    questionnaires: list[tuple[int, int, int]],
    experts: list[tuple[int, set[int], set[int]]],
    taken: Mapping[int, set[int]],
    blocked: Mapping[int, set[int]],
    loads: Mapping[int, int],
    per_questionnaire: int,
    exclude_same_region: bool,
    extra: int = 0,
) -> list[tuple[int, int]]:
    """The pure assignment algorithm: (questionnaire id, expert id) pairs to create.

    ``questionnaires`` are (id, organisation id, region id); ``experts`` (id, organisations,
    regions); ``taken`` the experts each questionnaire already has, ``blocked`` the experts who
    declared a conflict on it. Each questionnaire is topped up to ``per_questionnaire`` (plus
    ``extra``) by the eligible experts with the lowest load (ties by id), which keeps loads
    within one of each other whenever exclusions allow it.
    """
    load = {expert_id: loads.get(expert_id, 0) for expert_id, _o, _r in experts}
    pairs: list[tuple[int, int]] = []
    for questionnaire_id, organisation_id, region_id in questionnaires:
        have = set(taken.get(questionnaire_id, set()))
        need = per_questionnaire + extra - len(have)
        if need <= 0:
            continue
        eligible = [
            expert_id
            for expert_id, organisations, regions in experts
            if expert_id not in have
            and expert_id not in blocked.get(questionnaire_id, set())
            and organisation_id not in organisations
            and not (exclude_same_region and region_id in regions)
        ]
        eligible.sort(key=lambda expert_id: (load[expert_id], expert_id))
        for expert_id in eligible[:need]:
            pairs.append((questionnaire_id, expert_id))
            load[expert_id] += 1
    return pairs


def _active_loads(commission: Commission) -> dict[int, int]:
    return dict(
        Assignment.objects.filter(
            questionnaire__programme_id=commission.programme_id, state=AssignmentState.ACTIVE
        )
        .values("expert_id")
        .annotate(n=Count("pk"))
        .values_list("expert_id", "n")
    )


def _assign(
    commission: Commission, questionnaires: list[Questionnaire], by: Any, extra: int = 0
) -> list[Assignment]:
    experts = commission_experts(commission)
    places = _expert_places(experts)
    taken: dict[int, set[int]] = {}
    blocked: dict[int, set[int]] = {}
    for questionnaire_id, expert_id, state in Assignment.objects.filter(
        questionnaire__in=questionnaires
    ).values_list("questionnaire_id", "expert_id", "state"):
        target = taken if state == AssignmentState.ACTIVE else blocked
        target.setdefault(questionnaire_id, set()).add(expert_id)
    pairs = plan_assignments(
        questionnaires=[
            (q.pk, q.organisation_id, q.organisation.region_id) for q in questionnaires
        ],
        experts=[(e.pk, *places[e.pk]) for e in experts],
        taken=taken,
        blocked=blocked,
        loads=_active_loads(commission),
        per_questionnaire=commission.reviewers_per_questionnaire,
        exclude_same_region=commission.exclude_same_region,
        extra=extra,
    )
    due_on = _due_on(commission)
    assigned_by = by if getattr(by, "is_authenticated", False) else None
    return Assignment.objects.bulk_create(
        Assignment(questionnaire_id=q, expert_id=e, due_on=due_on, assigned_by=assigned_by)
        for q, e in pairs
    )


@transaction.atomic
def assign_automatically(*, commission: Commission, by: Any) -> list[Assignment]:
    """Top every admitted questionnaire up to N experts, balancing loads."""
    if not policy.can_assign(by, commission):
        raise PermissionDenied
    Commission.objects.select_for_update().get(pk=commission.pk)  # one run at a time
    questionnaires = list(
        Questionnaire.objects.filter(
            programme_id=commission.programme_id,
            admission__admitted=True,
            state__in=REVIEWABLE_STATES,
        )
        .select_related("organisation")
        .order_by("pk")
    )
    return _assign(commission, questionnaires, by)


@transaction.atomic
def assign_third_expert(*, questionnaire: Questionnaire, by: Any) -> Assignment:
    """One more expert for a questionnaire whose reviewers disagree."""
    commission = commission_for(questionnaire.programme)
    if not policy.can_assign(by, commission):
        raise PermissionDenied
    _check_assignable(questionnaire)
    active = questionnaire.assignments.filter(state=AssignmentState.ACTIVE).count()
    extra = active + 1 - commission.reviewers_per_questionnaire
    created = _assign(commission, [questionnaire], by, extra=max(extra, 0))
    if not created:
        raise CommissionError(_("Нет свободного эксперта без конфликта интересов для этой анкеты."))
    return created[0]


@transaction.atomic
def assignment_declare_conflict(*, assignment: Assignment, by: Any, reason: str) -> Assignment:
    """The expert steps aside; the questionnaire is free for another expert."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.expert_id != getattr(by, "pk", None):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"conflict_reason": _("Опишите конфликт интересов.")})
    if locked.state == AssignmentState.CONFLICT:
        raise CommissionError(_("Конфликт интересов уже заявлен."))
    review = Review.objects.filter(assignment=locked).first()
    if review is not None and review.is_submitted:
        raise CommissionError(_("Оценка уже отправлена: заявить конфликт поздно."))
    if review is not None:
        review.delete()
    locked.state = AssignmentState.CONFLICT
    locked.conflict_reason = reason
    locked.save(update_fields=["state", "conflict_reason"])
    return locked


# --- Scoring --------------------------------------------------------------------------------


def weighted_total(values: Mapping[int, int], criteria: list[Criterion]) -> Decimal:
    """Σ(score × weight) / Σ weight over the criteria, rounded to four places."""
    weights = sum((c.weight for c in criteria), Decimal(0))
    total = sum((Decimal(values[c.pk]) * c.weight for c in criteria), Decimal(0))
    return (total / weights).quantize(TOTAL_QUANTUM, rounding=ROUND_HALF_UP)


@transaction.atomic
def review_save(
    *,
    assignment: Assignment,
    by: Any,
    scores: Mapping[int, tuple[Any, str]],
    overall_comment: str = "",
    recommendation: str = "",
    submit: bool = False,
) -> Review:
    """Save a draft (anything valid so far) or submit (everything required). Submitted is final.

    ``scores`` maps a criterion id to (value or None, comment).
    """
    locked = (
        Assignment.objects.select_for_update().select_related("questionnaire").get(pk=assignment.pk)
    )
    if not policy.can_score(by, locked):
        raise PermissionDenied
    review = Review.objects.filter(assignment=locked).first() or Review(
        assignment=locked, questionnaire=locked.questionnaire, expert_id=locked.expert_id
    )
    if review.is_submitted:
        raise CommissionError(_("Оценка уже отправлена и больше не изменяется."))
    criteria = active_criteria(commission_for(locked.questionnaire.programme))
    if not criteria:
        raise CommissionError(_("Критерии отбора ещё не заданы."))
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, tuple[int | None, str]] = {}
    for criterion in criteria:
        raw, comment = scores.get(criterion.pk, (None, ""))
        comment = (comment or "").strip()
        field = f"score_{criterion.pk}"
        value: int | None = None
        if raw not in (None, ""):
            try:
                if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                    raise ValueError
                value = int(str(raw).strip()) if not isinstance(raw, int | float) else int(raw)
            except (TypeError, ValueError):
                errors[field] = [_("Балл — целое число.")]
                continue
            if not criterion.scale_min <= value <= criterion.scale_max:
                errors[field] = [
                    _("Балл от %(lo)s до %(hi)s.")
                    % {"lo": criterion.scale_min, "hi": criterion.scale_max}
                ]
                continue
        if submit and value is None:
            errors[field] = [_("Поставьте балл.")]
        if submit and criterion.comment_required and not comment:
            errors[f"comment_{criterion.pk}"] = [_("По этому критерию комментарий обязателен.")]
        cleaned[criterion.pk] = (value, comment)
    if submit and recommendation not in Recommendation.values:
        errors["recommendation"] = [_("Выберите рекомендацию.")]
    if recommendation and recommendation not in Recommendation.values:
        errors["recommendation"] = [_("Такой рекомендации нет.")]
    if errors:
        raise ValidationError(errors)
    review.overall_comment = (overall_comment or "").strip()
    review.recommendation = recommendation
    if submit:
        values = {pk: v for pk, (v, _c) in cleaned.items() if v is not None}
        review.total = weighted_total(values, criteria)
        review.state = ReviewState.SUBMITTED
        review.submitted_at = timezone.now()
    review.full_clean(exclude=["assignment", "questionnaire", "expert"], validate_unique=False)
    review.save()
    existing = {s.criterion_id: s for s in review.scores.all()}
    for criterion_id, (value, comment) in cleaned.items():
        score = existing.get(criterion_id)
        if value is None:
            if score is not None:
                score.delete()
            continue
        if score is None:
            score = Score(review=review, criterion_id=criterion_id)
        score.value, score.comment = value, comment
        score.save()
    return review


# --- Decisions --------------------------------------------------------------------------------


@transaction.atomic
def decision_make(*, questionnaire: Questionnaire, by: Any, outcome: str, reason: str) -> Decision:
    """«Лучшая практика» publishes the practice in the catalogue; «не отобрана» withdraws it."""
    commission = commission_for(questionnaire.programme)
    if not policy.can_decide(by, commission):
        raise PermissionDenied
    reason = (reason or "").strip()
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Выберите решение.")})
    if not reason:
        raise ValidationError({"reason": _("Укажите обоснование решения.")})
    if not Admission.objects.filter(questionnaire=questionnaire, admitted=True).exists():
        raise CommissionError(_("Анкета не допущена к экспертизе."))
    decision, _created = Decision.objects.update_or_create(
        questionnaire=questionnaire,
        defaults={"outcome": outcome, "reason": reason, "decided_by": by},
    )
    questionnaire.refresh_from_db()
    if outcome == Outcome.BEST and not questionnaire.is_published:
        if questionnaire.consent_publication:
            questionnaire_publish(questionnaire=questionnaire, by=by, by_decision=True)
    elif outcome == Outcome.NOT_SELECTED and questionnaire.is_published:
        questionnaire_unpublish(questionnaire=questionnaire, by=by, message=reason)
    return decision


# --- Reminders ---------------------------------------------------------------------------------


def send_review_reminders(today: datetime.date | None = None) -> int:
    """E-mail each expert whose unsubmitted assignment is due within the commission's
    ``reminder_days``; once per assignment. Returns the number of letters queued."""
    today = today or timezone.localdate()
    reminder_days = Commission.objects.filter(programme_id=OuterRef("questionnaire__programme_id"))
    due = (
        Assignment.objects.filter(
            state=AssignmentState.ACTIVE, reminded_at__isnull=True, due_on__isnull=False
        )
        .exclude(review__state=ReviewState.SUBMITTED)
        .annotate(days=Subquery(reminder_days.values("reminder_days")[:1]))
        .select_related("expert", "questionnaire")
    )
    sent = 0
    for assignment in due:
        days = assignment.days if assignment.days is not None else 3
        if assignment.due_on - datetime.timedelta(days=days) > today:
            continue
        with transaction.atomic():
            claimed = Assignment.objects.filter(pk=assignment.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue  # another run got there first
            send_email(
                to=assignment.expert.email,
                subject=_("Напоминание: оценка анкеты до %(d)s")
                % {"d": assignment.due_on.strftime("%d.%m.%Y")},
                template="practices/email/review_reminder.txt",
                context={
                    "assignment": assignment,
                    "path": f"/admin/practices/experttask/{assignment.pk}/change/",
                },
            )
        sent += 1
    return sent

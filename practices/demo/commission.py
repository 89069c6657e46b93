"""Demo records of the expert commission, for ``manage.py demo_data`` (after the questionnaires).

Criteria, the commission (the federal coordinator chairs, the three demo experts score), every
submitted questionnaire admitted and assigned, and reviews: expert2 and expert3 have scored
everything, the demo expert (expert@example.org) two questionnaires with one more in draft and
the rest still to do. Scores differ from one questionnaire to the next, and on every fourth the
two experts are far apart, so the ranking flags the disagreement; one such questionnaire already
has its third expert. The commission has decided the clearest cases: the best are published,
the weakest not selected. Idempotent: nothing that exists is created or changed again.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count

from practices import services
from practices.models import (
    REVIEWABLE_STATES,
    Admission,
    Assignment,
    AssignmentState,
    AttachmentKind,
    CommissionMember,
    Criterion,
    Decision,
    MemberRole,
    Outcome,
    Questionnaire,
    Review,
    ReviewState,
)
from resursnaya_sreda.accounts.models import User
from resursnaya_sreda.kernel.models import Programme

CRITERIA = (
    (
        "Актуальность",
        "Насколько практика отвечает на реальную проблему муниципалитета.",
        "1.5",
        False,
    ),
    ("Результативность", "Измеримые результаты: охват, изменения, отзывы участников.", "2", False),
    ("Тиражируемость", "Можно ли повторить практику в другом муниципалитете.", "1.5", True),
    ("Партнёрство", "Участие органов власти, НКО, бизнеса и СМИ.", "1", False),
    ("Устойчивость", "Продолжится ли практика без внешнего финансирования.", "1", False),
)
EXPERTS = ("expert@example.org", "expert2@example.org", "expert3@example.org")
DEMO_EXPERT = EXPERTS[0]
DEMO_EXPERT_DONE = 2


# Questionnaires scored by two experts far apart (more than the commission's threshold of 3
# between their totals): every other one that the demo expert is not on and that is not
# already published; the rest get a spread of quality from 3 to 9 (published ones 7 to 9).
BEST_MEAN = Decimal("7")
WEAK_MEAN = Decimal("5")
DECISIONS_EACH = 2
BEST_REASON = "Оба эксперта высоко оценили результаты и тиражируемость практики."
WEAK_REASON = (
    "Результаты описаны общими словами; практику стоит доработать и подать в следующем цикле."
)


def _position(questionnaire: Questionnaire) -> int:
    """The questionnaire's place in its programme: the same on every database, unlike its pk
    (PostgreSQL does not reuse identifiers, so a second demo database numbers from elsewhere)."""
    if not hasattr(questionnaire, "_demo_position"):
        questionnaire._demo_position = Questionnaire.objects.filter(
            programme_id=questionnaire.programme_id, pk__lt=questionnaire.pk
        ).count()
    return questionnaire._demo_position


def _quality(questionnaire: Questionnaire) -> int:
    """The demo «quality» of a questionnaire: the same on every run, not random. Practices the
    demo published before the commission sat are its strong ones."""
    if questionnaire.published_at is not None:
        return 7 + _position(questionnaire) % 3
    return 3 + (_position(questionnaire) * 5) % 7


def _disputed(programme: Programme, demo_expert: User | None) -> set[int]:
    """Every other unpublished questionnaire whose two experts are not the demo expert (whose
    own work is left to do), so each disputed one has both reviews."""
    with_demo_expert = Assignment.objects.filter(expert=demo_expert).values("questionnaire_id")
    candidates = (
        Questionnaire.objects.filter(
            programme=programme, admission__admitted=True, published_at__isnull=True
        )
        .exclude(pk__in=with_demo_expert)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return set(list(candidates)[::2])


def _scores(
    criteria: list[Criterion],
    *,
    questionnaire: Questionnaire,
    disputed: bool,
    rank: int,
    expert_index: int,
) -> dict[int, tuple[int, str]]:
    """One expert's scores: around the questionnaire's quality with a little variation per
    criterion and expert; on a disputed questionnaire the first expert +3, the second −3."""
    base = _quality(questionnaire) + ((3 if rank == 0 else -3) if disputed else 0)
    scores = {}
    for i, criterion in enumerate(criteria):
        wobble = (_position(questionnaire) + expert_index * 2 + i) % 3 - 1
        value = min(criterion.scale_max, max(criterion.scale_min, base + wobble))
        comment = (
            "Подтверждено материалами анкеты."
            if value >= 6
            else "В анкете мало данных, чтобы оценить выше."
        )
        scores[criterion.pk] = (value, comment)
    return scores


def _rank(assignment: Assignment) -> int:
    """The assignment's place among its questionnaire's experts (0 for the first assigned)."""
    return Assignment.objects.filter(
        questionnaire_id=assignment.questionnaire_id, pk__lt=assignment.pk
    ).count()


def populate(programme: Programme, federal: User | None) -> None:
    if federal is None:
        return
    commission = services.commission_for(programme)
    if not commission.criteria.exists():
        for position, (name, description, weight, comment) in enumerate(CRITERIA, start=1):
            Criterion.objects.create(
                commission=commission,
                name=name,
                description=description,
                weight=Decimal(weight),
                position=position,
                comment_required=comment,
            )
    CommissionMember.objects.get_or_create(
        commission=commission, user=federal, defaults={"role": MemberRole.CHAIR}
    )
    experts = list(User.objects.filter(email__in=EXPERTS))
    for expert in experts:
        CommissionMember.objects.get_or_create(
            commission=commission, user=expert, defaults={"role": MemberRole.EXPERT}
        )
    questionnaires = Questionnaire.objects.filter(
        programme=programme, state__in=REVIEWABLE_STATES
    ).exclude(pk__in=Admission.objects.values("questionnaire_id"))
    for questionnaire in questionnaires.order_by("pk"):
        services.admission_decide(questionnaire=questionnaire, by=federal, admitted=True)
    services.assign_automatically(commission=commission, by=federal)

    # Practices the demo published before the commission existed are its best practices.
    published = Questionnaire.objects.filter(
        programme=programme,
        published_at__isnull=False,
        admission__admitted=True,
        decision__isnull=True,
    )
    for questionnaire in published.order_by("pk"):
        services.decision_make(
            questionnaire=questionnaire,
            by=federal,
            outcome=Outcome.BEST,
            reason="Высокие оценки экспертов; практика готова к тиражированию.",
        )

    criteria = services.active_criteria(commission)
    disputed = _disputed(programme, next((e for e in experts if e.email == DEMO_EXPERT), None))
    for expert in experts:
        assignments = list(
            Assignment.objects.filter(
                expert=expert,
                state=AssignmentState.ACTIVE,
                questionnaire__programme=programme,
            )
            .exclude(pk__in=Review.objects.values("assignment_id"))
            .select_related("questionnaire")
            .order_by("pk")
        )
        if expert.email == DEMO_EXPERT:
            already = Review.objects.filter(expert=expert).count()
            if already:
                continue  # the demo expert's own work is theirs to continue
            for index, assignment in enumerate(assignments[: DEMO_EXPERT_DONE + 1]):
                services.review_save(
                    assignment=assignment,
                    by=expert,
                    scores=_scores(
                        criteria,
                        questionnaire=assignment.questionnaire,
                        disputed=False,
                        rank=_rank(assignment),
                        expert_index=EXPERTS.index(expert.email),
                    ),
                    overall_comment="Сильная практика, хорошо описаны результаты.",
                    recommendation="recommend",
                    submit=index < DEMO_EXPERT_DONE,
                )
            continue
        for assignment in assignments:
            rank = _rank(assignment)
            if rank >= commission.reviewers_per_questionnaire:
                continue  # a third expert's review stays to be done
            services.review_save(
                assignment=assignment,
                by=expert,
                scores=_scores(
                    criteria,
                    questionnaire=assignment.questionnaire,
                    disputed=assignment.questionnaire_id in disputed,
                    rank=rank,
                    expert_index=EXPERTS.index(expert.email),
                ),
                overall_comment="Оценено по материалам анкеты.",
                recommendation=_recommendation(
                    assignment.questionnaire, assignment.questionnaire_id in disputed, rank
                ),
                submit=True,
            )
    _third_expert(programme, federal)
    _decisions(programme, federal)


def _recommendation(questionnaire: Questionnaire, disputed: bool, rank: int) -> str:
    quality = _quality(questionnaire) + ((3 if rank == 0 else -3) if disputed else 0)
    if quality >= 7:
        return "recommend"
    return "maybe" if quality >= 5 else "reject"


def _submitted_totals(questionnaire: Questionnaire) -> list[Decimal]:
    return [
        review.total
        for review in Review.objects.filter(
            assignment__questionnaire=questionnaire,
            assignment__state=AssignmentState.ACTIVE,
            state=ReviewState.SUBMITTED,
        )
        if review.total is not None
    ]


def _third_expert(programme: Programme, federal: User) -> None:
    """The first disputed questionnaire gets its third expert, as the chair would do from the
    ranking; the others stay flagged for the demo's federal coordinator to try."""
    commission = services.commission_for(programme)
    if (
        Assignment.objects.filter(questionnaire__programme=programme, state=AssignmentState.ACTIVE)
        .values("questionnaire_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=commission.reviewers_per_questionnaire)
        .exists()
    ):
        return
    for questionnaire in Questionnaire.objects.filter(
        programme=programme, admission__admitted=True, decision__isnull=True
    ).order_by("pk"):
        totals = _submitted_totals(questionnaire)
        if len(totals) >= 2 and max(totals) - min(totals) > commission.disagreement_threshold:
            try:
                services.assign_third_expert(questionnaire=questionnaire, by=federal)
            except services.CommissionError:
                continue
            return


def _decisions(programme: Programme, federal: User) -> None:
    """Decide the clearest cases: both experts agree it is strong (best practice, published)
    or weak (not selected); disputed and unfinished ones wait for the commission."""
    if Decision.objects.filter(
        questionnaire__programme=programme, reason__in=[BEST_REASON, WEAK_REASON]
    ).exists():
        return
    commission = services.commission_for(programme)
    best = weak = 0
    for questionnaire in Questionnaire.objects.filter(
        programme=programme, admission__admitted=True, decision__isnull=True
    ).order_by("pk"):
        totals = _submitted_totals(questionnaire)
        if len(totals) < 2 or max(totals) - min(totals) > commission.disagreement_threshold:
            continue
        mean = sum(totals) / len(totals)
        has_photos = questionnaire.attachments.filter(kind=AttachmentKind.PHOTO).exists()
        # A best practice goes to the catalogue, where a card without a photo would look bare.
        if mean >= BEST_MEAN and best < DECISIONS_EACH and has_photos:
            best += 1
            services.decision_make(
                questionnaire=questionnaire,
                by=federal,
                outcome=Outcome.BEST,
                reason=BEST_REASON,
            )
        elif mean < WEAK_MEAN and weak < DECISIONS_EACH:
            weak += 1
            services.decision_make(
                questionnaire=questionnaire,
                by=federal,
                outcome=Outcome.NOT_SELECTED,
                reason=WEAK_REASON,
            )

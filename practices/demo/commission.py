"""Demo records of the expert commission, for ``manage.py demo_data`` (after the questionnaires).

Criteria, the commission (the federal coordinator chairs, the three demo experts score), every
submitted questionnaire admitted and assigned, and reviews: expert2 and expert3 have scored
everything, the demo expert (expert@example.org) two questionnaires with one more in draft and
the rest still to do. Idempotent: nothing that exists is created or changed again.
"""

from __future__ import annotations

from decimal import Decimal

from practices import services
from practices.models import (
    REVIEWABLE_STATES,
    Admission,
    Assignment,
    AssignmentState,
    CommissionMember,
    Criterion,
    MemberRole,
    Outcome,
    Questionnaire,
    Review,
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


def _scores(criteria: list[Criterion], seed: int) -> dict[int, tuple[int, str]]:
    return {
        c.pk: (4 + (seed * 7 + i * 3) % 7, "Подтверждено материалами анкеты.")
        for i, c in enumerate(criteria)
    }


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
    for expert in experts:
        assignments = list(
            Assignment.objects.filter(
                expert=expert,
                state=AssignmentState.ACTIVE,
                questionnaire__programme=programme,
            )
            .exclude(pk__in=Review.objects.values("assignment_id"))
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
                    scores=_scores(criteria, assignment.pk),
                    overall_comment="Сильная практика, хорошо описаны результаты.",
                    recommendation="recommend",
                    submit=index < DEMO_EXPERT_DONE,
                )
            continue
        for assignment in assignments:
            services.review_save(
                assignment=assignment,
                by=expert,
                scores=_scores(criteria, assignment.pk + len(expert.email)),
                overall_comment="Оценено по материалам анкеты.",
                recommendation="recommend" if assignment.pk % 3 else "maybe",
                submit=True,
            )

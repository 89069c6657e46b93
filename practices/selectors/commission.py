"""Reads of the expert commission: the stored ranking and experts' lists."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce

from practices.models import (
    Assignment,
    AssignmentState,
    Commission,
    Questionnaire,
    RankingRow,
    Review,
    ReviewState,
    Score,
)

# What the ranking page may sort by (the key in the URL → the annotation).
RANKING_ORDERS = {
    "mean": "mean",
    "median": "median",
    "count": "review_count",
    "spread": "spread",
    "z": "z_mean",
}


RANKING_COLUMNS = (
    "pk",
    "title",
    "state",
    "published_at",
    "organisation__name",
    "organisation__short_name",
    "organisation__region__name",
    "direction__name",
    "decision__outcome",
    "decision__reason",
    "decision__decided_at",
)


def ranking(
    commission: Commission,
    *,
    region_id: int | None = None,
    direction_id: int | None = None,
    order: str = "mean",
    descending: bool = True,
    normalised: bool = False,
) -> QuerySet[Questionnaire]:
    """Admitted questionnaires with the commission's stored aggregates (``RankingRow``, kept by
    services/ranking.py): the same names and values as the database's own aggregation of the
    reviews (``tests/practices/ranking_reference.py``, which the tests compare with it), read
    from one row per questionnaire, in an order an index serves. ``normalised`` is accepted for
    the callers' sake: the z-score is always there."""
    queryset = (
        Questionnaire.objects.filter(ranking__programme_id=commission.programme_id)
        .select_related("organisation__region", "direction", "decision")
        .only(*RANKING_COLUMNS)
        .annotate(
            review_count=F("ranking__review_count"),
            mean=F("ranking__mean"),
            median=F("ranking__median"),
            spread=F("ranking__spread"),
            z_mean=F("ranking__z_mean"),
            disagreement=ExpressionWrapper(
                Q(ranking__spread__gt=float(commission.disagreement_threshold)),
                output_field=BooleanField(),
            ),
        )
    )
    if region_id:
        queryset = queryset.filter(organisation__region_id=region_id)
    if direction_id:
        queryset = queryset.filter(direction_id=direction_id)
    field = f"ranking__{RANKING_ORDERS.get(order, 'mean')}"
    expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return queryset.order_by(expression, "pk")


def ranking_count(commission: Commission) -> int:
    """How many questionnaires the unfiltered ranking has: the rows alone, no join."""
    return RankingRow.objects.filter(programme_id=commission.programme_id).count()


def expert_tasks(user: Any) -> QuerySet[Assignment]:
    """The expert's active assignments with their review's state, for «Мои заявки на оценку»."""
    return (
        Assignment.objects.filter(expert_id=getattr(user, "pk", None), state=AssignmentState.ACTIVE)
        .select_related("questionnaire__organisation__region", "questionnaire__direction", "review")
        .order_by("due_on", "pk")
    )


def expert_progress(user: Any) -> tuple[int, int]:
    """(submitted, assigned) for the «3 из 12» line; one query. The review is looked up per
    assignment by its unique key: a join would read every review of the commission."""
    submitted = Review.objects.filter(assignment_id=OuterRef("pk"), state=ReviewState.SUBMITTED)
    counts = Assignment.objects.filter(
        expert_id=getattr(user, "pk", None), state=AssignmentState.ACTIVE
    ).aggregate(total=Count("pk"), done=Coalesce(Count("pk", filter=Exists(submitted)), 0))
    return counts["done"], counts["total"]


def score_distribution(programme_id: int, region_ids: list[int]) -> dict[int, int]:
    """``{points: how many submitted scores gave them}`` for the regions' questionnaires;
    one query (the federal dashboard's chart)."""
    rows = (
        Score.objects.filter(
            review__state=ReviewState.SUBMITTED,
            review__questionnaire__programme_id=programme_id,
            review__questionnaire__organisation__region_id__in=region_ids,
        )
        .values("value")
        .annotate(n=Count("pk"))
        .order_by("value")
    )
    return {row["value"]: row["n"] for row in rows}

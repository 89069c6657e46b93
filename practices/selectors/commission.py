"""Reads of the expert commission: the ranking (by database aggregation) and experts' lists."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    StdDev,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from practices.aggregates import Median
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

SUBMITTED = Q(reviews__state=ReviewState.SUBMITTED)
# Below this an expert's totals count as identical (floating-point noise, not a real spread).
MIN_DEVIATION = 1e-9

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


def _z_scores(programme_id: int) -> Avg:
    """Per questionnaire, the mean of its reviews' z-scores: each review's total against its
    expert's own mean and (population) deviation across this programme.

    The experts' means and deviations come from one aggregate query (a commission has tens of
    experts) and enter the ranking query as constants, so the database never recomputes them
    per review. An expert with one review, or with identical totals, has no deviation: their
    z-scores are 0 (nothing is known of their harshness), not a division by zero."""
    stats = (
        Review.objects.filter(state=ReviewState.SUBMITTED, questionnaire__programme_id=programme_id)
        .values("expert_id")
        .annotate(
            m=Avg(Cast("total", FloatField())),
            sd=StdDev(Cast("total", FloatField()), sample=False),
        )
        .values_list("expert_id", "m", "sd")
    )
    total = Cast("reviews__total", FloatField())
    cases = [
        When(reviews__expert_id=expert_id, then=(total - Value(mean)) / Value(deviation))
        for expert_id, mean, deviation in stats
        if deviation is not None and deviation > MIN_DEVIATION
    ]
    return Avg(
        Case(*cases, default=Value(0.0), output_field=FloatField()),
        filter=SUBMITTED,
    )


def ranking_recomputed(
    commission: Commission,
    *,
    region_id: int | None = None,
    direction_id: int | None = None,
    order: str = "mean",
    descending: bool = True,
    normalised: bool = False,
) -> QuerySet[Questionnaire]:
    """Admitted questionnaires with mean (of weighted review totals), median, count, spread
    and, when ``normalised``, the mean z-score; ``disagreement`` flags a spread over the
    commission's threshold, aggregated from the reviews by the database. One query whatever
    the number of questionnaires (two with z-scores: the experts' own statistics first).

    The pages read the stored rows instead (:func:`ranking`); this is their reference."""
    queryset = (
        Questionnaire.objects.filter(programme_id=commission.programme_id, admission__admitted=True)
        .select_related("organisation__region", "direction", "decision")
        .only(*RANKING_COLUMNS)
        .annotate(
            review_count=Count("reviews", filter=SUBMITTED),
            mean=Avg(Cast("reviews__total", FloatField()), filter=SUBMITTED),
            median=Median("reviews__total", filter=SUBMITTED),
            spread=Cast(
                Max("reviews__total", filter=SUBMITTED) - Min("reviews__total", filter=SUBMITTED),
                FloatField(),
            ),
        )
        .annotate(
            disagreement=ExpressionWrapper(
                Q(spread__gt=float(commission.disagreement_threshold)),
                output_field=BooleanField(),
            )
        )
    )
    if region_id:
        queryset = queryset.filter(organisation__region_id=region_id)
    if direction_id:
        queryset = queryset.filter(direction_id=direction_id)
    if normalised or order == "z":
        queryset = queryset.annotate(z_mean=_z_scores(commission.programme_id))
    field = RANKING_ORDERS.get(order, "mean")
    expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return queryset.order_by(expression, "pk")


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
    services/ranking.py): the same names and values as :func:`ranking_recomputed`, read from
    one row per questionnaire, in an order an index serves. ``normalised`` is accepted for
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

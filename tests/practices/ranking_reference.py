"""The commission's ranking recomputed by the database from the reviews: the reference the
stored rows (``practices.selectors.ranking``, kept by ``practices/services/ranking.py``) are
checked against. Only the tests use it; the pages read the stored rows."""

from __future__ import annotations

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Min,
    Q,
    QuerySet,
    StdDev,
    Value,
    When,
)
from django.db.models.functions import Cast

from practices.aggregates import Median
from practices.models import Commission, Questionnaire, Review, ReviewState
from practices.selectors.commission import RANKING_COLUMNS, RANKING_ORDERS

SUBMITTED = Q(reviews__state=ReviewState.SUBMITTED)
# Below this an expert's totals count as identical (floating-point noise, not a real spread).
MIN_DEVIATION = 1e-9


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

"""The commission's ranking, kept rather than recomputed.

Each admitted questionnaire has a ``RankingRow``: the count, weighted mean, median and spread
of its submitted reviews' totals and the mean of their z-scores. A review's z-score
(``Review.z_score``) is its total against its expert's own mean and population deviation
across the programme; an expert with one review, or identical totals, has z-scores of 0.

Whatever can move them refreshes the rows concerned in its own transaction (the receivers at
the end, connected in ``PracticesConfig.ready()``):

- a review created, submitted, edited, deleted (with its assignment too) or moved to another
  expert or questionnaire: that expert's z-scores, then the rows of every questionnaire they
  reviewed and of the old and new questionnaire;
- an admission given, withdrawn or deleted: that questionnaire's row appears or goes;
- a new revision of the criteria (``criteria_new_revision``): the whole programme, once.

The commission's ``ranking_refreshed_at`` is the freshness stamp the ranking page shows.
``rebuild`` recomputes a programme from scratch (the scale bench's bulk data, the migration);
``tests/practices/ranking_reference.py`` is the same arithmetic done by the database, for checks.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.utils import timezone

#: Below this an expert's totals count as identical (floating-point noise, not a spread).
MIN_DEVIATION = 1e-9
#: A stored z-score closer than this to the new one is left as it is.
Z_TOLERANCE = 1e-12
SUBMITTED = "submitted"
UPDATE_BATCH = 500
ROW_FIELDS = ["programme", "review_count", "mean", "median", "spread", "z_mean", "refreshed_at"]


def _models() -> SimpleNamespace:
    from practices.models import Admission, Commission, RankingRow, Review

    return SimpleNamespace(
        Admission=Admission, Commission=Commission, RankingRow=RankingRow, Review=Review
    )


# --- The arithmetic ---------------------------------------------------------------------------


def z_scores(totals: list[float]) -> list[float]:
    """Each total against the mean and population deviation of all of them."""
    if not totals:
        return []
    mean = math.fsum(totals) / len(totals)
    deviation = math.sqrt(math.fsum((t - mean) ** 2 for t in totals) / len(totals))
    if deviation <= MIN_DEVIATION:
        return [0.0] * len(totals)
    return [(t - mean) / deviation for t in totals]


def row_values(totals: list[float], zs: list[float]) -> dict[str, Any]:
    """A questionnaire's aggregates from its submitted reviews' totals and z-scores."""
    if not totals:
        return {"review_count": 0, "mean": None, "median": None, "spread": None, "z_mean": None}
    return {
        "review_count": len(totals),
        "mean": math.fsum(totals) / len(totals),
        "median": float(statistics.median(totals)),
        "spread": max(totals) - min(totals),
        "z_mean": math.fsum(zs) / len(zs),
    }


# --- Refreshing ---------------------------------------------------------------------------------


def refresh_experts(programme_id: int, expert_ids: Iterable[int], *, m: Any = None) -> set[int]:
    """Recompute the experts' z-scores in the programme; the questionnaires whose changed."""
    m = m or _models()
    expert_ids = {pk for pk in expert_ids if pk is not None}
    if not expert_ids:
        return set()
    rows = list(
        m.Review.objects.filter(
            state=SUBMITTED, questionnaire__programme_id=programme_id, expert_id__in=expert_ids
        )
        .order_by()
        .values_list("pk", "expert_id", "questionnaire_id", "total", "z_score")
    )
    by_expert: dict[int, list[tuple[int, int, float, float | None]]] = defaultdict(list)
    for pk, expert_id, questionnaire_id, total, stored in rows:
        by_expert[expert_id].append((pk, questionnaire_id, float(total), stored))
    changed: dict[int, float] = {}
    touched: set[int] = set()
    for reviews in by_expert.values():
        for (pk, questionnaire_id, _total, stored), z in zip(
            reviews, z_scores([r[2] for r in reviews]), strict=True
        ):
            if stored is None or abs(stored - z) > Z_TOLERANCE:
                changed[pk] = z
                touched.add(questionnaire_id)
    if changed:
        # Batches of a few hundred: one statement per batch, never one per review.
        m.Review.objects.bulk_update(
            [m.Review(pk=pk, z_score=z) for pk, z in changed.items()],
            ["z_score"],
            batch_size=UPDATE_BATCH,
        )
    return touched


def refresh_rows(questionnaire_ids: Iterable[int], *, m: Any = None) -> None:
    """Write the rows of these questionnaires: admitted ones get theirs, others lose it."""
    m = m or _models()
    ids = {pk for pk in questionnaire_ids if pk is not None}
    if not ids:
        return
    admitted = dict(
        m.Admission.objects.filter(questionnaire_id__in=ids, admitted=True)
        .order_by()
        .values_list("questionnaire_id", "questionnaire__programme_id")
    )
    m.RankingRow.objects.filter(questionnaire_id__in=ids - set(admitted)).delete()
    if not admitted:
        return
    totals: dict[int, list[float]] = defaultdict(list)
    zs: dict[int, list[float]] = defaultdict(list)
    for questionnaire_id, total, z in (
        m.Review.objects.filter(state=SUBMITTED, questionnaire_id__in=list(admitted))
        .order_by()
        .values_list("questionnaire_id", "total", "z_score")
    ):
        totals[questionnaire_id].append(float(total))
        zs[questionnaire_id].append(z or 0.0)
    now = timezone.now()
    m.RankingRow.objects.bulk_create(
        [
            m.RankingRow(
                questionnaire_id=pk,
                programme_id=programme_id,
                refreshed_at=now,
                **row_values(totals[pk], zs[pk]),
            )
            for pk, programme_id in admitted.items()
        ],
        update_conflicts=True,
        unique_fields=["questionnaire"],
        update_fields=ROW_FIELDS,
        batch_size=2000,
    )
    m.Commission.objects.filter(programme_id__in=set(admitted.values())).update(
        ranking_refreshed_at=now
    )


def refresh_after_review(places: Iterable[tuple[int | None, int | None]], *, m: Any = None) -> None:
    """After reviews at these (questionnaire, expert) places changed: their experts' z-scores,
    then every row those touch."""
    m = m or _models()
    places = [(q, e) for q, e in places if q is not None]
    if not places:
        return
    from practices.models import Questionnaire

    programmes = dict(
        Questionnaire.objects.filter(pk__in={q for q, _e in places}).values_list(
            "pk", "programme_id"
        )
    )
    experts: dict[int, set[int]] = defaultdict(set)
    for questionnaire_id, expert_id in places:
        if questionnaire_id in programmes and expert_id is not None:
            experts[programmes[questionnaire_id]].add(expert_id)
    with transaction.atomic():
        touched = set(programmes)
        for programme_id, expert_ids in experts.items():
            touched |= refresh_experts(programme_id, expert_ids, m=m)
        refresh_rows(touched, m=m)


def rebuild(programme_id: int, *, m: Any = None) -> None:
    """Recompute a programme's z-scores and rows from scratch."""
    m = m or _models()
    with transaction.atomic():
        experts = set(
            m.Review.objects.filter(questionnaire__programme_id=programme_id)
            .order_by()
            .values_list("expert_id", flat=True)
            .distinct()
        )
        refresh_experts(programme_id, experts, m=m)
        admitted = m.Admission.objects.filter(questionnaire__programme_id=programme_id)
        stale = m.RankingRow.objects.filter(programme_id=programme_id)
        refresh_rows(
            set(admitted.values_list("questionnaire_id", flat=True))
            | set(stale.values_list("questionnaire_id", flat=True)),
            m=m,
        )


# --- Receivers (connected in PracticesConfig.ready) -----------------------------------------


def review_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    before = getattr(instance, "_ranked_as", None)
    was = getattr(instance, "_ranked_state", None)
    if instance.state != SUBMITTED and was != SUBMITTED:
        return  # a draft stays a draft: nothing ranked has changed
    places = [(instance.questionnaire_id, instance.expert_id)]
    if before and before != places[0]:
        places.append(before)
    refresh_after_review(places)
    instance._ranked_as = places[0]
    instance._ranked_state = instance.state


def review_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if getattr(instance, "_ranked_state", instance.state) != SUBMITTED:
        return
    refresh_after_review([(instance.questionnaire_id, instance.expert_id)])


def admission_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        refresh_rows([instance.questionnaire_id])

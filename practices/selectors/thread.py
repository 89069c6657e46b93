"""The practice's own part of its thread: questionnaire, admission, reviews, decision, its
selection as one of its site's practices and their support. Later steps add their sections
through ``practices.thread``."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Q

from practices.models import (
    Admission,
    Decision,
    PilotPractice,
    Questionnaire,
    QuestionnaireHistory,
    Review,
    ReviewState,
)


def practice_thread(questionnaire: Questionnaire, *, staff: bool) -> dict[str, Any]:
    """Dated stages of steps 1 and 3, in a fixed number of queries."""
    history = list(
        QuestionnaireHistory.objects.filter(questionnaire=questionnaire)
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    admission = Admission.objects.filter(questionnaire=questionnaire).first()
    decision = Decision.objects.filter(questionnaire=questionnaire).first()
    reviews = Review.objects.filter(questionnaire=questionnaire).aggregate(
        submitted=Count("pk", filter=Q(state=ReviewState.SUBMITTED)),
        total=Count("pk"),
    )
    average = (
        Review.objects.filter(questionnaire=questionnaire, state=ReviewState.SUBMITTED)
        .aggregate(avg=Avg("scores__value"))
        .get("avg")
    )
    selections = list(
        PilotPractice.objects.filter(questionnaire=questionnaire)
        .select_related("pilot_site__region")
        .prefetch_related("support_log")
        .order_by("pk")
    )
    return {
        "history": history,
        "admission": admission,
        "decision": decision,
        "reviews": reviews,
        "average": round(average, 2) if (average is not None and staff) else None,
        "selections": selections,
    }

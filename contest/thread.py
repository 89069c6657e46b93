"""What the contest adds to a practice's pages: its results and its chapter in the collection.

Registered from ``ContestConfig.ready``. Results and published chapters are public, so the
public catalogue page and the staff questionnaire page show the same; staff pages (and the
applicant's own) also list the practice's entries in every state.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from contest import permissions as policy
from contest import selectors
from contest.models import EditionState, Entry
from practices.models import Questionnaire
from practices.thread import ThreadSection, register


@register("contest-results", order=50)
def results(practice: Questionnaire, user: Any, *, public: bool) -> ThreadSection | None:
    entries = selectors.practice_results(practice.pk)
    chapters = list(
        practice.collection_chapters.filter(edition__state=EditionState.PUBLISHED)
        .select_related("edition")
        .order_by("-edition__published_at")
    )
    if not entries and not chapters:
        return None
    return ThreadSection(
        title=_("Конкурс и сборник"),
        template="contest/thread/results.html",
        context={"entries": entries, "chapters": chapters},
    )


@register("contest-entries", order=45)
def entries(practice: Questionnaire, user: Any, *, public: bool) -> ThreadSection | None:
    """On staff pages and the applicant's own: the practice's entries in every state."""
    if public:
        return None
    items = list(
        policy.visible_entries(user, Entry.objects.filter(questionnaire_id=practice.pk))
        .select_related("contest", "nomination")
        .order_by("-contest__edition", "nomination__position", "pk")
    )
    if not items:
        return None
    return ThreadSection(
        title=_("Конкурсные заявки"),
        template="contest/thread/entries.html",
        context={"entries": items},
    )

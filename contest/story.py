"""What the contest adds to a practice's public page: its results and its chapter."""

from __future__ import annotations

from typing import Any

from contest import selectors
from contest.models import EditionState
from resursnaya_sreda.kernel import story


def register() -> None:
    @story.register("contest-results", order=50)
    def results(practice: Any) -> story.StoryPart | None:
        entries = selectors.practice_results(practice.pk)
        chapters = list(
            practice.collection_chapters.filter(edition__state=EditionState.PUBLISHED)
            .select_related("edition")
            .order_by("-edition__published_at")
        )
        if not entries and not chapters:
            return None
        return story.StoryPart(
            template="contest/partials/practice_story.html",
            context={"entries": entries, "chapters": chapters},
        )

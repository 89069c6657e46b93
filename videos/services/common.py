"""Helpers the step-4 services share: refused changes, targets, the history record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from resursnaya_sreda.kernel import roadmap_seed
from resursnaya_sreda.kernel.models import Target, TargetCode
from videos.models import Story, StoryHistory


class StoryError(Exception):
    """A refused change, with the message to show (a double click, a missing release…)."""

    def __init__(self, message: str, *, items: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.items = items or []


@dataclass(frozen=True)
class StoryTargets:
    stories_per_site: int
    practices_per_story: int
    stories_total: int


def story_targets(programme: Any) -> StoryTargets:
    """The programme's targets for step 4, the seed's values where a target is missing."""
    seed = roadmap_seed.targets()
    values = dict(
        Target.objects.filter(
            programme=programme,
            code__in=[
                TargetCode.VIDEO_STORIES_PER_SITE,
                TargetCode.VIDEO_PRACTICES_PER_STORY,
                TargetCode.VIDEO_STORIES,
            ],
        ).values_list("code", "value")
    )

    def value(code: str) -> int:
        return int(values.get(code, seed.get(code, 1)))

    return StoryTargets(
        stories_per_site=max(1, value(TargetCode.VIDEO_STORIES_PER_SITE)),
        practices_per_story=max(1, value(TargetCode.VIDEO_PRACTICES_PER_STORY)),
        stories_total=value(TargetCode.VIDEO_STORIES),
    )


def lock(story: Story) -> Story:
    return (
        Story.objects.select_for_update(of=("self",))
        .select_related("programme", "pilot_site__region", "specification")
        .get(pk=story.pk)
    )


def record(story: Story, *, action: str, by: Any, from_state: str, message: str = "") -> None:
    StoryHistory.objects.create(
        story=story,
        action=action,
        from_state=from_state,
        to_state=story.state,
        actor=by if getattr(by, "is_authenticated", False) else None,
        message=message,
    )


def move(story: Story, *, to: str, action: str, by: Any, message: str = "") -> Story:
    """Change the state and write the history in one place."""
    from_state = story.state
    story.state = to
    story.state_changed_at = timezone.now()
    story.full_clean()
    story.save()
    record(story, action=action, by=by, from_state=from_state, message=message)
    return story

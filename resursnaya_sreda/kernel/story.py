"""One page per practice: the parts other apps add to a practice's public page.

«One thread per practice» (DESIGN §3): the catalogue page of a practice shows its seminars,
its video, its contest result, its chapter in the collection — each from the app that owns
it, without the practices app knowing those apps::

    # contest/story.py, called from ContestConfig.ready()
    @story.register("contest-results", order=40)
    def results(practice):
        entries = selectors.practice_results(practice.pk)
        if not entries:
            return None
        return story.StoryPart(template="contest/partials/practice_results.html",
                               context={"entries": entries})

The page renders them with ``{% load practice_story %}{% practice_story practice %}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class StoryPart:
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


PartBuilder = Callable[[Any], StoryPart | None]
_registry: dict[str, tuple[int, PartBuilder]] = {}


def register(key: str, *, order: int = 100) -> Callable[[PartBuilder], PartBuilder]:
    """Decorator: add ``builder(practice) -> StoryPart | None`` under ``key`` (again replaces)."""

    def decorator(builder: PartBuilder) -> PartBuilder:
        _registry[key] = (order, builder)
        return builder

    return decorator


def unregister(key: str) -> None:
    _registry.pop(key, None)


def parts_for(practice: Any) -> list[StoryPart]:
    parts = []
    for _key, (_order, builder) in sorted(_registry.items(), key=lambda kv: (kv[1][0], kv[0])):
        part = builder(practice)
        if part is not None:
            parts.append(part)
    return parts

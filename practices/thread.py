"""The thread of a practice: what later steps hang on it, shown on the practice's pages.

A best practice is one identifier from its questionnaire to the seminars it hosts, its video
story, its contest entry and its chapter in the collection. The apps of those steps sit above
``practices`` and may not be imported by it, so each registers a section from its
``AppConfig.ready()``, and the practice's pages (the public catalogue page and the staff
questionnaire page) show whatever is registered::

    # events/apps.py, in ready():
    from events import thread  # noqa: F401  (registers on import)

    # events/thread.py
    from practices.thread import ThreadSection, register

    @register("events-seminars", order=20)
    def seminars(practice, user, *, public):
        items = ...  # read through the app's selectors, scoped to the user
        if not items:
            return None
        return ThreadSection(
            title=_("Семинары"), template="events/thread/seminars.html", context={"seminars": items}
        )

A builder returns a section or None when it has nothing to show. ``public`` is True on the
public catalogue page: show only what the public may see there. Sections are shown by
``order`` (then key); registering a key again replaces the earlier builder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from practices.models import Questionnaire


@dataclass(frozen=True)
class ThreadSection:
    """One step's part of a practice's story; ``template`` receives ``context`` and
    ``section``."""

    title: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    key: str = ""
    order: int = 0


SectionBuilder = Callable[..., ThreadSection | None]

_registry: dict[str, tuple[int, SectionBuilder]] = {}


def register(key: str, *, order: int = 100) -> Callable[[SectionBuilder], SectionBuilder]:
    """Decorator: add ``builder(practice, user, *, public) -> ThreadSection | None``."""

    def decorator(builder: SectionBuilder) -> SectionBuilder:
        _registry[key] = (order, builder)
        return builder

    return decorator


def sections_for(practice: Questionnaire, user: Any, *, public: bool) -> list[ThreadSection]:
    """The sections every registered app has for this practice and this person, in order."""
    sections = []
    for key, (order, builder) in sorted(_registry.items(), key=lambda item: (item[1][0], item[0])):
        section = builder(practice, user, public=public)
        if section is not None:
            sections.append(replace(section, key=key, order=order))
    return sections

"""One thread per practice (DESIGN §3): what later steps hang off a practice, on its page.

The practices app cannot import the apps built on it (videos, contest, …), so each of them
registers, from its ``AppConfig.ready()``, a provider that says what it holds for one practice::

    register_practice_thread("videos-stories", stories_for_practice, order=40)

where ``stories_for_practice(questionnaire_id, user)`` returns ``ThreadItem``s the user may
see. The practice's page shows them with ``{% load practice_thread %}{% practice_thread q %}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ThreadItem:
    kind: str  # «Видеосюжет», «Семинар»: what the item is
    title: str
    url: str = ""
    note: str = ""  # a state or a date, already in words


Provider = Callable[[int, Any], list[ThreadItem]]


@dataclass(frozen=True)
class _Registration:
    key: str
    order: int
    provider: Provider


_providers: dict[str, _Registration] = {}


def register_practice_thread(key: str, provider: Provider, *, order: int = 100) -> None:
    """Add (or replace, under the same key) a provider of items for a practice's page."""
    _providers[key] = _Registration(key, order, provider)


def unregister_practice_thread(key: str) -> None:
    _providers.pop(key, None)


def practice_thread(questionnaire_id: int, user: Any) -> list[ThreadItem]:
    """Everything the registered apps show ``user`` for the practice, in their order."""
    items: list[ThreadItem] = []
    for registration in sorted(_providers.values(), key=lambda r: (r.order, r.key)):
        items.extend(registration.provider(questionnaire_id, user))
    return items

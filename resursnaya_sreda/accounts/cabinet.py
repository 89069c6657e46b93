"""The personal cabinet («Личный кабинет») is assembled from sections that apps register.

An app adds what a person may do in it, without the cabinet knowing the app::

    # practices/apps.py, in ready():
    from resursnaya_sreda.accounts import cabinet

    @cabinet.register("practices-expert-assignments", order=45)
    def expert_assignments(user):
        if not permissions.is_expert(user):
            return None
        return cabinet.CabinetSection(
            title=_("Анкеты на оценку"),
            template="practices/cabinet/assignments.html",
            context={"assignments": selectors.assignments_for(user)},
        )

A builder returns a section for the user or None when it has nothing for them. Sections are
shown by ``order`` (then key); registering a key again replaces the earlier builder, so reloading
a module does not duplicate a section. The accounts app registers its own sections the same way
(``accounts/cabinet_sections.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse

DEFAULT_TEMPLATE = "accounts/cabinet/section.html"


@dataclass(frozen=True)
class CabinetLink:
    label: str
    url: str
    icon: str = ""
    primary: bool = False
    badge: str = ""


@dataclass(frozen=True)
class CabinetSection:
    """What one app shows one person. The default template renders description and links;
    ``template`` with ``context`` renders anything else (it also receives ``section`` and
    ``user``). ``aside`` sections go to the narrow column beside the main one."""

    title: str
    description: str = ""
    links: Sequence[CabinetLink] = ()
    template: str = DEFAULT_TEMPLATE
    context: Mapping[str, Any] = field(default_factory=dict)
    icon: str = ""
    aside: bool = False
    key: str = ""
    order: int = 0


SectionBuilder = Callable[[Any], CabinetSection | None]


@dataclass(frozen=True)
class Registration:
    key: str
    order: int
    builder: SectionBuilder


_registry: dict[str, Registration] = {}


def register(key: str, *, order: int = 100) -> Callable[[SectionBuilder], SectionBuilder]:
    """Decorator: add ``builder(user) -> CabinetSection | None`` under ``key``."""

    def decorator(builder: SectionBuilder) -> SectionBuilder:
        _registry[key] = Registration(key=key, order=order, builder=builder)
        return builder

    return decorator


def unregister(key: str) -> None:
    _registry.pop(key, None)


def registrations() -> list[Registration]:
    return sorted(_registry.values(), key=lambda item: (item.order, item.key))


def sections_for(user: Any) -> list[CabinetSection]:
    """The sections this user sees, in order."""
    sections = []
    for item in registrations():
        section = item.builder(user)
        if section is not None:
            sections.append(dataclasses.replace(section, key=item.key, order=item.order))
    return sections


def url_or_none(name: str, *args: Any) -> str | None:
    """A link to a page of an app that may not be installed yet (the cabinet must not break)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None

"""How a choice among growing records is searched, filtered, paged and labelled.

One :class:`Lookup` serves both ends of a search-as-you-type field: the JSON endpoint the
browser asks while the person types, and the server resolving typed text when the form is
sent without JavaScript. Both apply it to the same scoped queryset, so what can be found and
what can be chosen never differ.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower

#: Words of a query beyond this many are ignored; each word at most this long.
MAX_WORDS = 6
MAX_WORD_LENGTH = 60
#: Deep pages are useless in a pick list and costly to count past: refine the query instead.
MAX_PAGE = 50


def _words(text: str) -> list[str]:
    words = []
    for word in text.split()[:MAX_WORDS]:
        word = word.strip("№#,;«»\"'").lower()[:MAX_WORD_LENGTH]
        if word:
            words.append(word)
    return words


def _label(obj: Any) -> str:
    return str(obj)


@dataclass(frozen=True)
class Lookup:
    """Search settings for one kind of choice.

    ``search_fields`` are matched word by word (every word in some field, case-insensitive,
    Cyrillic included on SQLite too); ``search_pk`` also finds a record by its number (a
    questionnaire's «№ 123»). ``filters`` map a request parameter to a queryset lookup for
    dependent choices, e.g. ``{"region": "region_id"}``: municipalities of the chosen region.
    ``label`` is the text shown for a record, in the list and in the field once chosen.
    """

    search_fields: tuple[str, ...]
    label: Callable[[Any], str] = _label
    filters: Mapping[str, str] = field(default_factory=dict)
    search_pk: bool = False
    limit: int = 20
    max_limit: int = 50

    def filtered(self, queryset: QuerySet, params: Mapping[str, Any]) -> QuerySet:
        """Apply the dependent filters present in ``params``; a malformed value finds nothing."""
        for param, lookup in self.filters.items():
            value = params.get(param)
            if value in (None, ""):
                continue
            try:
                queryset = queryset.filter(**{lookup: value})
            except (ValueError, TypeError, ValidationError):
                return queryset.none()
        return queryset

    def search(self, queryset: QuerySet, text: str) -> QuerySet:
        """Records matching every word of ``text``; those starting with it come first."""
        words = _words(text or "")
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering or [])
        if not words:
            return queryset.order_by(*ordering, "pk")
        names = [f"_search_{i}" for i in range(len(self.search_fields))]
        queryset = queryset.alias(
            **{name: Lower(field) for name, field in zip(names, self.search_fields, strict=True)}
        )
        for word in words:
            condition = Q()
            for name in names:
                condition |= Q(**{f"{name}__contains": word})
            if self.search_pk and word.isdigit() and len(word) < 12:
                condition |= Q(pk=int(word))
            queryset = queryset.filter(condition)
        if names:
            queryset = queryset.alias(
                _starts=Case(
                    When(**{f"{names[0]}__startswith": " ".join(words)}, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            ordering = ["_starts", *ordering]
        return queryset.order_by(*ordering, "pk")

    def page(self, queryset: QuerySet, params: Mapping[str, Any]) -> dict[str, Any]:
        """The JSON an endpoint answers: ``{"results": [{"id", "text"}], "more", "page"}``."""
        try:
            limit = min(max(int(params.get("limit") or self.limit), 1), self.max_limit)
            page = min(max(int(params.get("page") or 1), 1), MAX_PAGE)
        except (TypeError, ValueError):
            limit, page = self.limit, 1
        found = self.search(self.filtered(queryset, params), str(params.get("q") or ""))
        start = (page - 1) * limit
        rows = list(found[start : start + limit + 1])
        return {
            "results": [{"id": str(obj.pk), "text": self.label(obj)} for obj in rows[:limit]],
            "more": len(rows) > limit,
            "page": page,
        }

    def resolve(
        self, queryset: QuerySet, text: str, params: Mapping[str, Any] | None = None
    ) -> tuple[Any | None, list[Any], bool]:
        """What typed ``text`` names: (the one record or None, the candidates, more exist).

        One record is chosen when it is the only match, when its label equals the text
        (case aside), or when the text is its number (``search_pk``).
        """
        found = self.search(self.filtered(queryset, params or {}), text)
        candidates = list(found[: self.limit + 1])
        more = len(candidates) > self.limit
        candidates = candidates[: self.limit]
        if len(candidates) == 1 and not more:
            return candidates[0], candidates, False
        wanted = " ".join(text.split()).casefold()
        exact = [obj for obj in candidates if self.label(obj).casefold() == wanted]
        if len(exact) == 1:
            return exact[0], candidates, more
        number = text.strip().lstrip("№# ")
        if self.search_pk and number.isdigit():
            by_number = [obj for obj in candidates if str(obj.pk) == number]
            if len(by_number) == 1:
                return by_number[0], candidates, more
        return None, candidates, more

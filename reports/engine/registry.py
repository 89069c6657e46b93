"""The one registry of document kinds (oscar's ``ReportFormatter`` registry, pretix's exporters).

Apps register their kinds from ``AppConfig.ready()``; the registry keeps them by identifier.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from reports.engine.base import Document

D = TypeVar("D", bound=type[Document])


class UnknownDocument(LookupError):
    """No kind of document has this identifier."""


class DocumentRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, type[Document]] = {}

    def register(self, kind: D) -> D:
        """Add a kind; a second kind under the same identifier is a programming error."""
        if not kind.identifier or not kind.verbose_name or not kind.formats:
            raise ValueError(f"{kind.__name__} needs an identifier, a verbose_name and formats")
        existing = self._kinds.get(kind.identifier)
        if existing is not None and existing is not kind:
            if f"{existing.__module__}.{existing.__qualname__}" != (
                f"{kind.__module__}.{kind.__qualname__}"
            ):
                raise ValueError(f"document {kind.identifier!r} is registered twice")
        self._kinds[kind.identifier] = kind
        return kind

    def unregister(self, identifier: str) -> None:
        self._kinds.pop(identifier, None)

    def get(self, identifier: str) -> type[Document]:
        try:
            return self._kinds[identifier]
        except KeyError:
            raise UnknownDocument(identifier) from None

    def __contains__(self, identifier: object) -> bool:
        return identifier in self._kinds

    def __iter__(self) -> Iterator[type[Document]]:
        return iter(sorted(self._kinds.values(), key=lambda kind: str(kind.verbose_name)))

    def for_user(self, user: Any) -> list[type[Document]]:
        """Kinds ``user`` may request, by title."""
        return [kind for kind in self if kind.can_request(user)]


registry = DocumentRegistry()
register = registry.register

"""Every URL the portal answers, built from the URL resolver, with sample arguments.

New apps' URLs are picked up automatically: nothing here names an app.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter, UUIDConverter
from django.urls.exceptions import NoReverseMatch
from django.urls.resolvers import RegexPattern, RoutePattern

_SAMPLES = {
    IntConverter: 1,
    UUIDConverter: uuid.UUID(int=1),
    SlugConverter: "sample",
    PathConverter: "sample",
}
_REGEX_TRIES = ("1", "kernel", "accounts", "sample")


@dataclass(frozen=True)
class PortalUrl:
    name: str
    path: str


def _walk(patterns: list, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner.strip(":"))
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry


def _kwarg_options(pattern: URLPattern, name: str) -> list[dict[str, object]]:
    if isinstance(pattern.pattern, RoutePattern):
        kwargs = {
            key: _SAMPLES.get(type(converter), "sample")
            for key, converter in pattern.pattern.converters.items()
        }
        return [kwargs]
    if isinstance(pattern.pattern, RegexPattern):
        groups = list(pattern.pattern.regex.groupindex)
        return [dict.fromkeys(groups, value) for value in _REGEX_TRIES]
    return [{}]


def all_urls() -> list[PortalUrl]:
    """One sample path for every named URL pattern that can be reversed."""
    found: dict[str, PortalUrl] = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        if name in found:
            continue
        for kwargs in _kwarg_options(pattern, name):
            try:
                path = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            found[name] = PortalUrl(name, path)
            break
    return sorted(found.values(), key=lambda url: url.path)


def app_urls(namespace: str, **values: object) -> list[PortalUrl]:
    """Every URL of one app's namespace, its arguments taken from ``values`` by name (a
    record's real pk, a token), else the samples; for matrices over an app's pages."""
    found: dict[str, PortalUrl] = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        if not name.startswith(f"{namespace}:") or name in found:
            continue
        for kwargs in _kwarg_options(pattern, name):
            kwargs = {key: values.get(key, value) for key, value in kwargs.items()}
            try:
                path = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            found[name] = PortalUrl(name, path)
            break
    return sorted(found.values(), key=lambda url: url.path)

"""The client address used by login brute-force protection."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or the address a trusted reverse proxy saw.

    ``X-Forwarded-For`` is written by the client first and by each proxy after, so only its last
    ``TRUSTED_PROXY_COUNT`` entries can be trusted; with no proxy configured the header is
    ignored, and a forged one cannot reset the failure count.
    """
    remote = request.META.get("REMOTE_ADDR")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < hops:
        return remote
    return forwarded[-hops]


def client_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The login as axes counts it: e-mails are matched case-insensitively at login, so the
    failure count must be too, or «Ivan@…» and «ivan@…» would be two fresh sets of attempts."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        value = getattr(request, "data", request.POST).get(field)
    if value is None:
        return None
    return str(value).strip().lower()

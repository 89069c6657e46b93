"""Limits on spraying and flooding, on the shared cache (Redis in production).

django-ratelimit counts hits per key in fixed windows; this module names the portal's limits
and answers a refused request the same way everywhere: status 429, a Russian message that says
when to try again, and ``Retry-After``. Any view that sends e-mail calls ``mail_allowed()``
before it sends (per client address and per recipient address)::

    wait = ratelimit.mail_allowed(request, group="events-feedback-link", recipient=email)
    if wait:
        return ratelimit.refused(request, wait)

The per-recipient count is kept whether or not an account exists for the address, so the
answer never tells which addresses are registered.

A public form refuses in place instead (``form_refused``), so what the visitor typed stays in
the fields; the view still answers 429 with ``Retry-After``.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

from resursnaya_sreda.accounts.security import client_ip


def _fixed(value: str):
    return lambda group, request: value


def address(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _digest(value: str) -> str:
    # Cache keys never hold an e-mail address in clear.
    return hashlib.sha256(value.strip().lower().encode("utf-8")).hexdigest()[:32]


def hit(request: HttpRequest, *, group: str, key: str, rate: str) -> int:
    """Count one hit; the seconds to wait when this hit is over the limit, else 0."""
    usage = get_usage(request, group=group, key=_fixed(key), rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return 0
    return max(1, int(usage["time_left"]))


def peek(request: HttpRequest, *, group: str, key: str, rate: str) -> int:
    """Like ``hit`` but counts nothing: the seconds to wait when the limit is already reached."""
    usage = get_usage(request, group=group, key=_fixed(key), rate=rate, increment=False)
    if usage is None or usage["count"] < usage["limit"]:
        return 0
    return max(1, int(usage["time_left"]))


def mail_allowed(
    request: HttpRequest, *, group: str, recipient: str, per_address: str | None = None
) -> int:
    """Count a letter about to be sent; 0 when it may go, else the seconds to wait.

    Two limits: ``RATELIMIT_MAIL_PER_ADDRESS`` letters of any kind from one client address and
    ``RATELIMIT_MAIL_PER_RECIPIENT`` letters of this group to one recipient. A form that
    people legitimately send many times from one office (an event's registration) gives its
    own ``per_address`` rate, counted for that group alone.
    """
    waits = [
        hit(
            request,
            group=f"mail-address:{group}" if per_address else "mail-address",
            key=address(request),
            rate=per_address or settings.RATELIMIT_MAIL_PER_ADDRESS,
        ),
        hit(
            request,
            group=f"mail-recipient:{group}",
            key=_digest(recipient),
            rate=settings.RATELIMIT_MAIL_PER_RECIPIENT,
        ),
    ]
    return max(waits)


def login_address_blocked(request: HttpRequest) -> int:
    """Seconds to wait when this address failed too many logins across all accounts."""
    return peek(
        request,
        group="login-address",
        key=address(request),
        rate=settings.RATELIMIT_LOGIN_PER_ADDRESS,
    )


def login_failed(request: HttpRequest) -> int:
    """Count a failed login (password or code) from this address, across accounts."""
    return hit(
        request,
        group="login-address",
        key=address(request),
        rate=settings.RATELIMIT_LOGIN_PER_ADDRESS,
    )


def wait_text(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Повторите попытку через %(n)d минуту.",
        "Повторите попытку через %(n)d мин.",
        minutes,
    ) % {"n": minutes}


def form_refused(form: Any, seconds: int, *, message: str | None = None) -> None:
    """Refuse a form over a limit with the message above its fields; what was typed stays.

    The view answers 429 with ``Retry-After: seconds`` and draws the form again.
    """
    text = message or _("Слишком много запросов с вашего адреса.")
    form.add_error(None, f"{text} {wait_text(seconds)}")


def refused(request: HttpRequest, seconds: int, *, message: str | None = None) -> HttpResponse:
    """The one answer to a request over a limit: 429, the message and ``Retry-After``."""
    text = message or _("Слишком много запросов с вашего адреса.")
    context: dict[str, Any] = {"message": text, "wait": wait_text(seconds)}
    response = render(request, "includes/rate_limited.html", context, status=429)
    response["Retry-After"] = str(int(seconds))
    return response

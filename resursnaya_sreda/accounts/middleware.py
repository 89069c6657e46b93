"""Two gates every request passes after authentication.

``SecondFactorMiddleware``: a person who must use a second factor (federal, regional, expert,
administrators) and whose session is not verified is sent to enrolment (no factor yet) or to
the login's second step, whatever URL they asked for; only those pages, logout and public
assets stay open. A verified session costs no query here.

``SessionLimitsMiddleware``: a staff session ends after ``STAFF_SESSION_IDLE_MINUTES`` without
a request and ``STAFF_SESSION_MAX_HOURS`` after login, however active.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from resursnaya_sreda.accounts import factors, sessions

#: URL names a person without a verified second factor may still open.
OPEN_URL_NAMES = frozenset(
    {
        "accounts:factor-enrol",
        "accounts:factor-recovery-codes",
        "accounts:login-verify",
        "accounts:logout",
        "accounts:login",
        "accounts:consent",
        "healthz",
        "otp_webauthn:credential-registration-begin",
        "otp_webauthn:credential-registration-complete",
        "otp_webauthn:js-i18n-catalog",
    }
)
_OPEN_PREFIXES = ("/static/", "/media/")

STARTED_KEY = "_portal_session_started"
SEEN_KEY = "_portal_session_seen"
STAFF_KEY = "_portal_session_staff"
TOUCH_EVERY_SECONDS = 60
#: Whether the person must use a second factor is remembered in the session this long, so a
#: role granted during a session takes effect within minutes without a query per request.
STAFF_RECHECK_SECONDS = 300


def mark_session(request: HttpRequest, user) -> None:
    """Called at login: when the session started and whether it is a staff session."""
    now = int(time.time())
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now
    request.session[STAFF_KEY] = [factors.second_factor_required(user), now]


def is_staff_session(request: HttpRequest) -> bool:
    now = int(time.time())
    cached = request.session.get(STAFF_KEY)
    if isinstance(cached, list) and len(cached) == 2 and now - cached[1] < STAFF_RECHECK_SECONDS:
        return bool(cached[0])
    value = factors.second_factor_required(request.user)
    request.session[STAFF_KEY] = [value, now]
    return value


def _url_name(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    return match.view_name


def _away(request: HttpRequest, target: str) -> HttpResponse:
    url = f"{target}?{urlencode({'next': request.get_full_path()}, safe='/')}"
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"detail": _("Нужен второй фактор входа.")}, status=403)
    return HttpResponseRedirect(url)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._gate(request)
        return response if response is not None else self.get_response(request)

    def _gate(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        # django-otp's API (and django-otp-webauthn) ask ``user.is_verified()``; the session
        # answers it, without loading the device.
        session = request.session
        user.is_verified = lambda: factors.session_is_verified(session)
        if factors.session_is_verified(session):
            return None
        if request.path_info.startswith(_OPEN_PREFIXES):
            return None
        if not is_staff_session(request):
            return None
        if _url_name(request) in OPEN_URL_NAMES:
            return None
        if factors.has_second_factor(user):
            return _away(request, reverse("accounts:login-verify"))
        return _away(request, reverse("accounts:factor-enrol"))


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            ended = self._check(request)
            if ended is not None:
                return ended
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        session = request.session
        now = int(time.time())
        started = session.get(STARTED_KEY)
        if started is None:
            session[STARTED_KEY] = now
            session[SEEN_KEY] = now
            return None
        seen = session.get(SEEN_KEY, started)
        if is_staff_session(request):
            idle = settings.STAFF_SESSION_IDLE_MINUTES * 60
            longest = settings.STAFF_SESSION_MAX_HOURS * 3600
            if now - seen > idle or now - started > longest:
                logout(request)
                messages.info(
                    request,
                    _("Сеанс завершён: %(why)s. Войдите снова.")
                    % {
                        "why": _("долго не было действий")
                        if now - seen > idle
                        else _("рабочий день сеанса закончился")
                    },
                )
                return HttpResponseRedirect(
                    f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"
                )
        if now - seen >= TOUCH_EVERY_SECONDS:
            session[SEEN_KEY] = now
            if session.session_key:
                sessions.session_touch(session.session_key)
        return None

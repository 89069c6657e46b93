"""The login's second step, enrolling a second factor, recovery codes, the security page.

The password step (``LoginView``) does not log a person with a factor in: it keeps a pending
login in the session and sends them here. Only a right code (or a passkey) completes the login.
Wrong codes count as failed logins for axes, so five lock the account from that address just
as five wrong passwords do, and for the per-address limit across accounts.
"""

from __future__ import annotations

import time
from typing import Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from resursnaya_sreda.accounts import factors, sessions
from resursnaya_sreda.accounts.forms import CodeForm
from resursnaya_sreda.kernel import ratelimit

PENDING_KEY = "_portal_pending_login"
ENROL_KEY = "_portal_enrol_device"
CODES_KEY = "_portal_new_recovery_codes"


def start_pending_login(request: HttpRequest, user: Any, *, backend: str, next_url: str) -> None:
    """Remember that ``user`` passed the password step; the code step finishes the login."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": backend,
        "at": int(time.time()),
        "next": next_url,
    }


def _pending(request: HttpRequest) -> tuple[Any, dict[str, Any]] | tuple[None, None]:
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None, None
    if int(time.time()) - int(data.get("at", 0)) > settings.SECOND_FACTOR_PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, None
    user = get_user_model().objects.filter(pk=data.get("user"), is_active=True).first()
    return (user, data) if user is not None else (None, None)


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


@never_cache
@sensitive_post_parameters("code")
def login_verify(request: HttpRequest) -> HttpResponse:
    """The second step: one visible text field, for the code (DESIGN §5)."""
    pending_user, pending = _pending(request)
    if pending_user is not None:
        user = pending_user
    elif request.user.is_authenticated and factors.has_second_factor(request.user):
        user = request.user  # a session from before enrolment was required
    else:
        messages.info(request, _("Войдите с адресом и паролем."))
        return redirect("accounts:login")
    if factors.session_is_verified(request.session) and pending is None:
        return redirect(_safe_next(request, request.GET.get("next")))

    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.email}
    if AxesProxyHandler.is_locked(request, credentials):
        request.session.pop(PENDING_KEY, None)
        return get_lockout_response(request, credentials=credentials)
    wait = ratelimit.login_address_blocked(request)
    if wait:
        return ratelimit.refused(
            request, wait, message=_("С вашего адреса было слишком много неудачных входов.")
        )

    next_url = (pending or {}).get("next") or request.GET.get("next")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = factors.code_verify(user=user, code=form.cleaned_data["code"])
        if device is None:
            ratelimit.login_failed(request)
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                request.session.pop(PENDING_KEY, None)
                return get_lockout_response(request, credentials=credentials)
            form.add_error(
                "code",
                _(
                    "Код неверный или уже использован. Введите новый код из приложения "
                    "(он меняется каждые 30 секунд) или неиспользованный код восстановления."
                ),
            )
        else:
            if pending is not None:
                request.session.pop(PENDING_KEY, None)
                auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _(
                        "Вы вошли по коду восстановления, он больше не действует. Осталось "
                        "кодов: %(n)d. Новые коды можно получить на странице «Безопасность»."
                    )
                    % {"n": factors.recovery_codes_left(user)},
                )
            return redirect(_safe_next(request, next_url))
    return render(
        request,
        "accounts/login_verify.html",
        {
            "form": form,
            "has_passkey": _has_passkey(user),
            "passkey_config": _passkey_config(request),
            "next": next_url or "",
        },
    )


def _has_passkey(user: Any) -> bool:
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def _passkey_config(request: HttpRequest) -> dict[str, Any]:
    from resursnaya_sreda.accounts.views.passkeys import passkey_config

    return passkey_config(request)


def _qr_svg(data: str) -> str:
    return segno.make(data, error="m").svg_inline(scale=4, dark="#000", light="#fff")


@never_cache
@login_required
@sensitive_post_parameters("code")
def factor_enrol(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: a QR code and the secret, then a code to confirm it."""
    user = request.user
    already = factors.has_second_factor(user)
    if already and not factors.session_is_verified(request.session):
        return redirect(f"{reverse('accounts:login-verify')}?next={reverse('accounts:security')}")
    device = None
    device_id = request.session.get(ENROL_KEY)
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        device = factors.totp_device_start(user=user)
        request.session[ENROL_KEY] = device.pk

    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmation = factors.totp_device_confirm(device=device, code=form.cleaned_data["code"])
        if confirmation is None:
            form.add_error(
                "code",
                _(
                    "Код не подошёл. Проверьте, что время на телефоне установлено автоматически, "
                    "и введите новый код из приложения."
                ),
            )
        else:
            request.session.pop(ENROL_KEY, None)
            otp_login(request, confirmation.device)
            messages.success(request, _("Приложение-аутентификатор подключено."))
            if confirmation.recovery_codes:
                request.session[CODES_KEY] = confirmation.recovery_codes
                next_url = _safe_next(request, request.GET.get("next"))
                return redirect(f"{reverse('accounts:factor-recovery-codes')}?next={next_url}")
            return redirect(_safe_next(request, request.GET.get("next")))
    return render(
        request,
        "accounts/factor_enrol.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": factors.totp_secret_base32(device),
            "required": factors.second_factor_required(user),
            "already": already,
        },
    )


@never_cache
@login_required
def factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shows freshly made recovery codes once; POST makes a new set (the old ones stop)."""
    if not factors.session_is_verified(request.session):
        return redirect(f"{reverse('accounts:login-verify')}?next={request.path}")
    if request.method == "POST":
        codes = factors.recovery_codes_generate(user=request.user)
        messages.success(request, _("Новые коды восстановления созданы, прежние не действуют."))
    else:
        codes = request.session.pop(CODES_KEY, None)
        if not codes:
            return redirect("accounts:security")
    return render(
        request,
        "accounts/factor_recovery_codes.html",
        {"codes": codes, "next": _safe_next(request, request.GET.get("next"))},
    )


@never_cache
@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The person's factors and sessions."""
    user = request.user
    devices = factors.user_devices(user)
    verified = factors.session_is_verified(request.session)
    return render(
        request,
        "accounts/security.html",
        {
            "devices": [d for d in devices if not isinstance(d, StaticDevice)],
            "has_factor": bool(devices),
            # Adding a factor needs the session verified by an existing one (or none yet).
            "can_add": verified or not devices,
            "recovery_left": factors.recovery_codes_left(user),
            "required": factors.second_factor_required(user),
            "verified": factors.session_is_verified(request.session),
            "sessions": sessions.sessions_for_user(user),
            "current_key": request.session.session_key,
            "passkey_config": _passkey_config(request),
        },
    )


@login_required
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    ended = sessions.sessions_end(user=request.user, keep=request.session.session_key)
    messages.success(request, _("Завершено других сеансов: %(n)d.") % {"n": ended})
    return redirect("accounts:security")

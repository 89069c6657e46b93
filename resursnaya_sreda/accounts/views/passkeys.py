"""Passkeys (WebAuthn, django-otp-webauthn) as the login's second step.

The library's own views expect a logged-in user; here the person has only passed the password
step, so these subclasses take the user from the pending login and complete it exactly as a
right code does. Passwordless login stays off (``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login as auth_login
from django.urls import reverse
from django_otp import login as otp_login
from django_otp_webauthn import exceptions
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    CompleteCredentialAuthenticationView,
)

from resursnaya_sreda.accounts.views import security as factor_views


def passkey_config(request: Any) -> dict[str, Any]:
    """What the library's script needs on a page (``json_script:"otp_webauthn_config"``)."""
    from django.middleware import csrf

    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("accounts:passkey-begin"),
        "completeAuthenticationUrl": reverse("accounts:passkey-complete"),
        "beginRegistrationUrl": reverse("otp_webauthn:credential-registration-begin"),
        "completeRegistrationUrl": reverse("otp_webauthn:credential-registration-complete"),
    }


class _PendingUserMixin:
    request: Any

    def get_user(self) -> Any:
        if self.request.user.is_authenticated:
            return self.request.user
        user, _pending = factor_views._pending(self.request)
        return user

    def check_can_authenticate(self) -> None:
        user = self.get_user()
        if user is None or not user.is_active:
            raise exceptions.PasswordlessLoginDisabled()


class Begin(_PendingUserMixin, BeginCredentialAuthenticationView):
    pass


class Complete(_PendingUserMixin, CompleteCredentialAuthenticationView):
    def complete_auth(self, device: Any) -> Any:
        user = self.get_user()
        if user is None or device.user_id != user.pk:
            raise exceptions.CredentialNotFound()
        _user, pending = factor_views._pending(self.request)
        if pending is not None and not self.request.user.is_authenticated:
            self.request.session.pop(factor_views.PENDING_KEY, None)
            self._next = pending.get("next")
            auth_login(self.request, user, backend=pending["backend"])
        otp_login(self.request, device)
        return user

    def get_success_url(self) -> str:
        return factor_views._safe_next(
            self.request, getattr(self, "_next", None) or self.request.GET.get("next")
        )

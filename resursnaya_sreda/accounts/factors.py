"""The second factor: who must have one, enrolling, checking a code, recovery codes, reset.

Built on django-otp: a TOTP device per authenticator app (``otp_totp``), one static device
holding the single-use recovery codes (``otp_static``) and passkeys (``django-otp-webauthn``).
django-otp refuses a TOTP code whose time step is not after the last accepted one, so a code
is never accepted twice; a recovery code is deleted when used.

A session is verified when ``django_otp.DEVICE_ID_SESSION_KEY`` is in it (``django_otp.login``
puts it there). The middleware only looks at the session, so a verified request costs no
query; resetting a person's factors ends all their sessions, so no verified session outlives
the device that verified it.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from resursnaya_sreda.accounts import permissions
from resursnaya_sreda.accounts.models import Role, User

#: Roles that must use a second factor: everyone who sees other people's data.
REQUIRED_ROLES = frozenset({Role.FEDERAL, Role.REGIONAL, Role.EXPERT})
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Приложение-аутентификатор"
RECOVERY_DEVICE_NAME = "Коды восстановления"
#: The fixed demo secret (DESIGN §5): demo staff accounts are enrolled with it.
DEMO_TOTP_SECRET = "DEMODEMODEMODEMODEMODEMODEMODEMO"


def second_factor_required(user: Any) -> bool:
    """Staff (federal, regional, expert) and administrators must use a second factor."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return bool(permissions.roles(user) & REQUIRED_ROLES)


def has_second_factor(user: Any) -> bool:
    """Whether ``user`` has a confirmed device (an app, a passkey or recovery codes)."""
    return bool(user is not None and user.pk and user_has_device(user, confirmed=True))


def session_is_verified(session: Any) -> bool:
    return bool(session.get(DEVICE_ID_SESSION_KEY))


def user_devices(user: User) -> list[Device]:
    return list(devices_for_user(user, confirmed=True))


def normalise_code(code: str) -> str:
    """People type codes with spaces or dashes; recovery codes are lower-case letters."""
    return "".join(code.split()).replace("-", "").lower()


# --- TOTP ---------------------------------------------------------------------------------


def totp_secret_base32(device: TOTPDevice) -> str:
    """The secret as people type it into an authenticator app (base32, no padding)."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed TOTP device; earlier unconfirmed ones are dropped.

    It counts only after the person types a code from the app (``totp_device_confirm``).
    """
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    device.full_clean()
    device.save()
    return device


@dataclass(frozen=True)
class Confirmation:
    device: TOTPDevice
    #: New recovery codes, shown once; empty when the person already had some.
    recovery_codes: list[str]


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, code: str) -> Confirmation | None:
    """Confirm the device with a code from the app; ``None`` when the code is wrong."""
    if not device.verify_token(normalise_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes: list[str] = []
    if not StaticDevice.objects.filter(user=device.user, confirmed=True).exists():
        codes = recovery_codes_generate(user=device.user)
    _history(device.user, by=device.user, text=_("подключено приложение-аутентификатор"))
    return Confirmation(device=device, recovery_codes=codes)


@transaction.atomic
def totp_device_enrol_with_secret(*, user: User, secret_base32: str) -> TOTPDevice:
    """Enrol ``user`` with a known secret (demo accounts, tests); idempotent."""
    try:
        key = binascii.hexlify(base64.b32decode(secret_base32)).decode("ascii")
    except (binascii.Error, ValueError) as exc:
        raise ValueError("the secret must be base32") from exc
    device = TOTPDevice.objects.filter(user=user, key=key).first()
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True)
        device.full_clean()
        device.save()
    elif not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


# --- Recovery codes -----------------------------------------------------------------------


def _recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
    return "".join(secrets.choice(alphabet) for _ in range(10))


@transaction.atomic
def recovery_codes_generate(*, user: User) -> list[str]:
    """Replace the person's recovery codes with ten new single-use ones, returned once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Checking a code ----------------------------------------------------------------------


def code_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts ``code`` (an app's code or a recovery code), or ``None``.

    A TOTP code already used (this step or an earlier one) and a used recovery code are
    refused: django-otp keeps the last accepted step and deletes used static tokens.
    """
    token = normalise_code(code)
    if not token:
        return None
    if token.isdigit():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(token):
                return device
        return None
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


# --- Reset by a federal coordinator -------------------------------------------------------


@transaction.atomic
def factors_reset(*, user: User, by: User) -> int:
    """Remove every factor of ``user`` and end their sessions; recorded in their history.

    Staff then enrol again at their next login. Returns how many devices were removed.
    """
    from resursnaya_sreda.accounts import sessions

    if not permissions.is_federal(by):
        raise PermissionError("only a federal coordinator resets factors")
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    sessions.sessions_end(user=user)
    _history(user, by=by, text=_("второй фактор сброшен (устройств: %(n)d)") % {"n": removed})
    return removed


def _history(user: User, *, by: User, text: str) -> None:
    """A line in the user's change history (the admin's «История»)."""
    LogEntry.objects.create(
        content_type_id=_user_content_type_id(),
        object_pk=str(user.pk),
        object_id=user.pk,
        object_repr=str(user)[:200],
        action=LogEntry.Action.UPDATE,
        changes={"второй фактор": ["", text]},
        actor=by if by is not None and by.pk else None,
    )


def _user_content_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(User).pk

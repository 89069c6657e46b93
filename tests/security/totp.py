"""Computing the codes an authenticator app would show, for tests."""

from __future__ import annotations

import base64
import time

from django_otp.oath import TOTP


def code(secret_base32: str, *, steps_ahead: int = 0) -> str:
    """The six-digit code for now (or ``steps_ahead`` 30-second steps later)."""
    padded = secret_base32 + "=" * (-len(secret_base32) % 8)
    totp = TOTP(base64.b32decode(padded), step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"

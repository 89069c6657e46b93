"""The secrets in links sent by e-mail: e-mail confirmation and invitations.

Confirmation links are signed (nothing to store): they carry the account and its address, expire
after ``ACCOUNT_LINK_DAYS`` and stop working once the address is confirmed. Invitation links are
random and only their hash is stored (see ``Invitation``), so a new letter retires the old link.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

_CONFIRM_SALT = "resursnaya_sreda.accounts.confirm-email"


def link_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.ACCOUNT_LINK_DAYS)


@dataclass(frozen=True)
class ConfirmationClaim:
    user_id: int
    email: str


class LinkExpired(Exception):
    """The link was genuine but is older than ``ACCOUNT_LINK_DAYS``."""


class LinkInvalid(Exception):
    """The link was never issued by the portal (or was mangled on the way)."""


def make_confirmation_token(*, user_id: int, email: str) -> str:
    return signing.dumps({"u": user_id, "e": email}, salt=_CONFIRM_SALT)


def read_confirmation_token(token: str) -> ConfirmationClaim:
    try:
        data = signing.loads(token, salt=_CONFIRM_SALT, max_age=link_lifetime())
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature as exc:
        raise LinkInvalid from exc
    try:
        return ConfirmationClaim(user_id=int(data["u"]), email=str(data["e"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise LinkInvalid from exc


def new_invitation_token() -> tuple[str, str]:
    """A fresh secret for a link and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LinkUsed(Exception):
    """The link did its job already (the address is confirmed, the invitation accepted)."""


class LinkCancelled(Exception):
    """A coordinator cancelled the invitation this link belongs to."""

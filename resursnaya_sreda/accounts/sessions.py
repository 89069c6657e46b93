"""A person's sessions: which browsers are logged in, and ending them.

Each login records a ``UserSession`` row beside Django's session (the session table cannot be
searched by user). The row's ``last_seen_at`` is refreshed at most once a minute by
``SessionLimitsMiddleware``, so the list costs no write on most requests.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from resursnaya_sreda.accounts.models import User, UserSession
from resursnaya_sreda.accounts.security import client_ip

USER_AGENT_LENGTH = 300


def _store(session_key: str) -> Any:
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(session_key=session_key)


@receiver(user_logged_in, dispatch_uid="accounts-session-record")
def _record_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    from resursnaya_sreda.accounts.middleware import mark_session

    mark_session(request, user)
    if not session.session_key:
        session.save()
    UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "ip_address": client_ip(request) or None,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
            "created_at": timezone.now(),
            "last_seen_at": timezone.now(),
        },
    )


@receiver(user_logged_out, dispatch_uid="accounts-session-forget")
def _forget_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.filter(session_key=session.session_key).delete()


def sessions_for_user(user: User) -> list[UserSession]:
    return list(UserSession.objects.filter(user=user).order_by("-last_seen_at"))


@transaction.atomic
def sessions_end(*, user: User, keep: str | None = None) -> int:
    """End every session of ``user`` except the one whose key is ``keep``; returns how many."""
    ended = 0
    for row in UserSession.objects.filter(user=user).exclude(session_key=keep or ""):
        _store(row.session_key).delete()
        row.delete()
        ended += 1
    return ended


def session_touch(session_key: str) -> None:
    UserSession.objects.filter(session_key=session_key).update(last_seen_at=timezone.now())

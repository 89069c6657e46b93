"""The record of reading personal data (152-ФЗ): one entry per read, never per row.

Apps use one function or one decorator::

    access_log.record_access(request, registration)            # an object was shown
    access_log.record_access(request, "Реестр участников", action=AccessAction.EXPORT,
                             parameters={"event": 12})         # a document, with parameters

    @access_log.reads_personal_data(lambda request, kwargs: f"Участники мероприятия {kwargs['pk']}")
    def participants(request, pk): ...

and models whose admin pages show personal data are registered once, from ``ready()``::

    access_log.register_personal_data_model("events.Registration")

so the admin's list and change views of that model each write one entry (see
``kernel.admin.PortalModelAdmin``). The kernel's private-file serving and the document
downloads of personal-data kinds record themselves.

Cost: one INSERT per request that reads personal data, no transaction of its own (inside a
request's transaction a savepoint would add two more queries); the same person reading the same
thing again within ``REPEAT_SECONDS`` is recorded once (a cache key, no query).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from resursnaya_sreda.accounts.security import client_ip
from resursnaya_sreda.kernel.models import AccessAction, PersonalDataAccess

REPEAT_SECONDS = 60
_personal_models: set[str] = set()


def register_personal_data_model(label: str | type[models.Model]) -> None:
    """Mark a model (``"app_label.ModelName"`` or the class) as holding personal data."""
    if not isinstance(label, str):
        label = label._meta.label
    _personal_models.add(label.lower())


def holds_personal_data(model: type[models.Model]) -> bool:
    return model._meta.label_lower in _personal_models


def personal_data_models() -> list[type[models.Model]]:
    found = []
    for label in sorted(_personal_models):
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def _describe(target: Any) -> tuple[ContentType | None, str, str]:
    if isinstance(target, models.Model):
        content_type = ContentType.objects.get_for_model(type(target))
        what = f"{target._meta.verbose_name}: {target}"
        return content_type, str(target.pk), what[:300]
    return None, "", str(target)[:300]


def record_access(
    request: HttpRequest | None,
    target: Any,
    *,
    action: str = AccessAction.VIEW,
    parameters: dict[str, Any] | None = None,
    user: Any = None,
) -> PersonalDataAccess | None:
    """Write one entry: ``user`` (default ``request.user``) read ``target`` (an object or text).

    Returns ``None`` when the same read was recorded within ``REPEAT_SECONDS``.
    """
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    content_type, object_id, what = _describe(target)
    parameters = parameters or {}
    fingerprint = hashlib.sha256(
        repr(
            (getattr(user, "pk", None), action, what, object_id, sorted(parameters.items()))
        ).encode("utf-8")
    ).hexdigest()[:32]
    if not cache.add(f"access-log:{fingerprint}", 1, REPEAT_SECONDS):
        return None
    return PersonalDataAccess.objects.create(
        at=timezone.now(),
        user=user,
        user_email=getattr(user, "email", "") or "",
        action=action,
        content_type=content_type,
        object_id=object_id,
        what=what,
        parameters=_jsonable(parameters),
        path=(request.get_full_path()[:500] if request is not None else ""),
        ip_address=(client_ip(request) if request is not None else None) or None,
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def request_parameters(request: HttpRequest) -> dict[str, Any]:
    """The query string as parameters (filters, search, page) without CSRF noise."""
    return {
        key: request.GET.getlist(key) if len(request.GET.getlist(key)) > 1 else value
        for key, value in request.GET.items()
    }


def reads_personal_data(
    what: str | Callable[[HttpRequest, dict[str, Any]], Any],
    *,
    action: str = AccessAction.VIEW,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view that shows personal data: a successful answer writes one entry.

    ``what`` is a text or ``what(request, view_kwargs)`` returning an object or text.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if 200 <= response.status_code < 300 and request.user.is_authenticated:
                target = what(request, kwargs) if callable(what) else what
                record_access(
                    request,
                    target,
                    action=action,
                    parameters={**_jsonable(kwargs), **request_parameters(request)},
                )
            return response

        return wrapped

    return decorator


def access_log_cleanup(*, now: Any = None) -> int:
    """Delete entries older than ``ACCESS_LOG_RETENTION_DAYS``; returns how many."""
    import datetime

    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    deleted, _ = PersonalDataAccess.objects.filter(at__lt=cutoff).delete()
    return deleted

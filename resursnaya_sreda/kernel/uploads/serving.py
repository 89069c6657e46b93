"""Serving private files: one registry, two URLs, the owning app's permission check.

An app that keeps private files registers, once, how to fetch the owning object for a user::

    register_private_files(Attachment, get_attachment_for_user)

where ``get_attachment_for_user(user, pk)`` raises ``Http404`` when the user may not see it
(and ``PermissionDenied`` when they may see but not download it). The kernel then serves
``/files/<key>/<pk>/`` and ``/files/<key>/<pk>/thumbnail/`` with the right headers, and
``obj.file.url`` points there. Each app keeps its own rules; nobody writes a download view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from resursnaya_sreda.kernel import access_log
from resursnaya_sreda.kernel.files import private_file_response
from resursnaya_sreda.kernel.models import AccessAction

Getter = Callable[[Any, int], models.Model]


@dataclass(frozen=True)
class PrivateFiles:
    key: str
    model: type[models.Model]
    getter: Getter
    file_field: str = "file"
    thumbnail_field: str | None = "thumbnail"
    name_field: str | None = "display_name"
    # Only for files the portal produced itself (a video preview it encoded), never uploads.
    inline: bool = False


_by_key: dict[str, PrivateFiles] = {}
_by_model: dict[type[models.Model], PrivateFiles] = {}


def register_private_files(
    model: type[models.Model],
    getter: Getter,
    *,
    key: str | None = None,
    file_field: str = "file",
    thumbnail_field: str | None = "thumbnail",
    name_field: str | None = "display_name",
    inline: bool = False,
) -> PrivateFiles:
    """Make ``model``'s private file downloadable by whoever ``getter`` lets through.

    Call it from the owning app's ``AppConfig.ready()``. ``key`` (default
    ``<app_label>-<model_name>``) becomes part of the URL. ``inline`` serves the file for
    showing in the page (a video the portal encoded itself) instead of as a download. A model
    may be registered under several keys (one per field); ``obj.file.url`` uses the first.
    """
    key = key or f"{model._meta.app_label}-{model._meta.model_name}"
    entry = PrivateFiles(key, model, getter, file_field, thumbnail_field, name_field, inline)
    existing = _by_key.get(key)
    if existing is not None and existing.model is not model:
        raise ValueError(f"private files key {key!r} is already used by {existing.model}")
    _by_key[key] = entry
    current = _by_model.get(model)
    if current is None or current.key == key:
        _by_model[model] = entry
    return entry


def registration_for(model: type[models.Model]) -> PrivateFiles | None:
    return _by_model.get(model)


def private_file_url(obj: models.Model, field_name: str) -> str:
    """The permission-checked URL of a private file, or "" when its model is not registered."""
    entry = _by_model.get(type(obj))
    if entry is None or obj.pk is None:
        return ""
    if field_name == entry.file_field:
        return reverse("files:download", kwargs={"key": entry.key, "pk": obj.pk})
    if field_name == entry.thumbnail_field:
        return reverse("files:thumbnail", kwargs={"key": entry.key, "pk": obj.pk})
    return ""


def stored_file_response(
    obj: models.Model,
    *,
    file_field: str = "file",
    name_field: str | None = "display_name",
    inline: bool = False,
    request: HttpRequest | None = None,
) -> HttpResponse:
    """A download of ``obj``'s file under its display name; the caller checked permission.

    With ``request`` a ``Range`` header is answered with that part of the file (206).
    """
    fieldfile = getattr(obj, file_field)
    display_name = getattr(obj, name_field, "") if name_field else ""
    if not display_name:
        display_name = fieldfile.name.rsplit("/", 1)[-1] if fieldfile else "file"
    return private_file_response(fieldfile, display_name, inline=inline, request=request)


def _entry(key: str) -> PrivateFiles:
    entry = _by_key.get(key)
    if entry is None:
        raise Http404
    return entry


@require_safe
def download(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    entry = _entry(key)
    obj = entry.getter(request.user, pk)
    response = stored_file_response(
        obj,
        file_field=entry.file_field,
        name_field=entry.name_field,
        inline=entry.inline,
        request=request,
    )
    _record(request, obj)
    return response


def _record(request: HttpRequest, obj: Any, **parameters: Any) -> None:
    # Files of the models an app registered as personal data (scans, attachments, releases)
    # are recorded on every download by a signed-in user. Files without personal data
    # (a specification's sample script) and public pictures seen by visitors are not.
    if request.user.is_authenticated and access_log.holds_personal_data(type(obj)):
        access_log.record_access(
            request, obj, action=AccessAction.DOWNLOAD, parameters=parameters or None
        )


@require_safe
def thumbnail(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    entry = _entry(key)
    if not entry.thumbnail_field:
        raise Http404
    obj = entry.getter(request.user, pk)
    fieldfile = getattr(obj, entry.thumbnail_field)
    # Thumbnails are JPEGs we encoded ourselves, so a browser may show them in place.
    response = private_file_response(fieldfile, f"thumbnail-{pk}.jpg", inline=True, request=request)
    _record(request, obj, thumbnail=True)
    return response

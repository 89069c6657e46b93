"""The tus 1.0 endpoints the browser's tus-js-client talks to, and the check's live status.

Creation (POST to the story's uploads URL), HEAD (how much arrived), PATCH (the next piece),
DELETE (termination) and OPTIONS (what the server supports). The protocol is small and fully
specified; the pieces go through ``videos.services.uploads``, which streams them to storage.
"""

from __future__ import annotations

import base64
import binascii
import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from videos import permissions as policy
from videos import services
from videos.models import CutUpload

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,termination,expiration"


def _tus(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def _error(status: int, message: str) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    return _tus(response)


def _options() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Tus-Version"] = TUS_VERSION
    response["Tus-Extension"] = EXTENSIONS
    response["Tus-Max-Size"] = str(services.max_upload_bytes())
    return _tus(response)


def _metadata(header: str) -> dict[str, str]:
    """``Upload-Metadata: filename d2l0aC5tcDQ=,filetype dmlkZW8vbXA0``."""
    result = {}
    for pair in (header or "").split(","):
        key, _sep, value = pair.strip().partition(" ")
        if not key:
            continue
        try:
            result[key] = base64.b64decode(value, validate=True).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            result[key] = ""
    return result


def _check_version(request: HttpRequest) -> HttpResponse | None:
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        response = _error(412, "Tus-Resumable 1.0.0 required")
        response["Tus-Version"] = TUS_VERSION
        return response
    return None


def upload_create(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: start an upload of the story's cut; answers 201 with its address."""
    if request.method == "OPTIONS":
        return _options()
    if not request.user.is_authenticated:
        return _error(403, "Войдите в портал.")
    story = policy.get_story_for_user(request.user, pk)
    if request.method != "POST":
        return _error(405, "")
    refused = _check_version(request)
    if refused:
        return refused
    length_text = request.headers.get("Upload-Length", "")
    if not length_text.isdigit():
        return _error(400, "Upload-Length required")
    metadata = _metadata(request.headers.get("Upload-Metadata", ""))
    try:
        upload = services.upload_create(
            story=story,
            by=request.user,
            length=int(length_text),
            filename=metadata.get("filename", ""),
        )
    except services.UploadRefused as exc:
        return _error(exc.status, exc.message)
    response = HttpResponse(status=201)
    response["Location"] = request.build_absolute_uri(reverse("videos:upload", args=[upload.pk]))
    return _tus(response)


def _get_upload(request: HttpRequest, upload_id: uuid.UUID) -> CutUpload:
    try:
        upload = CutUpload.objects.select_related("story__programme").get(pk=upload_id)
    except CutUpload.DoesNotExist as exc:
        raise Http404 from exc
    if not policy.can_view_story(request.user, upload.story):
        raise Http404
    return upload


def upload_resource(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
    """HEAD, PATCH and DELETE on one upload."""
    if request.method == "OPTIONS":
        return _options()
    if not request.user.is_authenticated:
        return _error(403, "Войдите в портал.")
    try:
        upload = _get_upload(request, upload_id)
    except Http404:
        return _error(404, "Загрузка не найдена.")
    if request.method == "HEAD":
        if upload.state == "aborted":
            return _error(410, upload.message)
        response = HttpResponse(status=200)
        response["Upload-Offset"] = str(upload.offset)
        response["Upload-Length"] = str(upload.length)
        return _tus(response)
    refused = _check_version(request)
    if refused:
        return refused
    if request.method == "DELETE":
        services.upload_abort(upload=upload, by=request.user)
        return _tus(HttpResponse(status=204))
    if request.method != "PATCH":
        return _error(405, "")
    if request.content_type != "application/offset+octet-stream":
        return _error(415, "Content-Type application/offset+octet-stream required")
    offset_text = request.headers.get("Upload-Offset", "")
    if not offset_text.isdigit():
        return _error(400, "Upload-Offset required")
    declared_text = request.headers.get("Content-Length", "")
    declared = int(declared_text) if declared_text.isdigit() else None
    try:
        upload = services.upload_append(
            upload=upload,
            by=request.user,
            offset=int(offset_text),
            stream=request,
            declared=declared,
        )
    except services.UploadRefused as exc:
        response = _error(exc.status, exc.message)
        if exc.status == 409:
            response["Upload-Offset"] = str(
                CutUpload.objects.filter(pk=upload.pk).values_list("offset", flat=True).first() or 0
            )
        return response
    response = HttpResponse(status=204)
    response["Upload-Offset"] = str(upload.offset)
    return _tus(response)


@login_required
def cut_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The cut's check, for htmx to poll while the worker runs."""
    story = policy.get_story_for_user(request.user, pk)
    cut = services.current_cut(story)
    return render(
        request,
        "videos/partials/cut_check.html",
        {"story": story, "cut": cut, "can_submit_cut": policy.can_submit_cut(request.user, story)},
    )

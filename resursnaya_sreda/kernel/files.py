"""Serving private files: always as a download, never sniffed, only after a permission check."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, storages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.static import serve


def private_file_response(
    fieldfile: FieldFile, display_name: str, *, inline: bool = False
) -> FileResponse:
    """Stream a stored file under its display name.

    The caller has already decided the user may see the file. ``inline`` is only for types we
    produced ourselves (our PDFs); anything a user uploaded goes out as an attachment so a
    browser never renders it in the portal's origin.
    """
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=not inline, filename=display_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def public_media(request: HttpRequest, path: str) -> HttpResponse:
    """Serve a file of the public media tree (re-encoded images only).

    A front web server should answer /media/ itself; this keeps a single-process deployment
    whole. ``serve`` refuses paths that leave the root.
    """
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        response = serve(request, path, document_root=settings.PUBLIC_MEDIA_ROOT)
    else:
        # Object storage (STORAGE_URL): stream the object; the name is checked by the storage.
        try:
            handle = storage.open(path, "rb")
        except (FileNotFoundError, OSError, SuspiciousFileOperation) as exc:
            raise Http404 from exc
        response = FileResponse(handle)
        response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response

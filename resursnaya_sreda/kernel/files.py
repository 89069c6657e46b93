"""Serving private files: always as a download, never sniffed, only after a permission check.

A browser playing a video asks for byte ranges (to start, to seek, to fetch the index at the
end of an MP4); ``private_file_response`` answers one ``Range: bytes=a-b`` with 206 and that
part only, streamed from the storage, so seeking in a long preview works with any backend that
can ``seek`` and never loads the file into memory.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from typing import IO

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, storages
from django.db.models.fields.files import FieldFile
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header
from django.views.static import serve

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)
BLOCK_SIZE = 64 * 1024


class RangeNotSatisfiable(Exception):
    """The range starts past the end of the file: the answer is 416."""


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte of a single ``bytes=`` range, or None to send it all.

    Several ranges, other units and malformed values are ignored (RFC 9110 lets a server send
    the whole file instead); a range that starts at or past the end raises
    ``RangeNotSatisfiable``.
    """
    if not header:
        return None
    found = _RANGE.match(header)
    if not found:
        return None
    first_text, last_text = found.groups()
    if not first_text and not last_text:
        return None
    if not first_text:
        # bytes=-500: the last 500 bytes.
        suffix = int(last_text)
        if suffix == 0:
            raise RangeNotSatisfiable
        return max(0, size - suffix), size - 1
    first = int(first_text)
    if first >= size:
        raise RangeNotSatisfiable
    last = int(last_text) if last_text else size - 1
    if last < first:
        return None
    return first, min(last, size - 1)


def _read_part(handle: IO[bytes], first: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(first)
        remaining = length
        while remaining > 0:
            block = handle.read(min(BLOCK_SIZE, remaining))
            if not block:
                break
            remaining -= len(block)
            yield block
    finally:
        handle.close()


def _safe_headers(response: HttpResponse) -> None:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Accept-Ranges"] = "bytes"


def private_file_response(
    fieldfile: FieldFile,
    display_name: str,
    *,
    inline: bool = False,
    request: HttpRequest | None = None,
) -> HttpResponse:
    """Stream a stored file under its display name, or the one byte range the request asks.

    The caller has already decided the user may see the file. ``inline`` is only for types we
    produced ourselves (our PDFs, video previews, poster frames); anything a user uploaded goes
    out as an attachment so a browser never renders it in the portal's origin.
    """
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    range_header = request.headers.get("Range") if request is not None else None
    # With If-Range the client holds a copy we cannot compare (no validators): send it all.
    if range_header and request is not None and request.headers.get("If-Range"):
        range_header = None
    if range_header:
        size = fieldfile.size
        try:
            part = parse_range(range_header, size)
        except RangeNotSatisfiable:
            handle.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            _safe_headers(response)
            return response
        if part is not None:
            first, last = part
            length = last - first + 1
            # The same guess FileResponse makes for the whole file.
            content_type = mimetypes.guess_type(display_name)[0] or "application/octet-stream"
            response = StreamingHttpResponse(
                _read_part(handle, first, length), status=206, content_type=content_type
            )
            response["Content-Length"] = str(length)
            response["Content-Range"] = f"bytes {first}-{last}/{size}"
            disposition = content_disposition_header(not inline, display_name)
            if disposition:
                response["Content-Disposition"] = disposition
            _safe_headers(response)
            return response
    response = FileResponse(handle, as_attachment=not inline, filename=display_name)
    _safe_headers(response)
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

"""The only way a PDF being rendered reaches anything outside its own HTML.

WeasyPrint's default fetcher follows any URL: http (server-side request forgery against the
intranet), file:// (``/etc/passwd`` embedded as an image or an attachment), redirects. Ours
serves ``data:`` URLs and the portal's own static and public media files, found through the
staticfiles finders and the default storage, and refuses everything else without touching the
network or the file system.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.utils._os import safe_join
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

#: The base URL documents are rendered against, so ``{% static %}`` paths become absolute.
#: ``.invalid`` can never resolve (RFC 2606); the fetcher maps it to local files itself.
BASE_URL = "https://portal.invalid/"


class RefusedURL(ValueError):
    """The fetcher does not serve this URL."""


class _StoredMedia:
    """A public file in object storage, opened like a ``Path``."""

    def __init__(self, storage, relative: str) -> None:
        self.storage = storage
        self.relative = relative
        self.name = posixpath.basename(relative)

    def open(self, mode: str = "rb"):
        return self.storage.open(self.relative, mode)


class PortalURLFetcher(URLFetcher):
    """Serve ``data:``, ``STATIC_URL`` and ``MEDIA_URL`` paths; refuse everything else.

    Refused URLs are remembered in ``refused`` (tests and logs show what a template tried).
    """

    def __init__(self) -> None:
        # The parent's opener only ever sees data: URLs; no redirects in any case.
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=5)
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            response = self._fetch(url, headers)
        except RefusedURL as exc:
            self.refused.append(url)
            logger.warning("PDF rendering: refused %s (%s)", url[:200], exc)
            raise
        self.served.append(url if not url.startswith("data:") else "data:")
        return response

    def _fetch(self, url: str, headers: dict[str, str] | None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            raise RefusedURL("malformed") from exc
        base = urlsplit(BASE_URL)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            # Any other host, http://127.0.0.1, file://, ftp://... never leaves the process.
            raise RefusedURL("not the portal's own static or media file")
        path = self._resolve(unquote(parts.path))
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        # The response closes the handle once WeasyPrint has read it.
        return URLFetcherResponse(
            url, path.open("rb"), headers={"Content-Type": content_type}, status=200
        )

    def _resolve(self, path: str) -> Path | _StoredMedia:
        if "\x00" in path or "\\" in path:
            raise RefusedURL("bad characters in path")
        normalised = posixpath.normpath(path)
        if normalised != path.rstrip("/") or ".." in path.split("/"):
            raise RefusedURL("path traversal")
        static_url = urlsplit(settings.STATIC_URL).path
        media_url = urlsplit(settings.MEDIA_URL).path
        if path.startswith(static_url):
            return self._static(path[len(static_url) :])
        if path.startswith(media_url):
            return self._media(path[len(media_url) :])
        raise RefusedURL("outside STATIC_URL and MEDIA_URL")

    @staticmethod
    def _static(relative: str) -> Path:
        try:
            found = finders.find(relative)
        except SuspiciousFileOperation as exc:
            raise RefusedURL("path traversal") from exc
        if not found and settings.STATIC_ROOT:
            # Collected files (production) when the finders do not know the path.
            try:
                candidate = Path(safe_join(str(settings.STATIC_ROOT), relative))
            except SuspiciousFileOperation as exc:
                raise RefusedURL("path traversal") from exc
            found = str(candidate) if candidate.is_file() else None
        if not found or not Path(found).is_file():
            raise RefusedURL("no such static file")
        return Path(found)

    @staticmethod
    def _media(relative: str) -> Path | _StoredMedia:
        # Only the public tree (storages["default"]); private files never get a URL, so a
        # document that needs one embeds it as data: (see reports.engine.pdf.data_uri).
        storage = storages["default"]
        try:
            candidate = Path(storage.path(relative))
        except NotImplementedError:
            # Object storage (STORAGE_URL): read the object through the storage.
            try:
                if not storage.exists(relative):
                    raise RefusedURL("no such media file")
            except SuspiciousFileOperation as exc:
                raise RefusedURL("not a public media file") from exc
            return _StoredMedia(storage, relative)
        except SuspiciousFileOperation as exc:
            raise RefusedURL("not a local public media file") from exc
        if not candidate.is_file():
            raise RefusedURL("no such media file")
        return candidate

"""One entry point that turns an upload into a checked file, or a Russian ValidationError."""

from __future__ import annotations

from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from resursnaya_sreda.kernel.uploads import documents, images, pdf_active
from resursnaya_sreda.kernel.uploads.kinds import (
    OFFICE,
    TEXT,
    Kind,
    describe,
    expected_label,
    format_size,
    is_zip_mime,
    kind_for_mime,
    read_head,
    sniff_mime,
)
from resursnaya_sreda.kernel.uploads.names import sanitise_display_name

MB = 1024 * 1024
DEFAULT_MAX_SIZE = 10 * MB


class CheckedUpload(File):
    """A file that passed the checks, ready to assign to a ``StoredFileField``.

    ``name`` is the sanitised display name (its extension matches the content), so the random
    storage name gets the right extension too. Images carry re-encoded bytes and a thumbnail.
    """

    def __init__(
        self,
        file: IO[bytes] | Any,
        *,
        display_name: str,
        kind: Kind,
        size: int,
        thumbnail: ContentFile | None = None,
        width: int | None = None,
        height: int | None = None,
    ) -> None:
        super().__init__(file, name=display_name)
        self.display_name = display_name
        self.kind = kind
        self.content_type = kind.content_type
        self.size = size
        self.thumbnail = thumbnail
        self.width = width
        self.height = height
        #: What was taken out of a PDF (JavaScript, actions, embedded files); [] if nothing.
        self.removed_active_content: list[str] = []

    @property
    def is_image(self) -> bool:
        return self.kind.family == "image"


def too_big_error(size: int, max_size: int) -> ValidationError:
    return ValidationError(
        _("Файл слишком большой: %(size)s, допускается не более %(max)s."),
        code="too_big",
        params={"size": format_size(size), "max": format_size(max_size)},
    )


def empty_error() -> ValidationError:
    return ValidationError(
        _("Файл пустой (0 байт). Проверьте, что выбран нужный файл, и загрузите его снова."),
        code="empty",
    )


def wrong_kind_error(kinds: tuple[Kind, ...], mime: str | None) -> ValidationError:
    return ValidationError(
        _("Файл не похож на %(expected)s: %(what)s."),
        code="wrong_kind",
        params={"expected": expected_label(kinds), "what": describe(mime)},
    )


def check_upload(
    upload: Any,
    *,
    kinds: tuple[Kind, ...],
    max_size: int = DEFAULT_MAX_SIZE,
    max_pixels: int = images.MAX_IMAGE_PIXELS,
    max_side: int | None = None,
    thumbnail_size: tuple[int, int] | None = images.THUMBNAIL_SIZE,
    max_zip_entries: int = documents.MAX_ZIP_ENTRIES,
    max_unpacked: int = documents.MAX_UNPACKED_SIZE,
) -> CheckedUpload:
    """Check an uploaded file by its content against ``kinds``; images come back re-encoded.

    The browser's name and content type are never consulted for the kind. Size is checked
    first, from the byte count Django measured while receiving the file, so nothing large is
    read. Raises ``ValidationError`` with a message for the person who uploaded the file.
    """
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise empty_error()
    if size > max_size:
        raise too_big_error(size, max_size)

    head = read_head(upload)
    if not head:
        raise empty_error()
    mime = sniff_mime(head)
    kind = kind_for_mime(mime)
    office_allowed = [k for k in kinds if k in OFFICE]
    if kind is None and is_zip_mime(mime) and office_allowed:
        kind = documents.inspect_office(
            upload, size=size, max_entries=max_zip_entries, max_unpacked=max_unpacked
        )
    text_allowed = tuple(k for k in kinds if k in TEXT)
    raw_name = str(getattr(upload, "name", "") or "")
    if kind is None and mime is None and documents.looks_like_text(head):
        if text_allowed:
            kind = documents.inspect_text(upload, display_name=raw_name, allowed=text_allowed)
        else:
            mime = "text/plain"
    if kind is None or kind not in kinds:
        raise wrong_kind_error(kinds, mime)

    display_name = sanitise_display_name(raw_name, kind=kind)
    if kind.family == "image":
        processed = images.process_image(
            upload,
            kind,
            max_pixels=max_pixels,
            max_side=max_side,
            thumbnail_size=thumbnail_size,
        )
        thumbnail = None
        if processed.thumbnail is not None:
            thumbnail = ContentFile(processed.thumbnail, name="thumbnail.jpg")
        return CheckedUpload(
            ContentFile(processed.content),
            display_name=display_name,
            kind=kind,
            size=len(processed.content),
            thumbnail=thumbnail,
            width=processed.width,
            height=processed.height,
        )
    if kind.family == "pdf":
        documents.inspect_pdf(upload, size=size)
        cleaned, removed = pdf_active.sanitise_pdf(upload)
        if cleaned is not None:
            checked = CheckedUpload(
                ContentFile(cleaned), display_name=display_name, kind=kind, size=len(cleaned)
            )
            checked.removed_active_content = removed
            return checked
    upload.seek(0)
    return CheckedUpload(upload, display_name=display_name, kind=kind, size=size)

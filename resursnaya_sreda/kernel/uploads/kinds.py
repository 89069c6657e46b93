"""The allow-list of file kinds and how a file's content (never its name) tells its kind.

A kind is recognised from the first bytes with ``filetype``, then each family is really
parsed by its own checker (Pillow for images, a structural look at PDFs, the zip directory
for office documents). Anything else is refused with a message that says what the file
looks like, so a person who picked the wrong file knows what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

import filetype
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192


@dataclass(frozen=True)
class Kind:
    """One accepted kind of file."""

    code: str
    label: str
    content_type: str
    extension: str
    # Extensions people give such files; a display name with another one gets ``extension``.
    extensions: tuple[str, ...]
    family: str

    def __str__(self) -> str:
        return self.label


JPEG = Kind("jpeg", "JPEG", "image/jpeg", ".jpg", (".jpg", ".jpeg", ".jpe", ".jfif"), "image")
PNG = Kind("png", "PNG", "image/png", ".png", (".png",), "image")
WEBP = Kind("webp", "WebP", "image/webp", ".webp", (".webp",), "image")
PDF = Kind("pdf", "PDF", "application/pdf", ".pdf", (".pdf",), "pdf")
DOCX = Kind(
    "docx",
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    (".docx",),
    "office",
)
XLSX = Kind(
    "xlsx",
    "XLSX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsx",
    (".xlsx",),
    "office",
)
PPTX = Kind(
    "pptx",
    "PPTX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".pptx",
    (".pptx",),
    "office",
)
ODT = Kind("odt", "ODT", "application/vnd.oasis.opendocument.text", ".odt", (".odt",), "office")
ODS = Kind(
    "ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet", ".ods", (".ods",), "office"
)
ODP = Kind(
    "odp", "ODP", "application/vnd.oasis.opendocument.presentation", ".odp", (".odp",), "office"
)
TXT = Kind("txt", "TXT", "text/plain", ".txt", (".txt", ".text", ".log"), "text")
CSV = Kind("csv", "CSV", "text/csv", ".csv", (".csv",), "text")

ALL_KINDS: tuple[Kind, ...] = (JPEG, PNG, WEBP, PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, TXT, CSV)
BY_CODE = {kind.code: kind for kind in ALL_KINDS}

# Ready-made allow-lists for fields.
IMAGES: tuple[Kind, ...] = (JPEG, PNG, WEBP)
OFFICE: tuple[Kind, ...] = (DOCX, XLSX, PPTX, ODT, ODS, ODP)
DOCUMENTS: tuple[Kind, ...] = (PDF, *OFFICE)
SCANS: tuple[Kind, ...] = (PDF, *IMAGES)
TEXT: tuple[Kind, ...] = (TXT, CSV)
ANY_DOCUMENT: tuple[Kind, ...] = (PDF, *OFFICE, *IMAGES)

_MIME_TO_KIND = {
    "image/jpeg": JPEG,
    "image/png": PNG,
    # An animated PNG is still a PNG; re-encoding keeps its first frame.
    "image/apng": PNG,
    "image/webp": WEBP,
    "application/pdf": PDF,
}
_ZIP_MIMES = {
    "application/zip",
    "application/epub+zip",
    DOCX.content_type,
    XLSX.content_type,
    PPTX.content_type,
    ODT.content_type,
    ODS.content_type,
    ODP.content_type,
}

# What a refused file looks like, in words a person understands.
_DESCRIPTIONS = {
    "image/gif": _("изображение GIF"),
    "image/tiff": _("изображение TIFF"),
    "image/bmp": _("изображение BMP"),
    "image/heic": _("фотография HEIC (снимок iPhone)"),
    "image/avif": _("изображение AVIF"),
    "image/vnd.adobe.photoshop": _("файл Photoshop"),
    "image/x-icon": _("значок ICO"),
    "image/jpeg": _("изображение JPEG"),
    "image/png": _("изображение PNG"),
    "image/apng": _("изображение PNG"),
    "image/webp": _("изображение WebP"),
    "application/pdf": _("документ PDF"),
    "application/postscript": _("файл PostScript/EPS — такие файлы не принимаются"),
    "application/msword": _("документ Word старого формата (DOC)"),
    "application/vnd.ms-excel": _("таблица Excel старого формата (XLS)"),
    "application/vnd.ms-powerpoint": _("презентация PowerPoint старого формата (PPT)"),
    "application/rtf": _("документ RTF"),
    DOCX.content_type: _("документ Word (DOCX)"),
    XLSX.content_type: _("таблица Excel (XLSX)"),
    PPTX.content_type: _("презентация PowerPoint (PPTX)"),
    ODT.content_type: _("текстовый документ OpenDocument (ODT)"),
    ODS.content_type: _("таблица OpenDocument (ODS)"),
    ODP.content_type: _("презентация OpenDocument (ODP)"),
    "application/x-msdownload": _("программа (EXE)"),
    "application/x-executable": _("программа"),
    "application/x-rar-compressed": _("архив RAR"),
    "application/x-7z-compressed": _("архив 7z"),
    "application/gzip": _("архив GZIP"),
    "application/zip": _("архив ZIP"),
    "application/epub+zip": _("электронная книга EPUB"),
    "video/mp4": _("видео MP4"),
    "video/quicktime": _("видео MOV"),
    "audio/mpeg": _("аудио MP3"),
    "text/html": _("HTML-страница"),
    "image/svg+xml": _("рисунок SVG — такие файлы не принимаются"),
    "text/xml": _("XML-документ"),
    "text/plain": _("текстовый файл"),
}

# Markers of text formats that filetype does not know, checked on the start of the file.
_EPS_BINARY_MAGIC = b"\xc5\xd0\xd3\xc6"


def read_head(handle: IO[bytes], size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes; the file is left at its start."""
    handle.seek(0)
    head = handle.read(size)
    handle.seek(0)
    return head


def _text_format(head: bytes) -> str | None:
    """A guess at markup formats by their opening, case-insensitive, after BOM and spaces."""
    start = head.lstrip(b"\xef\xbb\xbf").lstrip()[:1024].lower()
    if start.startswith(b"%!ps") or head.startswith(_EPS_BINARY_MAGIC):
        return "application/postscript"
    if b"<svg" in start:
        return "image/svg+xml"
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe")):
        return "text/html"
    if start.startswith(b"<?xml"):
        return "text/xml"
    return None


def sniff_mime(head: bytes) -> str | None:
    """The MIME type the content shows, or None when it shows nothing known."""
    # Binary signatures first: a photo whose metadata happens to contain "<svg" is a photo.
    guess = filetype.guess(head)
    if guess is not None:
        return guess.mime
    return _text_format(head)


def kind_for_mime(mime: str | None) -> Kind | None:
    """The allow-listed kind for a sniffed binary MIME type (zip containers need a closer look)."""
    if mime is None:
        return None
    return _MIME_TO_KIND.get(mime)


def is_zip_mime(mime: str | None) -> bool:
    return mime in _ZIP_MIMES


def describe(mime: str | None) -> str:
    """What the file is, for the error message."""
    if mime is None:
        return str(_("формат по содержимому не распознан"))
    description = _DESCRIPTIONS.get(mime)
    if description is None:
        return str(_("по содержимому это файл типа %(mime)s")) % {"mime": mime}
    return str(_("по содержимому это %(what)s")) % {"what": description}


def expected_label(kinds: tuple[Kind, ...]) -> str:
    """«изображение JPEG/PNG/WebP», «документ PDF, DOCX, XLSX…» for the error message."""
    labels = "/".join(kind.label for kind in kinds)
    families = {kind.family for kind in kinds}
    if families == {"image"}:
        return str(_("изображение %(labels)s")) % {"labels": labels}
    if families == {"text"}:
        return str(_("текстовый файл %(labels)s")) % {"labels": labels}
    if "image" in families:
        return str(_("документ или изображение %(labels)s")) % {"labels": labels}
    return str(_("документ %(labels)s")) % {"labels": labels}


def format_size(size: int) -> str:
    """Bytes in Russian units with a decimal comma: «52,4 МБ», «10 МБ», «900 КБ»."""
    units = [(1024**3, _("ГБ")), (1024**2, _("МБ")), (1024, _("КБ"))]
    for factor, unit in units:
        if size >= factor:
            value = size / factor
            text = f"{value:.1f}".replace(".", ",")
            if text.endswith(",0"):
                text = text[:-2]
            return f"{text} {unit}"
    return f"{size} {_('байт')}"

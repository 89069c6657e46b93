"""Structural checks of PDFs, office documents (zip containers) and plain text.

Office files are zip archives. Nothing is extracted: the central directory is read to count the
entries and add up their declared sizes (a zip bomb declares gigabytes in a few kilobytes), and
only the small manifest that says what the document is gets read, with a bound.
"""

from __future__ import annotations

import codecs
import zipfile
from typing import IO

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from resursnaya_sreda.kernel.uploads.kinds import (
    CSV,
    DOCX,
    ODP,
    ODS,
    ODT,
    PPTX,
    TXT,
    XLSX,
    Kind,
    format_size,
)

MAX_ZIP_ENTRIES = 2000
MAX_UNPACKED_SIZE = 250 * 1024 * 1024
# Real office XML packs 5–30 times; a much denser archive is built to explode.
MAX_COMPRESSION_RATIO = 150
_RATIO_APPLIES_ABOVE = 20 * 1024 * 1024
_MANIFEST_LIMIT = 2 * 1024 * 1024

_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_ODF_MIMETYPES = {ODT.content_type: ODT, ODS.content_type: ODS, ODP.content_type: ODP}
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _macro_error() -> ValidationError:
    return ValidationError(
        _(
            "Документ содержит макросы. Такие файлы не принимаются: сохраните его как обычный "
            "документ (DOCX, XLSX, PPTX, ODT, ODS или ODP) без макросов и загрузите снова."
        ),
        code="macros",
    )


def _damaged_error() -> ValidationError:
    return ValidationError(
        _(
            "Документ повреждён или загружен не полностью: его не удалось открыть. Сохраните "
            "его заново и загрузите ещё раз."
        ),
        code="document_broken",
    )


def _not_a_document_error(what: str) -> ValidationError:
    return ValidationError(
        _("Это архив, а не документ: %(what)s. Загрузите сам документ, а не архив."),
        code="not_a_document",
        params={"what": what},
    )


def _read_entry(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise _damaged_error()
    with archive.open(info) as entry:
        data = entry.read(limit + 1)
    if len(data) > limit:
        raise _damaged_error()
    return data


def inspect_office(
    handle: IO[bytes],
    *,
    size: int,
    max_entries: int = MAX_ZIP_ENTRIES,
    max_unpacked: int = MAX_UNPACKED_SIZE,
) -> Kind:
    """The office kind of a zip container, after refusing bombs, macros and plain archives."""
    handle.seek(0)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise _damaged_error() from exc
    try:
        infos = archive.infolist()
        if len(infos) > max_entries:
            raise ValidationError(
                _(
                    "Документ устроен подозрительно: в нём %(count)d внутренних частей, "
                    "допускается не более %(max)d. Такие файлы не принимаются."
                ),
                code="too_many_entries",
                params={"count": len(infos), "max": max_entries},
            )
        unpacked = sum(info.file_size for info in infos)
        if unpacked > max_unpacked or (
            unpacked > _RATIO_APPLIES_ABOVE and unpacked > MAX_COMPRESSION_RATIO * max(size, 1)
        ):
            raise ValidationError(
                _(
                    "Документ после распаковки занимает %(unpacked)s при размере файла "
                    "%(size)s, допускается не более %(max)s. Такие файлы не принимаются."
                ),
                code="unpacked_too_big",
                params={
                    "unpacked": format_size(unpacked),
                    "size": format_size(size),
                    "max": format_size(max_unpacked),
                },
            )
        names = {info.filename for info in infos}
        lowered = {name.lower() for name in names}
        if any(
            name.endswith("vbaproject.bin")
            or name.endswith("vbadata.xml")
            or name.startswith(("basic/", "scripts/"))
            or "/activex/" in f"/{name}"
            for name in lowered
        ):
            raise _macro_error()
        if "[Content_Types].xml" in names:
            return _ooxml_kind(archive, names)
        if "mimetype" in names:
            return _odf_kind(archive, names)
        raise _not_a_document_error(_("архив ZIP"))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError) as exc:
        raise _damaged_error() from exc
    finally:
        archive.close()
        handle.seek(0)


def _ooxml_kind(archive: zipfile.ZipFile, names: set[str]) -> Kind:
    try:
        root = ElementTree.fromstring(_read_entry(archive, "[Content_Types].xml", _MANIFEST_LIMIT))
    except (DefusedXmlException, ElementTree.ParseError) as exc:
        raise _damaged_error() from exc
    found: Kind | None = None
    for override in root.iter(f"{_CT_NS}Override"):
        content_type = (override.get("ContentType") or "").strip()
        if "macroenabled" in content_type.lower() or "vbaproject" in content_type.lower():
            raise _macro_error()
        kind = _OOXML_MAIN.get(content_type)
        if kind is not None:
            part = (override.get("PartName") or "").lstrip("/")
            if part not in names:
                raise _damaged_error()
            found = kind
    for default in root.iter(f"{_CT_NS}Default"):
        content_type = (default.get("ContentType") or "").lower()
        if "macroenabled" in content_type or "vbaproject" in content_type:
            raise _macro_error()
    if found is None:
        raise _not_a_document_error(_("пакет Office неизвестного вида"))
    return found


def _odf_kind(archive: zipfile.ZipFile, names: set[str]) -> Kind:
    mimetype = _read_entry(archive, "mimetype", 200).decode("ascii", "replace").strip()
    kind = _ODF_MIMETYPES.get(mimetype)
    if kind is None:
        raise _not_a_document_error(_("документ OpenDocument вида %s") % mimetype[:80])
    if "content.xml" not in names or "META-INF/manifest.xml" not in names:
        raise _damaged_error()
    return kind


def inspect_pdf(handle: IO[bytes], *, size: int) -> None:
    """A PDF starts with its header and ends with ``startxref`` and ``%%EOF``.

    A cut-off upload loses its end; a renamed text file lacks the header (refused earlier).
    """
    handle.seek(0)
    head = handle.read(1024)
    handle.seek(max(0, size - 4096))
    tail = handle.read()
    handle.seek(0)
    version_ok = head.startswith(b"%PDF-") and head[5:8] in {
        b"1.0",
        b"1.1",
        b"1.2",
        b"1.3",
        b"1.4",
        b"1.5",
        b"1.6",
        b"1.7",
        b"2.0",
    }
    if not version_ok or b"%%EOF" not in tail or b"startxref" not in tail:
        raise ValidationError(
            _(
                "Документ PDF повреждён или загружен не полностью: в нём нет окончания. "
                "Сохраните его заново и загрузите ещё раз."
            ),
            code="pdf_broken",
        )


def looks_like_text(head: bytes) -> bool:
    """Bytes a person would call text: no NULs, decodes as UTF-8 or Windows-1251."""
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1251"):
        # Not final: the head may end in the middle of a multibyte character.
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            text = decoder.decode(head, final=False)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
        return controls == 0
    return False


def inspect_text(handle: IO[bytes], *, display_name: str, allowed: tuple[Kind, ...]) -> Kind:
    """TXT or CSV (which one only the name can tell: both are plain text)."""
    handle.seek(0)
    while chunk := handle.read(1024 * 1024):
        if b"\x00" in chunk:
            raise ValidationError(
                _("Файл не похож на текстовый: в нём есть двоичные данные."), code="not_text"
            )
    handle.seek(0)
    if CSV in allowed and (display_name.lower().endswith(".csv") or TXT not in allowed):
        return CSV
    return TXT

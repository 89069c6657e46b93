"""The one reader of spreadsheets brought in by people: every import uses it.

Usage (an app's ``importing.py`` checks the rows it gets; the service then writes them)::

    from resursnaya_sreda.kernel.spreadsheets import ImportFileError, read_table

    try:
        lines = read_table(upload, max_rows=2000)          # an UploadedFile or a Path
    except ImportFileError as exc:
        form.add_error("file", str(exc))                   # the whole file is refused
    else:
        for number, cells in lines[1:]:                    # line 1 is the header
            ...

``read_table`` returns ``[(line number, [cell texts])]``: numbers as the person sees them in
Excel, cells stripped, whole numbers without ``.0`` (codes typed without a text format), empty
cells as ``""``. ``max_rows`` counts the non-empty lines after the header; a file with more is
refused whole with a message, never cut short. ``allow_csv=True`` also accepts CSV (UTF-8 or the
cp1251 Excel on Windows still writes; the delimiter is guessed from the header).

What is refused before openpyxl reads a byte, the strictest rules of the imports that came
before this module:

- a file over ``MAX_FILE_BYTES``;
- a macro-enabled book, by its name (.xlsm, .xltm, .xlsb) or by a macro part inside it;
- a zip archive with more than ``MAX_ZIP_ENTRIES`` parts, that unpacks to more than
  ``MAX_UNPACKED_BYTES`` (sizes from the central directory, which ``zipfile`` never reads
  past), or with a part compressed more than ``MAX_COMPRESSION_RATIO`` times (a zip bomb);
- any XML part with a DTD, an entity or an external reference (parsed by defusedxml,
  streamed, so a large sheet does not become a large tree in memory).
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

MB = 1024 * 1024
MAX_FILE_BYTES = 5 * MB
# A list of every Russian municipality (about 20 000 rows) is a dozen parts and a few MB
# unpacked; a list of participants far less.
MAX_ZIP_ENTRIES = 100
MAX_UNPACKED_BYTES = 20 * MB
MAX_COMPRESSION_RATIO = 200
_RATIO_APPLIES_ABOVE = 1 * MB
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlsb")
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
_XML_PARTS = (".xml", ".rels", ".vml")

Line = tuple[int, list[str]]


class ImportFileError(Exception):
    """The file as a whole is refused, with the message (in Russian) to show; nothing is read."""


def read_table(
    source: Path | Any, *, max_rows: int, allow_csv: bool = False, name: str | None = None
) -> list[Line]:
    """Every non-empty line of the first sheet as (line number, cell texts), header first.

    ``source`` is a path (a management command) or an uploaded file (a form); ``name`` is the
    file's name when ``source`` does not carry one. Without ``allow_csv`` every file is read
    as a book, whatever its name, so its content decides.
    """
    name = str(name or getattr(source, "name", "") or "table.xlsx")
    suffix = Path(name).suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise ImportFileError(_("Книги с макросами (.xlsm) не принимаются: сохраните как .xlsx."))
    is_csv = allow_csv and suffix in (".csv", ".txt")
    if allow_csv and not is_csv and suffix != ".xlsx":
        raise ImportFileError(
            _("Поддерживаются файлы CSV и XLSX, а не «%(suffix)s».") % {"suffix": suffix}
        )
    with _readable_path(source, suffix=".csv" if is_csv else ".xlsx") as path:
        if is_csv:
            return _limited(_read_csv(path), max_rows)
        check_archive(path)
        return _limited(_read_xlsx(path), max_rows)


def _too_big() -> ImportFileError:
    return ImportFileError(
        _("Файл больше %(mb)s МБ: разделите его на части.") % {"mb": MAX_FILE_BYTES // MB}
    )


@contextmanager
def _readable_path(source: Path | Any, *, suffix: str) -> Iterator[Path]:
    """The file itself, or an upload spooled to a temporary file that may not pass the cap."""
    if isinstance(source, Path | str):
        path = Path(source)
        if not path.is_file():
            raise ImportFileError(_("Файл %(path)s не найден.") % {"path": path})
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _too_big()
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=suffix) as temporary:
        chunks = source.chunks() if hasattr(source, "chunks") else [source.read()]
        for chunk in chunks:
            temporary.write(chunk)
            if temporary.tell() > MAX_FILE_BYTES:
                raise _too_big()
        temporary.flush()
        yield Path(temporary.name)


def check_archive(path: Path) -> None:
    """Refuse a book that is not a zip, is a zip bomb, carries macros or hostile XML."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_directory(entries)
            for entry in entries:
                if entry.filename.lower().endswith(_XML_PARTS):
                    with archive.open(entry) as handle:
                        for _event, element in iterparse(handle, forbid_dtd=True):
                            element.clear()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise ImportFileError(_("Файл не является книгой Excel (.xlsx).")) from exc
    except DefusedXmlException as exc:
        raise ImportFileError(
            _("В книге Excel есть недопустимые XML-конструкции (сущности, DTD): файл отклонён.")
        ) from exc
    except ImportFileError:
        raise
    except Exception as exc:  # a damaged XML part: ParseError and its kin
        raise ImportFileError(_("Книга Excel повреждена: %(error)s") % {"error": exc}) from exc


def _check_directory(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportFileError(
            _("В книге Excel слишком много частей (%(count)s): файл отклонён.")
            % {"count": len(entries)}
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _(
                "Книга Excel распаковывается в слишком большой объём (%(mb)s МБ, допускается "
                "не более %(max)s МБ): файл отклонён."
            )
            % {"mb": unpacked // MB, "max": MAX_UNPACKED_BYTES // MB}
        )
    for entry in entries:
        if entry.file_size > _RATIO_APPLIES_ABOVE and entry.file_size > (
            MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        ):
            raise ImportFileError(
                _("Книга Excel сжата неправдоподобно сильно (похоже на zip-бомбу): файл отклонён.")
            )
        lowered = entry.filename.lower()
        if lowered.rsplit("/", 1)[-1] in _MACRO_PARTS or "/activex/" in f"/{lowered}":
            raise ImportFileError(
                _("В книге есть макросы: такие файлы не принимаются. Сохраните как .xlsx.")
            )


def cell_text(value: object) -> str:
    """A cell as text: None is empty, 92701000.0 is «92701000», inner whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _read_xlsx(path: Path) -> Iterator[Line]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged book
        raise ImportFileError(
            _("Не удалось прочитать книгу Excel: %(error)s") % {"error": exc}
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(value) for value in values]
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    # Excel on Windows still saves CSV in cp1251 unless asked for UTF-8.
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("Не удалось определить кодировку файла: сохраните его в UTF-8."))


def _read_csv(path: Path) -> Iterator[Line]:
    text = _decode(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for values in reader:
        yield reader.line_num, [cell_text(value) for value in values]


def _limited(lines: Iterator[Line], max_rows: int) -> list[Line]:
    """Non-empty lines, header first; more than ``max_rows`` after the header refuses all."""
    kept: list[Line] = []
    for number, cells in lines:
        if not any(cells):
            continue
        if len(kept) > max_rows:  # the header and max_rows lines are already kept
            raise ImportFileError(
                _(
                    "В файле больше %(max)s строк с данными: ничего не загружено. "
                    "Разделите его на части не больше %(max)s строк."
                )
                % {"max": max_rows}
            )
        kept.append((number, cells))
    return kept

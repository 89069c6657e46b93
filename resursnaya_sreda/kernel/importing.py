"""Reading tables (CSV or XLSX) for imports, and checking municipality rows before any write.

Everything here only reads; ``services.municipalities_import`` writes the checked rows.
An XLSX file is a zip archive, so its directory is inspected before openpyxl sees it: a small
file that unpacks to gigabytes (a zip bomb) is refused without being unpacked.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from resursnaya_sreda.kernel.models import MunicipalityKind, Region
from resursnaya_sreda.kernel.services import MunicipalityRow

MAX_FILE_BYTES = 20 * 1024 * 1024
# A real list of all Russian municipalities (about 20 000 rows) unpacks to a few dozen MB
# in a dozen entries; anything far beyond is not a spreadsheet we want to parse.
MAX_ZIP_ENTRIES = 200
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_NAME_LENGTH = 255

Line = tuple[int, list[str]]


class ImportFileError(Exception):
    """The file cannot be read as a table at all (wrong type, too big, a zip bomb)."""


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores codes typed without a text format as numbers: 92701000.0
        return str(int(value))
    return str(value).strip()


def check_zip_archive(path: Path) -> None:
    """Refuse an archive whose entry count, unpacked size or compression ratio is absurd.

    The sizes come from the central directory; Python's zipfile never yields more than an
    entry's declared size, so a lying header cannot unpack past these limits either.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(_("Файл не является книгой Excel (.xlsx).")) from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportFileError(
            _("В книге Excel слишком много частей (%(count)s): файл отклонён.")
            % {"count": len(entries)}
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _("Книга Excel распаковывается в %(mb)s МБ — это больше допустимого: файл отклонён.")
            % {"mb": unpacked // (1024 * 1024)}
        )
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_COMPRESSION_RATIO * max(
            entry.compress_size, 1
        ):
            raise ImportFileError(
                _("Книга Excel сжата неправдоподобно сильно (похоже на zip-бомбу): файл отклонён.")
            )


def _read_xlsx(path: Path) -> Iterator[Line]:
    import openpyxl

    check_zip_archive(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged book
        raise ImportFileError(
            _("Не удалось прочитать книгу Excel: %(error)s") % {"error": exc}
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in values]
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
        yield reader.line_num, [value.strip() for value in values]


def read_table(path: Path) -> list[Line]:
    """Every line of the file's first table as (line number, cell texts), header included."""
    if not path.is_file():
        raise ImportFileError(_("Файл %(path)s не найден.") % {"path": path})
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("Файл больше %(mb)s МБ: разделите его на части.")
            % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return list(_read_xlsx(path))
    if suffix in (".csv", ".txt"):
        return list(_read_csv(path))
    raise ImportFileError(
        _("Поддерживаются файлы CSV и XLSX, а не «%(suffix)s».") % {"suffix": suffix}
    )


def _kind_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in MunicipalityKind.choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
    return lookup


def check_municipality_rows(lines: list[Line]) -> tuple[list[MunicipalityRow], list[str]]:
    """Check every data line (the first line is the header) and return rows and errors.

    Columns: region (code or full name), name, kind (code or Russian label), OKTMO (8 or 11
    digits, may be empty). All lines are checked even after the first error so the person
    fixing the file sees every problem at once.
    """
    regions_by_key: dict[str, Region] = {}
    for region in Region.objects.all():
        regions_by_key[region.code] = region
        regions_by_key[region.name.lower()] = region
    kinds = _kind_lookup()
    kind_labels = ", ".join(str(label) for label in MunicipalityKind.labels)

    rows: list[MunicipalityRow] = []
    errors: list[str] = []
    seen_names: dict[tuple[int, str], int] = {}
    seen_oktmo: dict[str, int] = {}

    for line, values in lines[1:]:
        cells = [*values, "", "", "", ""][:4]
        if not any(cells):
            continue
        region_text, name, kind_text, oktmo = cells
        problems: list[str] = []

        key = region_text.zfill(2) if region_text.isdigit() else region_text.lower()
        region = regions_by_key.get(key)
        if region is None:
            problems.append(
                _("неизвестный регион «%(region)s»") % {"region": region_text}
                if region_text
                else _("не указан регион")
            )
        if not name:
            problems.append(_("пустое название"))
        elif len(name) > MAX_NAME_LENGTH:
            problems.append(_("название длиннее %(max)s символов") % {"max": MAX_NAME_LENGTH})
        kind = kinds.get(kind_text.lower())
        if kind is None:
            problems.append(
                _("неизвестный вид «%(kind)s» (допустимы: %(kinds)s)")
                % {"kind": kind_text, "kinds": kind_labels}
                if kind_text
                else _("не указан вид (допустимы: %(kinds)s)") % {"kinds": kind_labels}
            )
        oktmo = oktmo.replace(" ", "")
        if oktmo and (not oktmo.isdigit() or len(oktmo) not in (8, 11)):
            problems.append(
                _(
                    "ОКТМО «%(oktmo)s» должен состоять из 8 или 11 цифр (в Excel задайте "
                    "столбцу текстовый формат, чтобы не терялись ведущие нули)"
                )
                % {"oktmo": oktmo}
            )
        if region is not None and name:
            name_key = (region.pk, name.lower())
            if name_key in seen_names:
                problems.append(
                    _("повторяет строку %(line)s (тот же регион и название)")
                    % {"line": seen_names[name_key]}
                )
            else:
                seen_names[name_key] = line
        if oktmo and oktmo in seen_oktmo:
            problems.append(
                _("ОКТМО %(oktmo)s уже указан в строке %(line)s")
                % {"oktmo": oktmo, "line": seen_oktmo[oktmo]}
            )
        elif oktmo:
            seen_oktmo[oktmo] = line

        if problems:
            errors.append(
                _("Строка %(line)s: %(problems)s.")
                % {"line": line, "problems": "; ".join(problems)}
            )
        elif region is not None and kind is not None:
            rows.append(
                MunicipalityRow(line=line, region=region, name=name, kind=kind, oktmo=oktmo)
            )
    return rows, errors

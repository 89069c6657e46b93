"""Reading a recruited-participants list from XLSX, checking it before anything is parsed.

An XLSX file is a zip archive of XML parts. Before openpyxl sees it: a macro-enabled book is
refused, the archive's entry count and unpacked size are checked from its directory (a small
file that unpacks to gigabytes is refused unread), and every XML part is parsed with defusedxml
so an entity bomb or an external entity stops the import. Rows are then checked one by one and
every broken row is reported; nothing is written unless every row is good.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse as defused_parse
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from events.models import ParticipantCategory

MAX_FILE_BYTES = 5 * 1024 * 1024
# A list of a few hundred people is a handful of parts and well under a megabyte unpacked.
MAX_ZIP_ENTRIES = 100
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2000
MACRO_PARTS = ("vbaproject.bin",)

HEADERS = {
    "фио": "full_name",
    "организация": "organisation",
    "должность": "position",
    "категория": "category",
    "e-mail": "email",
    "email": "email",
    "эл. почта": "email",
    "телефон": "phone",
}


class ImportFileError(Exception):
    """The file as a whole is refused; nothing was imported."""


def _categories() -> dict[str, str]:
    lookup = {}
    for value, label in ParticipantCategory.choices:
        lookup[value] = value
        lookup[str(label).lower()] = value
    return lookup


def check_archive(path: Path, name: str) -> None:
    if name.lower().endswith((".xlsm", ".xltm", ".xlsb")):
        raise ImportFileError(_("Книги с макросами (.xlsm) не принимаются: сохраните как .xlsx."))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileError(_("Файл больше 5 МБ: для списка участников это слишком много."))
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise ImportFileError(
                    _("В книге Excel слишком много частей (%(n)s): файл отклонён.")
                    % {"n": len(entries)}
                )
            if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
                raise ImportFileError(
                    _("Книга Excel распаковывается в слишком большой объём: файл отклонён.")
                )
            for entry in entries:
                if entry.filename.lower().rsplit("/", 1)[-1] in MACRO_PARTS:
                    raise ImportFileError(
                        _("В книге есть макросы: такие файлы не принимаются. Сохраните как .xlsx.")
                    )
            for entry in entries:
                if entry.filename.lower().endswith((".xml", ".rels", ".vml")):
                    with archive.open(entry) as handle:
                        defused_parse(handle, forbid_dtd=True)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(_("Файл не является книгой Excel (.xlsx).")) from exc
    except DefusedXmlException as exc:
        raise ImportFileError(
            _("В книге Excel есть недопустимые XML-конструкции (сущности, DTD): файл отклонён.")
        ) from exc
    except Exception as exc:  # a damaged XML part
        if isinstance(exc, ImportFileError):
            raise
        raise ImportFileError(_("Книга Excel повреждена: %(error)s") % {"error": exc}) from exc


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def read_recruited(upload: Any) -> tuple[list[dict[str, str]], list[str]]:
    """The good rows and the row-by-row errors of an uploaded list (header in row 1)."""
    import openpyxl

    name = getattr(upload, "name", "list.xlsx") or "list.xlsx"
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as temporary:
        for chunk in upload.chunks():
            temporary.write(chunk)
            if temporary.tell() > MAX_FILE_BYTES:
                raise ImportFileError(
                    _("Файл больше 5 МБ: для списка участников это слишком много.")
                )
        temporary.flush()
        path = Path(temporary.name)
        check_archive(path, name)
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged book
            raise ImportFileError(
                _("Не удалось прочитать книгу Excel: %(error)s") % {"error": exc}
            ) from exc
        try:
            lines = [
                [_cell(value) for value in values]
                for values in workbook.worksheets[0].iter_rows(
                    values_only=True, max_row=MAX_ROWS + 1
                )
            ]
        finally:
            workbook.close()
    return check_rows(lines)


def check_rows(lines: list[list[str]]) -> tuple[list[dict[str, str]], list[str]]:
    if not lines:
        return [], [_("Файл пустой.")]
    columns = {}
    for index, title in enumerate(lines[0]):
        field = HEADERS.get(title.strip().lower())
        if field:
            columns[field] = index
    if "full_name" not in columns:
        return [], [
            _(
                "В первой строке нет столбца «ФИО». Ожидаются: ФИО, Организация, "
                "Должность, Категория, E-mail, Телефон."
            )
        ]
    categories = _categories()
    rows, errors = [], []
    for number, values in enumerate(lines[1:], start=2):
        if not any(values):
            continue
        row = {
            field: values[index] if index < len(values) else "" for field, index in columns.items()
        }
        for field in ("organisation", "position", "email", "phone"):
            row.setdefault(field, "")
        problems = []
        if not row["full_name"]:
            problems.append(_("не указано ФИО"))
        elif len(row["full_name"]) > 255:
            problems.append(_("ФИО длиннее 255 знаков"))
        if row["email"]:
            try:
                validate_email(row["email"])
            except ValidationError:
                problems.append(_("неверный e-mail «%(v)s»") % {"v": row["email"][:80]})
        if row["phone"] and not re.fullmatch(r"[\d\s()+\-]{5,40}", row["phone"]):
            problems.append(_("неверный телефон «%(v)s»") % {"v": row["phone"][:40]})
        category = row.get("category", "").lower()
        if category and category not in categories:
            problems.append(_("неизвестная категория «%(v)s»") % {"v": row["category"][:60]})
        row["category"] = categories.get(category, ParticipantCategory.OTHER)
        if problems:
            errors.append(_("Строка %(n)s: %(p)s.") % {"n": number, "p": "; ".join(problems)})
        else:
            rows.append(row)
    if len(lines) > MAX_ROWS + 1:
        errors.append(_("В файле больше %(n)s строк: разделите список.") % {"n": MAX_ROWS})
    return rows, errors

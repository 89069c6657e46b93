"""Reading a recruited-participants list (XLSX) and checking it row by row.

The file goes through the kernel's one spreadsheet reader, which refuses hostile or oversized
books whole (``resursnaya_sreda.kernel.spreadsheets``). Rows are then checked one by one and
every broken row is reported; ``services.recruited_import`` writes nothing unless every row is
good.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from events.models import ParticipantCategory
from resursnaya_sreda.kernel.spreadsheets import Line, read_table

# A seminar or round table gathers dozens; a list of thousands is a mistake, not a guest list.
MAX_ROWS = 2000

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


def _categories() -> dict[str, str]:
    lookup = {}
    for value, label in ParticipantCategory.choices:
        lookup[value] = value
        lookup[str(label).lower()] = value
    return lookup


def read_recruited(upload: Any) -> tuple[list[dict[str, str]], list[str]]:
    """The good rows and the row-by-row errors of an uploaded list (header in row 1).

    Raises ``ImportFileError`` when the file as a whole is refused, more than ``MAX_ROWS``
    participants included: such a list is never cut short.
    """
    return check_rows(read_table(upload, max_rows=MAX_ROWS))


def check_rows(lines: list[Line]) -> tuple[list[dict[str, str]], list[str]]:
    if not lines:
        return [], [_("Файл пустой.")]
    columns = {}
    for index, title in enumerate(lines[0][1]):
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
    for number, values in lines[1:]:
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
    return rows, errors

"""Reading a table of addressees (XLSX or CSV) and checking it row by row.

The file goes through the kernel's one reader (``kernel.spreadsheets.read_table``). Every broken
row is reported with its number; ``services.addressees_import`` writes nothing unless every row
is good. A row repeating an earlier row of the file is an error; a row naming an addressee the
region already has refreshes its contacts.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from letters.models import AddresseeKind, HoldingBasis, name_key
from resursnaya_sreda.kernel.models import Municipality, Region
from resursnaya_sreda.kernel.spreadsheets import Line, read_table

# Every municipal administration of the largest region is well under this.
MAX_ROWS = 3000

HEADERS = {
    "вид": "kind",
    "организация": "organisation",
    "муниципальное образование": "municipality",
    "муниципалитет": "municipality",
    "контактное лицо": "person",
    "фио": "person",
    "глава": "person",
    "должность": "position",
    "адрес": "address",
    "почтовый адрес": "address",
    "e-mail": "email",
    "email": "email",
    "эл. почта": "email",
    "телефон": "phone",
    "основание": "basis",
    "основание хранения": "basis",
    "источник": "basis_note",
}
COLUMNS_HINT = (
    "Вид, Организация, Муниципальное образование, Контактное лицо, Должность, Адрес, E-mail, "
    "Телефон, Основание, Источник"
)


def _lookup(choices: Any) -> dict[str, str]:
    table = {}
    for value, label in choices:
        table[value] = value
        table[str(label).lower()] = value
    return table


KIND_WORDS = {
    **_lookup(AddresseeKind.choices),
    "администрация": AddresseeKind.ADMINISTRATION,
    "сми": AddresseeKind.MEDIA,
    "партнёр": AddresseeKind.PARTNER,
    "партнер": AddresseeKind.PARTNER,
    "другое": AddresseeKind.OTHER,
}
BASIS_WORDS = {
    **_lookup(HoldingBasis.choices),
    "общедоступные сведения": HoldingBasis.PUBLIC_SOURCE,
    "служебные контакты": HoldingBasis.OFFICIAL_DUTY,
    "согласие": HoldingBasis.CONSENT,
    "соглашение": HoldingBasis.AGREEMENT,
}


def read_addressees(upload: Any, region: Region) -> tuple[list[dict[str, Any]], list[str]]:
    """The good rows and the errors; ``ImportFileError`` when the file is refused whole."""
    return check_rows(read_table(upload, max_rows=MAX_ROWS, allow_csv=True), region)


def check_rows(lines: list[Line], region: Region) -> tuple[list[dict[str, Any]], list[str]]:
    if not lines:
        return [], [_("Файл пустой.")]
    columns = {}
    for index, title in enumerate(lines[0][1]):
        field = HEADERS.get(" ".join(title.strip().lower().split()))
        if field and field not in columns:
            columns[field] = index
    if "organisation" not in columns:
        return [], [
            _("В первой строке нет столбца «Организация». Ожидаются: %(c)s.") % {"c": COLUMNS_HINT}
        ]
    municipalities = {
        m.name.lower().replace("ё", "е"): m for m in Municipality.objects.filter(region=region)
    }
    rows, errors, seen = [], [], {}
    for number, values in lines[1:]:
        raw = {
            field: values[index] if index < len(values) else "" for field, index in columns.items()
        }
        problems = []
        row: dict[str, Any] = {
            name: raw.get(name, "")
            for name in ("organisation", "person", "position", "address", "email", "phone")
        }
        row["basis_note"] = raw.get("basis_note", "")
        row["kind"] = KIND_WORDS.get(raw.get("kind", "").lower(), "")
        if not raw.get("kind"):
            row["kind"] = AddresseeKind.ADMINISTRATION
        elif not row["kind"]:
            problems.append(_("неизвестный вид «%(v)s»") % {"v": raw["kind"][:60]})
        row["basis"] = BASIS_WORDS.get(raw.get("basis", "").lower(), "")
        if not raw.get("basis"):
            problems.append(_("не указано основание хранения контакта"))
        elif not row["basis"]:
            problems.append(_("неизвестное основание «%(v)s»") % {"v": raw["basis"][:60]})
        if not row["organisation"]:
            problems.append(_("не указана организация"))
        elif len(row["organisation"]) > 500:
            problems.append(_("название организации длиннее 500 знаков"))
        for field, limit in (("person", 255), ("position", 255), ("address", 500), ("phone", 40)):
            if len(row[field]) > limit:
                problems.append(_("поле «%(f)s» слишком длинное") % {"f": field})
        if row["email"]:
            try:
                validate_email(row["email"])
            except ValidationError:
                problems.append(_("неверный e-mail «%(v)s»") % {"v": row["email"][:80]})
        place = raw.get("municipality", "")
        row["municipality"] = None
        if place:
            row["municipality"] = municipalities.get(place.lower().replace("ё", "е"))
            if row["municipality"] is None:
                problems.append(
                    _("муниципальное образование «%(v)s» не найдено в регионе %(r)s")
                    % {"v": place[:80], "r": region.name}
                )
        key = name_key(row["kind"], row["organisation"], row["person"])
        if not problems and key in seen:
            problems.append(_("повторяет строку %(n)s") % {"n": seen[key]})
        seen.setdefault(key, number)
        if problems:
            errors.append(_("Строка %(n)s: %(p)s.") % {"n": number, "p": "; ".join(problems)})
        else:
            rows.append(row)
    return rows, errors

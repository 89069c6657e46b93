"""Checking municipality rows before any write (``manage.py import_municipalities``).

The file is read by the kernel's one spreadsheet reader (``kernel.spreadsheets``), which
refuses a hostile or oversized file whole; ``services.municipalities_import`` writes the rows
checked here.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from resursnaya_sreda.kernel.models import MunicipalityKind, Region
from resursnaya_sreda.kernel.services import MunicipalityRow
from resursnaya_sreda.kernel.spreadsheets import Line

# Russia has about 18 000 municipalities (20 000 before the mergers): room for all of them.
MAX_ROWS = 30_000
MAX_NAME_LENGTH = 255


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

"""Excel documents read back with openpyxl: types, header, frozen pane, filter, injection."""

from __future__ import annotations

import datetime
import decimal
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from reports.engine import Column, Sheet, registry
from reports.engine.render import render_document
from reports.engine.xlsx import write_workbook
from tests.reports.conftest import EVIL_FORMULA


def _pilot_sites(programme, **params):
    kind = registry.get("pilot-sites")
    form = kind.get_form({"programme": programme.pk, **params})
    assert form.is_valid(), form.errors
    output = io.BytesIO()
    render_document(kind(form.cleaned_data), "xlsx", output)
    output.seek(0)
    return load_workbook(output)


def _write(columns, rows):
    output = io.BytesIO()
    write_workbook([Sheet("Данные", columns, rows)], output)
    output.seek(0)
    return load_workbook(output)["Данные"]


@pytest.mark.django_db
def test_pilot_sites_has_one_row_per_site_with_region_district_centre_and_staff(full_programme):
    ws = _pilot_sites(full_programme)["Пилотные площадки"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2
    by_region = {row[1]: row for row in rows}
    tatarstan = by_region["Республика Татарстан"]
    assert tatarstan[3] == "Приволжский"
    assert tatarstan[4] == full_programme.pilot_sites.get(region__code="16").centre.name
    assert tatarstan[10] == 1
    assert "Региональный Артём Альбертович — Директор ресурсного центра" in tatarstan[11]
    assert "regional-a@test.example, +7 843 000-00-01" in tatarstan[12]


@pytest.mark.django_db
def test_pilot_sites_numbers_are_numbers_and_dates_are_dates(full_programme):
    book = _pilot_sites(full_programme)
    sites = book["Пилотные площадки"]
    assert isinstance(sites["A2"].value, int) and sites["A2"].data_type == "n"
    assert isinstance(sites["K2"].value, int)
    staff = book["Сотрудники"]
    assert staff.max_row == 3
    assert isinstance(staff["G2"].value, datetime.datetime)
    assert staff["G2"].value.date() == timezone.localdate()
    assert staff["G2"].number_format == "DD.MM.YYYY"


@pytest.mark.django_db
def test_every_sheet_has_a_bold_frozen_header_widths_and_an_autofilter(full_programme):
    book = _pilot_sites(full_programme)
    assert book.sheetnames == ["Пилотные площадки", "Сотрудники"]
    for ws in book.worksheets:
        assert all(cell.font.bold for cell in ws[1])
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert ws.column_dimensions["B"].width >= 20


@pytest.mark.django_db
def test_pilot_sites_can_be_narrowed_to_one_federal_district(full_programme):
    rows = list(_pilot_sites(full_programme, federal_district="ncfd")["Пилотные площадки"].rows)
    assert [row[1].value for row in rows[1:]] == ["Республика Дагестан"]


@pytest.mark.django_db
def test_typed_formula_in_a_centre_name_is_a_text_cell(full_programme, evil_staff):
    centre = full_programme.pilot_sites.get(region__code="16").centre
    centre.name = EVIL_FORMULA
    centre.save()
    ws = _pilot_sites(full_programme)["Пилотные площадки"]
    cell = next(row[4] for row in ws.iter_rows(min_row=2) if row[1].value == "Республика Татарстан")
    assert cell.value == EVIL_FORMULA
    assert cell.data_type == "s"
    staff = _pilot_sites(full_programme)["Сотрудники"]
    phones = [row[5] for row in staff.iter_rows(min_row=2) if row[4].value == "evil@test.example"]
    assert phones[0].value == EVIL_FORMULA and phones[0].data_type == "s"


@pytest.mark.parametrize(
    "text", [EVIL_FORMULA, "=1+1", "+7 900 000-00-00", "-5", "@SUM(A1:A2)", "#N/A", "#REF!"]
)
def test_user_text_is_never_a_formula_or_an_error(text):
    ws = _write([Column("Текст")], [[text]])
    assert ws["A2"].value == text
    assert ws["A2"].data_type == "s"


def test_control_characters_are_dropped_instead_of_failing_the_document():
    ws = _write([Column("Текст")], [["Строка\x00с\x07мусором"]])
    assert ws["A2"].value == "Строкасмусором"


# Excel stores naive local times, so the expected values below are naive on purpose.
def test_column_kinds_write_real_numbers_and_dates():
    naive = datetime.datetime(2020, 5, 17, 15, 30)  # noqa: DTZ001
    aware = timezone.make_aware(naive)
    ws = _write(
        [
            Column("Число", kind="int"),
            Column("Сумма", kind="decimal"),
            Column("Дата", kind="date"),
            Column("Когда", kind="datetime"),
            Column("Код", kind="text"),
        ],
        [[15, decimal.Decimal("12.50"), datetime.date(2020, 3, 1), aware, 16]],
    )
    assert ws["A2"].value == 15 and ws["A2"].data_type == "n"
    assert ws["B2"].value == 12.5
    assert ws["C2"].value == datetime.datetime(2020, 3, 1)  # noqa: DTZ001
    assert ws["C2"].number_format == "DD.MM.YYYY"
    assert ws["D2"].value == naive
    assert ws["E2"].value == "16" and ws["E2"].data_type == "s"


def test_rows_are_consumed_lazily_and_counted():
    produced = []

    def rows():
        for n in range(5000):
            produced.append(n)
            yield [n, f"Строка {n}"]

    ws = _write([Column("№", kind="int"), Column("Текст")], rows())
    assert ws.max_row == 5001
    assert ws["B5001"].value == "Строка 4999"
    assert ws.auto_filter.ref == "A1:B5001"


def test_long_or_clashing_sheet_titles_are_made_valid():
    output = io.BytesIO()
    sheets = [
        Sheet("Очень длинное название раздела отчёта: итоги [2020]", [Column("A")], [["x"]]),
        Sheet("Очень длинное название раздела отчёта: итоги [2020]", [Column("A")], [["y"]]),
    ]
    write_workbook(sheets, output)
    output.seek(0)
    names = load_workbook(output).sheetnames
    assert len(names) == 2 and len(set(names)) == 2
    assert all(len(name) <= 31 and ":" not in name and "[" not in name for name in names)


def test_a_control_character_beside_clean_text_is_dropped_only_where_it_is():
    ws = _write(
        [Column("А"), Column("Б"), Column("В", kind="int")],
        [["чисто", "гряз\x0bно", 1], ["ровно", "", 2]],
    )
    assert [ws["A2"].value, ws["B2"].value] == ["чисто", "грязно"]
    assert ws["A3"].value == "ровно" and ws["B3"].value is None


def test_values_of_another_type_are_converted_by_the_column_kind():
    naive = datetime.datetime(2021, 1, 2, 3, 4)  # noqa: DTZ001
    ws = _write(
        [
            Column("Число", kind="int"),
            Column("Сумма", kind="decimal"),
            Column("Дата", kind="date"),
            Column("Когда", kind="datetime"),
        ],
        [["42", "3.25", naive, None], [True, 7, "не дата", naive], ["", "", None, None]],
    )
    assert ws["A2"].value == 42 and ws["A2"].data_type == "n"
    assert ws["B2"].value == 3.25
    assert ws["C2"].value == naive and ws["C2"].number_format == "DD.MM.YYYY"
    assert ws["D2"].value is None
    assert ws["A3"].value == 1 and ws["B3"].value == 7
    assert ws["C3"].value == "не дата"
    assert ws["D3"].value == naive and ws["D3"].number_format == "DD.MM.YYYY HH:MM"
    assert [ws.cell(4, column).value for column in range(1, 5)] == [None, None, None, None]


def test_a_row_shorter_or_longer_than_the_columns_is_written_as_far_as_the_columns_go():
    ws = _write(
        [Column("№", kind="int"), Column("Текст"), Column("Дата", kind="date")],
        [[1, "=2+2"], [2, "два", datetime.date(2020, 1, 1), "лишнее"]],
    )
    assert ws["B2"].value == "=2+2" and ws["B2"].data_type == "s"
    assert ws["C2"].value is None
    assert ws["C3"].value == datetime.datetime(2020, 1, 1)  # noqa: DTZ001
    assert ws.max_column == 3

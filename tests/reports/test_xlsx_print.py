"""Every Excel sheet prints sensibly (read back with openpyxl): A4, landscape when wide, one page
wide, the header row repeated, the title in the page header, page numbers in the footer, and
columns as wide as their values."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from reports.engine import Column, Format, Sheet, registry
from reports.engine.xlsx import MAX_WIDTH, column_widths, write_workbook

LONG_KIND = "Круглый стол органов власти, НКО, науки и СМИ (шаг 6)"


def _book(*sheets: Sheet):
    output = io.BytesIO()
    write_workbook(list(sheets), output)
    output.seek(0)
    return load_workbook(output)


def _wide_sheet() -> Sheet:
    columns = [Column(f"Показатель {n}") for n in range(12)]
    rows = [[f"Значение показателя {n} в строке {r}" for n in range(12)] for r in range(300)]
    return Sheet("Реестр участников", columns, rows)


def _narrow_sheet() -> Sheet:
    columns = [Column("№", kind="int"), Column("Вид"), Column("Дата", kind="date")]
    rows = [[1, "Семинар", datetime.date(2026, 3, 1)], [2, LONG_KIND, datetime.date(2026, 4, 2)]]
    return Sheet("Мероприятия & итоги", columns, rows)


def test_a_wide_sheet_prints_landscape_one_page_wide_with_its_header_on_every_page():
    ws = _book(_wide_sheet())["Реестр участников"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize in (9, "9")
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(ws.page_setup.fitToWidth) == 1
    assert int(ws.page_setup.fitToHeight) == 0  # as many pages down as needed
    assert ws.print_title_rows == "$1:$1"
    assert ws.oddHeader.center.text == "Реестр участников"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text


def test_a_narrow_sheet_prints_portrait_with_the_title_escaped_in_the_header():
    ws = _book(_narrow_sheet())["Мероприятия & итоги"]
    assert ws.page_setup.orientation == "portrait"
    assert int(ws.page_setup.fitToWidth) == 1
    assert ws.print_title_rows == "$1:$1"
    assert ws.oddHeader.center.text == "Мероприятия && итоги"  # «&» shown as itself


def test_columns_are_as_wide_as_their_longest_value_and_no_wider_than_the_limit():
    ws = _book(_narrow_sheet())["Мероприятия & итоги"]
    assert ws.column_dimensions["B"].width >= len(LONG_KIND)  # a long kind name is not cut
    assert ws.column_dimensions["A"].width < 10  # a number column stays narrow
    assert ws.column_dimensions["C"].width >= 10  # DD.MM.YYYY fits
    widths = column_widths([Column("Текст")], [["слово " * 50]])
    assert widths == [MAX_WIDTH]
    # A sheet without rows keeps its declared width.
    assert column_widths([Column("Название", width=30)], []) == [30]


def test_every_sheet_of_a_workbook_gets_the_print_setup():
    book = _book(_wide_sheet(), _narrow_sheet())
    for ws in book.worksheets:
        assert ws.print_title_rows == "$1:$1"
        assert ws.oddFooter.center.text


@pytest.mark.django_db
def test_a_registered_kind_prints_through_the_engine(full_programme):
    """The kinds' workbooks all go through ``write_workbook``: the pilot sites' register."""
    from reports.engine.render import render_document

    kind = registry.get("pilot-sites")
    assert Format.XLSX in kind.formats
    form = kind.get_form({"programme": full_programme.pk})
    assert form.is_valid(), form.errors
    output = io.BytesIO()
    render_document(kind(form.cleaned_data), "xlsx", output)
    output.seek(0)
    for ws in load_workbook(output).worksheets:
        assert ws.print_title_rows == "$1:$1"
        assert int(ws.page_setup.fitToWidth) == 1
        assert ws.oddHeader.center.text

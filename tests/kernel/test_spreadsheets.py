"""The kernel's one spreadsheet reader: what it returns, and what it refuses whole."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resursnaya_sreda.kernel import spreadsheets
from resursnaya_sreda.kernel.spreadsheets import ImportFileError, read_table


def _book(rows, name="table.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _zip(entries: dict[str, bytes], name="table.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_lines_come_numbered_as_in_excel_with_cells_as_text():
    book = _book([["Код", "Название"], [92701000.0, "  город   Казань "], [None, None], [5, "Уфа"]])
    assert read_table(book, max_rows=10) == [
        (1, ["Код", "Название"]),
        (2, ["92701000", "город Казань"]),
        (4, ["5", "Уфа"]),
    ]


def test_exactly_the_limit_is_read():
    book = _book([["ФИО"], *[[f"Участник {n}"] for n in range(3)]])
    assert len(read_table(book, max_rows=3)) == 4


def test_one_line_over_the_limit_refuses_the_whole_file():
    book = _book([["ФИО"], *[[f"Участник {n}"] for n in range(4)]])
    with pytest.raises(ImportFileError, match="В файле больше 3 строк с данными: ничего не"):
        read_table(book, max_rows=3)


def test_empty_formatted_rows_after_the_data_do_not_count():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ФИО"])
    sheet.append(["Участник"])
    sheet.cell(row=500, column=1).number_format = "@"  # formatted, empty
    sheet.cell(row=500, column=1).value = ""
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_table(SimpleUploadedFile("t.xlsx", buffer.getvalue()), max_rows=1) == [
        (1, ["ФИО"]),
        (2, ["Участник"]),
    ]


def test_csv_is_read_only_where_the_import_allows_it(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("Регион;Название\n16;город Казань\n".encode("cp1251"))
    assert read_table(path, max_rows=5, allow_csv=True) == [
        (1, ["Регион", "Название"]),
        (2, ["16", "город Казань"]),
    ]
    with pytest.raises(ImportFileError, match="не является книгой Excel"):
        read_table(path, max_rows=5)


def test_a_path_that_does_not_exist_is_named(tmp_path):
    with pytest.raises(ImportFileError, match="не найден"):
        read_table(tmp_path / "нет.xlsx", max_rows=5)


def test_an_upload_over_the_size_cap_is_refused_while_it_is_read(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ImportFileError, match="Файл больше"):
        read_table(SimpleUploadedFile("t.xlsx", b"PK" + b"\0" * 2000), max_rows=5)


@pytest.mark.parametrize("part", ["xl/vbaProject.bin", "xl/vbaData.xml", "xl/activeX/activeX1.xml"])
def test_a_macro_part_is_refused_whatever_the_name(part):
    with pytest.raises(ImportFileError, match="макрос"):
        read_table(_zip({part: b"<a/>"}), max_rows=5)


def test_an_external_entity_is_refused():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<worksheet>&e;</worksheet>"
    )
    with pytest.raises(ImportFileError, match="недопустимые XML"):
        read_table(_zip({"xl/worksheets/sheet1.xml": xxe}), max_rows=5)


def test_a_damaged_xml_part_is_refused_with_the_reason():
    with pytest.raises(ImportFileError, match="повреждена"):
        read_table(_zip({"xl/workbook.xml": b"<workbook><unclosed></workbook>"}), max_rows=5)

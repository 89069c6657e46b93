"""Recruited lists from XLSX: row-by-row errors, and hostile files refused before parsing."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from events import importing
from events.models import EventState, RegistrationSource
from resursnaya_sreda.kernel import spreadsheets

pytestmark = pytest.mark.django_db

HEADER = ["ФИО", "Организация", "Должность", "Категория", "E-mail", "Телефон"]


def _xlsx(rows, name="list.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _zip(entries: dict[str, bytes], name="list.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return SimpleUploadedFile(name, buffer.getvalue())


GOOD = [
    [
        "Администратов Андрей",
        "Администрация района",
        "глава",
        "Муниципальное образование",
        "andrey@example.org",
        "+7 900 111-22-33",
    ],
    ["Учёная Ульяна", "КФУ", "доцент", "Научное сообщество", "", ""],
]


def test_a_good_list_is_imported_as_recruited(make_event, regional_a, login):
    event = make_event(registration_mode="recruited")
    response = login(regional_a).post(
        reverse("events:import", args=[event.pk]), {"file": _xlsx(GOOD)}
    )
    assert response.status_code == 302
    assert sorted(event.registrations.values_list("category", "source")) == [
        ("municipality", RegistrationSource.RECRUITED),
        ("science", RegistrationSource.RECRUITED),
    ]


def test_broken_rows_are_listed_and_nothing_is_imported(make_event, regional_a, login):
    event = make_event(registration_mode="recruited")
    rows = [*GOOD, ["", "Без имени", "", "", "", ""], ["Кто-то", "", "", "Инопланетяне", "нет", ""]]
    response = login(regional_a).post(
        reverse("events:import", args=[event.pk]), {"file": _xlsx(rows)}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Строка 4: не указано ФИО" in content
    assert "Строка 5: неверный e-mail «нет»; неизвестная категория «Инопланетяне»" in content
    assert event.registrations.count() == 0


def test_a_zip_bomb_is_refused_unread(tmp_path):
    bomb = _zip({"xl/worksheets/sheet1.xml": b"\0" * (30 * 1024 * 1024)})
    assert len(bomb.read()) < 100 * 1024
    bomb.seek(0)
    with pytest.raises(spreadsheets.ImportFileError, match="слишком большой объём"):
        importing.read_recruited(bomb)


def test_thousands_of_entries_are_refused():
    many = _zip({f"xl/part{i}.xml": b"<a/>" for i in range(2000)})
    with pytest.raises(spreadsheets.ImportFileError, match="слишком много частей"):
        importing.read_recruited(many)


def test_an_xml_entity_bomb_is_refused():
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<worksheet>&lol2;</worksheet>"
    )
    with pytest.raises(spreadsheets.ImportFileError, match="недопустимые XML"):
        importing.read_recruited(_zip({"xl/worksheets/sheet1.xml": evil}))


def test_a_book_with_macros_is_refused_by_name():
    with pytest.raises(spreadsheets.ImportFileError, match="макрос"):
        importing.read_recruited(_xlsx(GOOD, name="list.xlsm"))


def test_a_book_with_a_vba_part_is_refused_whatever_its_name():
    with pytest.raises(spreadsheets.ImportFileError, match="макрос"):
        importing.read_recruited(_zip({"xl/vbaProject.bin": b"\0" * 10}))


def test_a_file_that_is_not_a_workbook_is_refused(make_event, regional_a, login):
    event = make_event(registration_mode="recruited")
    fake = SimpleUploadedFile("list.xlsx", b"<html>not a book</html>")
    response = login(regional_a).post(reverse("events:import", args=[event.pk]), {"file": fake})
    assert "не является книгой Excel" in response.content.decode()
    assert event.registrations.count() == 0


def test_another_region_cannot_import(make_event, regional_b, login):
    event = make_event(state=EventState.ANNOUNCED)
    response = login(regional_b).post(
        reverse("events:import", args=[event.pk]), {"file": _xlsx(GOOD)}
    )
    assert response.status_code == 404


def _people(count: int) -> list[list[str]]:
    return [[f"Участник {n}", "НКО", "", "", f"p{n}@example.org", ""] for n in range(count)]


def test_a_list_of_exactly_the_limit_is_imported(make_event, regional_a, login):
    event = make_event(registration_mode="recruited")
    response = login(regional_a).post(
        reverse("events:import", args=[event.pk]), {"file": _xlsx(_people(importing.MAX_ROWS))}
    )
    assert response.status_code == 302
    assert event.registrations.count() == importing.MAX_ROWS


def test_a_list_over_the_limit_is_refused_whole(make_event, regional_a, login):
    event = make_event(registration_mode="recruited")
    response = login(regional_a).post(
        reverse("events:import", args=[event.pk]),
        {"file": _xlsx(_people(importing.MAX_ROWS + 1))},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "В файле больше 2000 строк с данными: ничего не загружено." in content
    assert "Ничего не импортировано" in content
    assert event.registrations.count() == 0

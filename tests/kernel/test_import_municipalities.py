"""``manage.py import_municipalities``: CSV and XLSX, every bad row reported, all or nothing."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from resursnaya_sreda.kernel import spreadsheets
from resursnaya_sreda.kernel.models import Municipality, MunicipalityKind
from tests.factories import MunicipalityFactory, region

pytestmark = pytest.mark.django_db

HEADER = "Регион;Название;Вид;ОКТМО"


def _csv(tmp_path, *lines: str, encoding: str = "utf-8", name: str = "mo.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding=encoding)
    return path


def _xlsx(tmp_path, rows):
    path = tmp_path / "mo.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Регион", "Название", "Вид", "ОКТМО"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _import(path) -> str:
    try:
        call_command("import_municipalities", str(path))
    except CommandError as exc:
        return str(exc)
    return ""


def test_good_csv_imports_every_row(tmp_path, capsys):
    path = _csv(
        tmp_path,
        "16;город Елабуга;Городской округ;92726000",
        "Республика Дагестан;Кизлярский район;municipal_district;",
    )
    assert _import(path) == ""
    elabuga = Municipality.objects.get(name="город Елабуга")
    assert elabuga.region == region("16")
    assert elabuga.kind == MunicipalityKind.URBAN_DISTRICT
    assert elabuga.oktmo == "92726000"
    assert Municipality.objects.get(name="Кизлярский район").region == region("05")
    assert "новых — 2" in capsys.readouterr().out


def test_csv_from_windows_excel_in_cp1251_with_commas_is_read(tmp_path):
    path = tmp_path / "mo.csv"
    path.write_bytes(
        "Регион,Название,Вид,ОКТМО\n2,город Уфа,Городской округ,80701000\n".encode("cp1251")
    )
    assert _import(path) == ""
    assert Municipality.objects.get(name="город Уфа").region == region("02")


def test_good_xlsx_imports_every_row_with_numeric_oktmo(tmp_path):
    path = _xlsx(
        tmp_path,
        [
            ["16", "город Елабуга", "Городской округ", 92726000],
            [54, "город Бердск", "городской округ", "50708000"],
            ["Приморский край", "Находкинский городской округ", "urban_district", None],
        ],
    )
    assert _import(path) == ""
    assert Municipality.objects.get(name="город Елабуга").oktmo == "92726000"
    assert Municipality.objects.get(name="город Бердск").region == region("54")
    assert Municipality.objects.get(name="Находкинский городской округ").oktmo == ""


def test_importing_the_same_file_twice_updates_in_place(tmp_path, capsys):
    path = _csv(tmp_path, "16;город Елабуга;Городской округ;92726000")
    _import(path)
    path = _csv(tmp_path, "16;город Елабуга;Муниципальный район;92726000")
    assert _import(path) == ""
    assert Municipality.objects.filter(name="город Елабуга").count() == 1
    assert (
        Municipality.objects.get(name="город Елабуга").kind == MunicipalityKind.MUNICIPAL_DISTRICT
    )
    assert _import(path) == ""
    assert "без изменений — 1" in capsys.readouterr().out


def test_existing_municipality_is_matched_by_oktmo_and_renamed(tmp_path):
    MunicipalityFactory(region=region("16"), name="Елабуга", oktmo="92726000")
    assert _import(_csv(tmp_path, "16;город Елабуга;Городской округ;92726000")) == ""
    assert list(Municipality.objects.filter(oktmo="92726000").values_list("name", flat=True)) == [
        "город Елабуга"
    ]


def test_bad_rows_are_reported_by_line_number_and_nothing_is_imported(tmp_path, capsys):
    path = _csv(
        tmp_path,
        "16;город Елабуга;Городской округ;92726000",  # line 2: good
        "99;Неизвестный;Городской округ;",  # 3: unknown region
        "16;;Городской округ;",  # 4: empty name
        "16;Альметьевский район;район;",  # 5: bad kind
        "16;город Елабуга;Городской округ;",  # 6: duplicate of line 2
        "16;Бугульма;Городской округ;12345",  # 7: OKTMO of 5 digits
        "16;Чистополь;Городской округ;92726000",  # 8: OKTMO of line 2 again
    )
    message = _import(path)
    errors = capsys.readouterr().err
    assert "ошибок — 6" in message
    assert "Строка 3: неизвестный регион «99»" in errors
    assert "Строка 4: пустое название" in errors
    assert "Строка 5: неизвестный вид «район»" in errors
    assert "Строка 6: повторяет строку 2" in errors
    assert "Строка 7: ОКТМО «12345» должен состоять из 8 или 11 цифр" in errors
    assert "Строка 8: ОКТМО 92726000 уже указан в строке 2" in errors
    assert "Строка 2" not in errors
    assert Municipality.objects.count() == 0


def test_a_row_the_database_refuses_rolls_back_the_whole_file(tmp_path):
    MunicipalityFactory(region=region("16"), name="город Казань", oktmo="92701000")
    MunicipalityFactory(region=region("16"), name="город Елабуга", oktmo="")
    path = _csv(
        tmp_path,
        "16;город Чистополь;Городской округ;",
        # Kazan's OKTMO under Elabuga's name: the row is fine alone, the database refuses it.
        "16;город Елабуга;Городской округ;92701000",
    )
    message = _import(path)
    assert "Файл не загружен: Строка 3" in message
    assert not Municipality.objects.filter(name="город Чистополь").exists()
    assert Municipality.objects.get(oktmo="92701000").name == "город Казань"


def test_a_file_with_only_a_header_is_refused(tmp_path):
    assert "нет ни одной строки" in _import(_csv(tmp_path))


def test_an_unknown_file_type_is_refused(tmp_path):
    path = tmp_path / "mo.ods"
    path.write_bytes(b"PK\x03\x04")
    assert "CSV и XLSX" in _import(path)


def test_a_non_zip_xlsx_is_refused(tmp_path):
    path = tmp_path / "mo.xlsx"
    path.write_text("не книга", encoding="utf-8")
    assert "не является книгой Excel" in _import(path)


@pytest.fixture
def openpyxl_must_not_open(monkeypatch):
    def _refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a file the zip check should have refused")

    monkeypatch.setattr(openpyxl, "load_workbook", _refuse)


def test_a_zip_bomb_is_refused_before_parsing(tmp_path, openpyxl_must_not_open):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (spreadsheets.MAX_UNPACKED_BYTES + 1))
    assert path.stat().st_size < 1024 * 1024
    assert "распаковывается" in _import(path)
    assert Municipality.objects.count() == 0


def test_an_absurdly_compressed_entry_is_refused(tmp_path, openpyxl_must_not_open):
    path = tmp_path / "ratio.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (8 * 1024 * 1024))
    assert "zip-бомбу" in _import(path)


def test_an_archive_with_too_many_entries_is_refused(tmp_path, openpyxl_must_not_open):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(spreadsheets.MAX_ZIP_ENTRIES + 1):
            archive.writestr(f"xl/part{number}.xml", "<x/>")
    assert "слишком много частей" in _import(path)

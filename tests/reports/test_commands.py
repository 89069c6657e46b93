"""render_document and list_documents."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.reports.conftest import pdf_reader

pytestmark = pytest.mark.django_db


def test_render_document_writes_a_pdf_synchronously(full_programme, tmp_path):
    out = tmp_path / "passport.pdf"
    stdout = io.StringIO()
    call_command(
        "render_document",
        "programme-passport",
        "--format",
        "pdf",
        "--out",
        str(out),
        "--param",
        f"programme={full_programme.pk}",
        stdout=stdout,
    )
    reader = pdf_reader(out.read_bytes())
    assert "Паспорт программы" in reader.pages[0].extract_text()
    assert f"{len(reader.pages)} стр." in stdout.getvalue()


def test_render_document_writes_an_xlsx(full_programme, tmp_path):
    out = tmp_path / "sites.xlsx"
    call_command(
        "render_document",
        "pilot-sites",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--param",
        f"programme={full_programme.pk}",
        "--param",
        "federal_district=vfd",
        stdout=io.StringIO(),
    )
    rows = list(load_workbook(out)["Пилотные площадки"].values)
    assert [row[1] for row in rows[1:]] == ["Республика Татарстан"]


def test_render_document_names_an_unknown_kind(tmp_path):
    with pytest.raises(CommandError, match="Нет документа «nope»"):
        call_command("render_document", "nope", "--format", "pdf", "--out", str(tmp_path / "x"))


def test_render_document_refuses_a_format_the_kind_does_not_offer(tmp_path):
    with pytest.raises(CommandError, match="только в форматах: pdf"):
        call_command(
            "render_document",
            "programme-passport",
            "--format",
            "xlsx",
            "--out",
            str(tmp_path / "x"),
        )


def test_render_document_reports_bad_parameters_in_russian(tmp_path):
    with pytest.raises(CommandError, match="programme: .*Такой программы нет"):
        call_command(
            "render_document",
            "programme-passport",
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "x"),
            "--param",
            "programme=424242",
        )
    with pytest.raises(CommandError, match="имя=значение"):
        call_command(
            "render_document",
            "programme-passport",
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "x"),
            "--param",
            "programme",
        )


def test_list_documents_shows_identifiers_formats_and_titles():
    stdout = io.StringIO()
    call_command("list_documents", stdout=stdout)
    lines = stdout.getvalue().splitlines()
    assert "programme-passport\tpdf\tПаспорт программы\t[programme]" in lines
    assert any(line.startswith("pilot-sites\txlsx\tПилотные площадки") for line in lines)

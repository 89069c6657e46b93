"""The contest's documents through the engine: registers in Excel, an entry in PDF."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from contest.documents import EntriesRegister, EntryPdf, ReadinessRegister
from reports.engine import registry
from reports.engine.render import render_document

pytestmark = pytest.mark.django_db


def test_the_documents_are_registered_from_the_apps_ready():
    for identifier in (
        "contest-entries",
        "contest-readiness",
        "contest-entry",
        "contest-collection",
    ):
        assert identifier in registry


def test_the_entries_register_lists_what_the_user_may_see(
    checked_entry, submitted_b, regional_a, federal, contest
):
    def rows(user):
        out = io.BytesIO()
        render_document(EntriesRegister({"contest": contest}, user=user), "xlsx", out)
        sheet = load_workbook(io.BytesIO(out.getvalue())).active
        return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]

    regional = rows(regional_a)
    assert [row[0] for row in regional] == [checked_entry.pk]
    assert regional[0][6] == "Проверена" and regional[0][5] == "да"
    assert len(rows(federal)) == 2


@pytest.fixture
def submitted_b(form, practice_b, applicant_b, special):
    from contest import services
    from tests.contest.conftest import complete

    entry = services.entry_start(by=applicant_b, questionnaire=practice_b, nomination=special)
    complete(entry, applicant_b)
    return services.entry_submit(entry=entry, by=applicant_b)


def test_the_readiness_register_has_a_row_per_site_with_its_target(
    checked_entry, submitted_b, federal, contest
):
    out = io.BytesIO()
    render_document(ReadinessRegister({"contest": contest}, user=federal), "xlsx", out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=2)}
    assert rows["Республика Татарстан"][4:7] == [2, 1, 0]
    assert rows["Республика Дагестан"][4:7] == [2, 0, 1]
    assert rows["Республика Татарстан"][1] == "Москва, UTC+3"


def test_the_entry_pdf_has_every_answer_and_the_files(checked_entry, form):
    out = io.BytesIO()
    render_document(EntryPdf({"entry": checked_entry}), "pdf", out)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages)
    assert checked_entry.title in text
    for question in form["questions"].values():
        assert question.text in text
    assert "Письмо поддержки" in text and "не приложено" in text  # the optional presentation

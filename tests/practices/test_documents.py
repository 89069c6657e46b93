"""The questionnaire PDF and the XLSX register, rendered through the document engine."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from practices import services
from practices.models import ExtraAnswer, ExtraQuestion
from reports.engine import registry
from reports.engine.render import render_document
from tests.practices.conftest import EVIL

pytestmark = pytest.mark.django_db


def _render(identifier, parameters, user, fmt):
    kind = registry.get(identifier)
    form = kind.get_form(parameters, user=user)
    assert form.is_valid(), form.errors
    output = io.BytesIO()
    render_document(kind(form.cleaned_data, user=user), fmt, output)
    return output.getvalue()


def test_the_pdf_holds_the_answers_and_shows_html_as_text(
    make_questionnaire, applicant, applicant_organisation, regional_a
):
    questionnaire = make_questionnaire(applicant_organisation, by=applicant, problem=EVIL)
    services.questionnaire_submit(questionnaire=questionnaire, by=applicant)
    data = _render("practices-questionnaire", {"questionnaire": questionnaire.pk}, applicant, "pdf")
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    )
    assert questionnaire.title in text
    assert "Подростки" not in text  # the problem was replaced by the evil text
    assert '<script>alert("x")</script>' in text
    assert "Подана" in text


def test_another_region_cannot_order_the_pdf(submitted_a, regional_b):
    kind = registry.get("practices-questionnaire")
    assert not kind.get_form({"questionnaire": submitted_a.pk}, user=regional_b).is_valid()


def test_a_draft_has_no_pdf(make_questionnaire, applicant, applicant_organisation):
    draft = make_questionnaire(applicant_organisation, by=applicant)
    kind = registry.get("practices-questionnaire")
    assert not kind.get_form({"questionnaire": draft.pk}, user=applicant).is_valid()


def test_register_has_a_row_per_questionnaire_with_extra_answers(
    submitted_a, submitted_b, regional_a, federal, programme
):
    question = ExtraQuestion.objects.create(
        programme=programme, text="Сколько волонтёров?", kind="number"
    )
    ExtraAnswer.objects.create(questionnaire=submitted_a, question=question, number=12)
    data = _render("practices-register", {}, federal, "xlsx")
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert "Сколько волонтёров?" in header
    assert {row[0] for row in body} == {submitted_a.pk, submitted_b.pk}
    by_id = {row[0]: row for row in body}
    assert by_id[submitted_a.pk][header.index("Сколько волонтёров?")] == "12"
    assert by_id[submitted_a.pk][header.index("Состояние")] == "Подана"


def test_regional_register_holds_only_its_region(submitted_a, submitted_b, regional_a):
    data = _render("practices-register", {}, regional_a, "xlsx")
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [submitted_a.pk]


def test_applicants_may_not_order_the_register(applicant):
    assert not registry.get("practices-register").can_request(applicant)


def test_the_pdf_button_orders_the_document_through_the_engine(login, applicant, submitted_a):
    from reports.models import DocumentJob

    client = login(applicant)
    page = client.get(f"/practices/questionnaires/{submitted_a.pk}/").content.decode()
    assert 'name="out-format" value="pdf"' in page
    response = client.post(
        "/reports/request/practices-questionnaire/",
        {"questionnaire": submitted_a.pk, "out-format": "pdf"},
    )
    assert response.status_code == 302
    job = DocumentJob.objects.get()
    assert (job.kind, job.format, job.parameters) == (
        "practices-questionnaire",
        "pdf",
        {"questionnaire": submitted_a.pk},
    )


def test_the_register_button_orders_the_filtered_register(login, regional_a, submitted_a):
    from reports.models import DocumentJob

    client = login(regional_a)
    client.post(
        "/reports/request/practices-register/",
        {"state": "submitted", "q": "", "out-format": "xlsx"},
    )
    job = DocumentJob.objects.get()
    assert (job.kind, job.format, job.parameters["state"]) == (
        "practices-register",
        "xlsx",
        "submitted",
    )

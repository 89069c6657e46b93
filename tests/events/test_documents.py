"""The registration sheet PDF and the two XLSX registers."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from events.documents import BLANK_ROWS
from events.models import EventState
from reports.engine import registry
from reports.engine.render import render_document
from tests.events.conftest import register

pytestmark = pytest.mark.django_db


def _render(identifier, parameters, user, fmt):
    kind = registry.get(identifier)
    form = kind.get_form(parameters, user=user)
    assert form.is_valid(), form.errors
    output = io.BytesIO()
    render_document(kind(form.cleaned_data, user=user), fmt, output)
    return output.getvalue()


def _pdf_text(data: bytes) -> str:
    return re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    )


def test_sheet_lists_registered_names_and_numbered_blank_rows(make_event, regional_a):
    event = make_event(state=EventState.ANNOUNCED)
    register(event, 3)
    text = _pdf_text(_render("events-sheet", {"event": event.pk}, regional_a, "pdf"))
    assert "Участник Номер 0" in text and "Участник Номер 2" in text
    assert "Подпись" in text and "ФИО" in text
    # Three filled rows, then blank rows numbered on from 4.
    assert text.count("☐ согласен") == BLANK_ROWS
    assert f" {3 + BLANK_ROWS} " in text


def test_sheet_is_a4_landscape(make_event, regional_a):
    event = make_event(state=EventState.ANNOUNCED)
    page = PdfReader(
        io.BytesIO(_render("events-sheet", {"event": event.pk}, regional_a, "pdf"))
    ).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)


def test_another_region_cannot_order_the_sheet(make_event, regional_b):
    event = make_event(state=EventState.ANNOUNCED)
    assert (
        not registry.get("events-sheet").get_form({"event": event.pk}, user=regional_b).is_valid()
    )


def test_events_register_has_a_row_per_event_with_counts(make_event, federal, site_b):
    event = make_event(state=EventState.ANNOUNCED)
    register(event, 2)
    make_event(site=site_b)
    sheet = load_workbook(io.BytesIO(_render("events-register", {}, federal, "xlsx"))).active
    rows = [row for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert len(rows) == 2
    row = next(r for r in rows if r[0] == event.pk)
    assert row[8] == 2


def test_participants_register_holds_only_own_regions_people(make_event, regional_a, site_b):
    own = make_event(state=EventState.ANNOUNCED)
    other = make_event(state=EventState.ANNOUNCED, site=site_b)
    register(own, 1)
    register(other, 1, start=50)
    sheet = load_workbook(io.BytesIO(_render("events-participants", {}, regional_a, "xlsx"))).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Участник Номер 0" in values and "Участник Номер 50" not in values


def test_an_applicant_cannot_order_the_participants_register(applicant, login):
    response = login(applicant).post(
        reverse("reports:job-request", args=["events-participants"]), {"out-format": "xlsx"}
    )
    assert response.status_code == 403


def test_sheet_prints_the_feedback_address_and_its_qr_code(make_event, regional_a):
    from urllib.parse import unquote

    event = make_event(state=EventState.ANNOUNCED)
    data = _render("events-sheet", {"event": event.pk}, regional_a, "pdf")
    assert f"/events/{event.pk}/feedback/" in _pdf_text(data)
    kind = registry.get("events-sheet")
    form = kind.get_form({"event": event.pk}, user=regional_a)
    assert form.is_valid()
    qr = kind(form.cleaned_data, user=regional_a).get_context()["feedback_qr"]
    assert qr.startswith("data:image/svg+xml")
    assert "<path" in unquote(qr)


def test_event_pages_show_the_feedback_qr_code(make_event, regional_a, login, client):
    from events.qr import feedback_url

    event = make_event(state=EventState.ANNOUNCED)
    staff_page = login(regional_a).get(reverse("events:staff-detail", args=[event.pk]))
    body = staff_page.content.decode()
    assert 'src="data:image/svg+xml' in body
    assert f"QR-код страницы отзыва: {feedback_url(event.pk)}" in body

"""Step-4 documents: the schedule (PDF, XLSX), the stories register (XLSX), the passport (PDF)."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.engine import registry
from reports.engine.render import render_document
from tests.videos.factories import days, move_to
from videos import services

pytestmark = pytest.mark.django_db


def _render(identifier, parameters, user, fmt):
    kind = registry.get(identifier)
    form = kind.get_form(parameters, user=user)
    assert form.is_valid(), form.errors
    output = io.BytesIO()
    render_document(kind(form.cleaned_data, user=user), fmt, output)
    return output.getvalue()


def _pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


@pytest.fixture
def published_version(
    programme, federal, story_a, story_b, regional_a, regional_b, django_capture_on_commit_callbacks
):
    services.rules_save(
        programme=programme,
        by=federal,
        data={"window_start": days(1), "window_end": days(40), "weekdays": [1, 2, 3, 4, 5]},
    )
    for story, by in ((story_a, regional_a), (story_b, regional_b)):
        services.proposal_save(
            story=story, by=by, ready_on=days(1), preferences=[(days(10), days(16))]
        )
    with django_capture_on_commit_callbacks(execute=True):
        version = services.schedule_request(programme=programme, by=federal)
    version.refresh_from_db()
    return services.schedule_publish(version=version, by=federal)


def test_the_schedule_pdf_lists_dates_and_what_each_site_got(published_version, regional_a):
    text = _pdf_text(
        _render("videos-schedule", {"version": published_version.pk}, regional_a, "pdf")
    )
    assert "График выпуска видеосюжетов" in text
    assert "Дружба народов в Казани" in text and "Дербент — город народов" in text
    slot = published_version.slots.first()
    assert slot.release_on.strftime("%d.%m.%Y") in text
    assert "Как учтены предложения площадок" in text


def test_the_schedule_xlsx_has_a_row_per_story_with_real_dates(published_version, federal):
    book = load_workbook(
        io.BytesIO(_render("videos-schedule", {"version": published_version.pk}, federal, "xlsx"))
    )
    rows = list(book.active.iter_rows(values_only=True))
    header = [cell for cell in rows[0] if cell]
    assert header[:3] == ["Дата выпуска", "Регион", "Сюжет"]
    body = [row for row in rows[1:] if row[0]]
    assert len(body) == 2
    assert {row[2] for row in body} == {"Дружба народов в Казани", "Дербент — город народов"}
    assert hasattr(body[0][0], "year")  # a real Excel date


def test_a_draft_version_is_not_offered_to_regional_staff(
    programme, federal, regional_a, story_a, django_capture_on_commit_callbacks
):
    services.rules_save(
        programme=programme,
        by=federal,
        data={"window_start": days(1), "window_end": days(40), "weekdays": [1, 2, 3, 4, 5]},
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = services.schedule_request(programme=programme, by=federal)
    form = registry.get("videos-schedule").get_form({"version": version.pk}, user=regional_a)
    assert not form.is_valid()
    assert form.errors["version"] == ["Такой версии графика нет среди доступных вам."]


def test_the_register_is_scoped_and_shows_check_and_links(story_a, story_b, regional_a, federal):
    story = move_to(story_a, "cut_approved", regional=regional_a, federal=federal)
    services.story_links_save(
        story=story, by=federal, links={"youtube": "https://youtu.be/M7lc1UVf-VE"}
    )
    rows = list(
        load_workbook(
            io.BytesIO(_render("videos-register", {}, regional_a, "xlsx"))
        ).active.iter_rows(values_only=True)
    )
    body = [row for row in rows[1:] if row[0]]
    assert [row[2] for row in body] == ["Дружба народов в Казани"]  # not Dagestan's story
    row = body[0]
    assert row[4] == "Опубликован"
    assert row[6] == "Соответствует требованиям"
    assert row[10] == "https://www.youtube.com/watch?v=M7lc1UVf-VE"
    assert "Школа межнационального диалога" in row[3]
    everything = list(
        load_workbook(io.BytesIO(_render("videos-register", {}, federal, "xlsx"))).active.iter_rows(
            values_only=True
        )
    )
    assert len([row for row in everything[1:] if row[0]]) == 2


def test_the_passport_shows_the_targets_choice_and_the_history(story_a, regional_a, federal):
    story = move_to(story_a, "script_approved", regional=regional_a, federal=federal)
    text = _pdf_text(_render("videos-passport", {"story": story.pk}, regional_a, "pdf"))
    assert "Паспорт видеосюжета" in text
    assert "1 сюжет на площадку, 2 практики в сюжете" in text
    assert "в этом сюжете — 2" in text
    assert "Школа межнационального диалога" in text
    assert "Сценарий согласован" in text


def test_another_regions_story_is_not_offered_for_a_passport(story_b, regional_a):
    form = registry.get("videos-passport").get_form({"story": story_b.pk}, user=regional_a)
    assert not form.is_valid()
    assert form.errors["story"] == ["Такого сюжета нет среди доступных вам."]

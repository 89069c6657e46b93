"""The consolidated report: sectioned PDF and XLSX from the report's data, bad input."""

from __future__ import annotations

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from dashboard.documents import ConsolidatedReport, ReportParameters
from events.models import EventState
from reports.engine.render import render_document
from tests.dashboard import factories as make


def period(days_back=60, days_ahead=0):
    today = timezone.localdate()
    return today - datetime.timedelta(days=days_back), today + datetime.timedelta(days=days_ahead)


def render(document, fmt):
    target = io.BytesIO()
    render_document(document, fmt, target)
    return target.getvalue()


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_pdf_has_summary_steps_sites_registers_and_footnotes(roadmap, site_a, site_b, federal):
    make.event(site_a, attended=16, title="Семинар в Казани")
    make.event(site_a, attended=14, title="Семинар в Елабуге")
    starts_on, ends_on = period()
    document = ConsolidatedReport(
        {"starts_on": starts_on, "ends_on": ends_on, "pilot_site": None}, user=federal
    )
    text = pdf_text(render(document, "pdf"))
    assert "Итоги программы против целей" in text
    assert "Содержание" in text
    assert "Шаг 2" in text
    assert "Татарстан" in text and "Дагестан" in text
    assert "Семинар в Казани" in text
    assert "не засчитано" in text  # the seminar with 14
    assert "Семинар с 14 участниками" in text  # the footnote's definition
    assert "Приложения: реестры записей" in text
    # Sections are laid out apart: no section numbers its own pages («Стр. 1 из 1» on each);
    # the engine numbers the joined document.
    assert "Стр." not in text


def test_xlsx_has_one_sheet_per_table_with_the_data(roadmap, site_a, federal):
    make.event(site_a, attended=16)
    make.story(site_a)
    starts_on, ends_on = period()
    document = ConsolidatedReport(
        {"starts_on": starts_on, "ends_on": ends_on, "pilot_site": site_a}, user=federal
    )
    book = load_workbook(io.BytesIO(render(document, "xlsx")))
    assert {"Сводка", "Определения", "Мероприятия", "Видеосюжеты"} <= set(book.sheetnames)
    summary = list(book["Сводка"].iter_rows(values_only=True))
    seminars = [r for r in summary if r[2] == "Семинары проведены" and "Татарстан" in r[3]]
    assert seminars[0][4:7] == (1, 1, 2)
    definitions = [r[2] for r in book["Определения"].iter_rows(values_only=True)]
    assert any("14 участниками" in (d or "") for d in definitions)


def test_an_empty_period_is_an_honest_empty_report(roadmap, site_a, federal):
    make.event(site_a, attended=16)  # five days ago: outside the period below
    today = timezone.localdate()
    starts_on, ends_on = today - datetime.timedelta(days=400), today - datetime.timedelta(days=300)
    document = ConsolidatedReport(
        {"starts_on": starts_on, "ends_on": ends_on, "pilot_site": None}, user=federal
    )
    text = pdf_text(render(document, "pdf"))
    assert "Мероприятий за период нет." in text
    assert "Записей нет." in text


def test_a_period_not_yet_ended_is_reported_as_of_today(roadmap, steps, site_a, federal):
    """A quarter frozen in its middle: the data and the colours are today's. Step 2 closes
    next week, before the period's end; on the end's day its empty cell would be red, today
    it is still open."""
    today = timezone.localdate()
    steps[2].starts_on, steps[2].ends_on = (
        today - datetime.timedelta(days=60),
        today + (datetime.timedelta(days=7)),
    )
    steps[2].save()
    starts_on, ends_on = period(days_ahead=30)
    document = ConsolidatedReport(
        {"starts_on": starts_on, "ends_on": ends_on, "pilot_site": None}, user=federal
    )
    assert document.data["as_of"] == today.isoformat()
    seminars = next(f for f in document.figures if f["key"] == "seminars")
    assert seminars["sites"][0]["state"] == "behind"
    text = pdf_text(render(document, "pdf"))
    assert f"Период ещё не закончился: данные на {today:%d.%m.%Y}." in text
    assert f"данные на {today:%d.%m.%Y}" in text.split("Содержание")[1]  # the running footer
    assert f"данные на {ends_on:%d.%m.%Y}" not in text
    ended = ConsolidatedReport(
        {"starts_on": starts_on, "ends_on": today, "pilot_site": None}, user=federal
    )
    assert ended.data["as_of"] == today.isoformat()
    assert "Период ещё не закончился" not in pdf_text(render(ended, "pdf"))


def test_a_snapshot_stored_before_the_date_of_its_data_reads_its_periods_end():
    from dashboard.selectors.report import as_of

    assert as_of({"ends_on": "2026-03-31"}) == datetime.date(2026, 3, 31)
    assert as_of({"ends_on": "2026-03-31", "as_of": "2026-02-10"}) == datetime.date(2026, 2, 10)


def test_end_before_start_is_a_field_error(roadmap, site_a, federal):
    form = ReportParameters(
        {"starts_on": "2026-05-01", "ends_on": "2026-04-01", "pilot_site": ""}, user=federal
    )
    assert not form.is_valid()
    assert form.errors["ends_on"] == ["Конец периода раньше его начала."]


def test_regional_staff_may_order_only_their_site(roadmap, site_a, site_b, regional_a):
    form = ReportParameters(
        {"starts_on": "2026-01-01", "ends_on": "2026-04-01", "pilot_site": site_b.pk},
        user=regional_a,
    )
    assert not form.is_valid()
    assert "pilot_site" in form.errors
    empty = ReportParameters({"starts_on": "2026-01-01", "ends_on": "2026-04-01"}, user=regional_a)
    assert not empty.is_valid()


def test_the_report_is_ordered_from_the_reports_page(roadmap, site_a, federal, login):
    html = login(federal).get(reverse("reports:list"), {"kind": "dashboard-report"}).content
    assert "Сводный отчёт программы" in html.decode()


def test_site_section_shows_a_consented_photo(roadmap, site_a, regional_a, federal):
    from events import services as event_services
    from tests.events.conftest import checked_photo

    seminar = make.event(site_a, attended=16, state=EventState.HELD)
    event_services.photo_add(event=seminar, by=regional_a, upload=checked_photo(), caption="Зал")
    seminar.state = EventState.REPORT_ACCEPTED
    seminar.save(update_fields=["state"])
    starts_on, ends_on = period()
    document = ConsolidatedReport(
        {"starts_on": starts_on, "ends_on": ends_on, "pilot_site": site_a}, user=federal
    )
    assert [p["caption"] for p in document.data["photos"]] == ["Зал"]
    reader = PdfReader(io.BytesIO(render(document, "pdf")))
    assert sum(len(page.images) for page in reader.pages) >= 1


def test_long_registers_are_split_into_sections_that_keep_every_row(
    roadmap, site_a, federal, monkeypatch
):
    """On the worker pool no one appendix holds up the rest: at most REGISTER_ROWS rows per
    section, a long register continued in the next one, every row once."""
    from dashboard import documents

    monkeypatch.setattr(documents, "REGISTER_ROWS", 2)
    for n in range(5):
        make.event(site_a, attended=15, title=f"Семинар № {n + 1}")
    starts_on, ends_on = period()
    document = ConsolidatedReport(
        {"starts_on": starts_on, "ends_on": ends_on, "pilot_site": None}, user=federal
    )
    registers = [s for s in document.get_sections() if s.key.startswith("registers")]
    assert registers[0].key == "registers" and len(registers) > 3
    html = "".join(s.html for s in registers)
    for n in range(5):
        assert html.count(f"Семинар № {n + 1},") == 1
    assert "(продолжение)" in html
    assert html.count('id="registers"') == 1
    text = pdf_text(render(document, "pdf"))
    assert "Приложения: реестры записей" in text and "Семинар № 5" in text

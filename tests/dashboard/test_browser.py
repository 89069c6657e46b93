"""The federal coordinator's journey in a real browser: the dashboard, a red cell down to a
sheet scan, a practice's thread, the consolidated report, a frozen period and the comparison."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from dashboard import periods
from dashboard.models import Snapshot
from events import services as event_services
from events.models import EventState
from tests.dashboard import factories as make
from tests.events.conftest import checked_scan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_federal_coordinator_journey(
    page, screenshot, browser_login, roadmap, steps, site_a, site_b, regional_a, federal
):
    today = timezone.localdate()
    # Step 2's window closed a week ago: Dagestan held no seminar (red), Tatarstan one (red too,
    # one short), with its sheet scan.
    step = steps[2]
    step.starts_on, step.ends_on = (
        today - datetime.timedelta(days=90),
        today - datetime.timedelta(days=7),
    )
    step.save()
    selection = make.pilot_practice(site_a)
    practice = selection.questionnaire
    seminar = make.event(
        site_a,
        attended=17,
        state=EventState.HELD,
        title="Семинар «Практики диалога»",
        day=today - datetime.timedelta(days=20),
    )
    seminar.practice = practice
    seminar.save(update_fields=["practice"])
    event_services.scan_add(event=seminar, by=regional_a, upload=checked_scan())
    seminar.state = EventState.REPORT_ACCEPTED
    seminar.save(update_fields=["state"])
    make.questionnaire(site_b, admitted=True, best=True)

    browser_login(federal)
    page.goto("/dashboard/")
    page.get_by_role("heading", name=re.compile("План и факт")).wait_for()
    screenshot(page, "01-dashboard")
    red = page.locator(f'td.plan-failed[data-key="seminars"][data-site="{site_a.pk}"] a')
    assert red.inner_text().startswith("1 / 2")
    red.click()
    page.wait_for_url(re.compile(r"/dashboard/cells/seminars/"))
    assert page.locator("tr.record-row").count() == 1
    screenshot(page, "02-red-cell-records")
    scan_link = page.get_by_role("link", name=re.compile("Скан листа"))
    with page.expect_download() as download:
        scan_link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("link", name=re.compile("Семинар «Практики диалога»")).click()
    page.wait_for_url(re.compile(rf"/events/manage/{seminar.pk}/$"))
    page.get_by_role("link", name="путь практики").click()
    page.wait_for_url(re.compile(rf"/practices/questionnaires/{practice.pk}/thread/$"))
    page.get_by_text("Семинары с этой практикой").wait_for()
    screenshot(page, "03-thread")

    # The plan-schedule and the charts, each chart with its table.
    page.goto("/dashboard/schedule/")
    page.get_by_text("сегодня, ").first.wait_for()
    screenshot(page, "03a-schedule")
    page.goto("/dashboard/charts/")
    assert page.locator("svg.chart").count() == 5
    screenshot(page, "03b-charts")

    # The consolidated report, ordered from the dashboard.
    page.goto("/dashboard/")
    page.get_by_role("link", name=re.compile("Сводный отчёт")).click()
    page.get_by_label("Начало периода").fill((today - datetime.timedelta(days=90)).isoformat())
    page.get_by_label("Конец периода").fill(today.isoformat())
    screenshot(page, "04-order-report")
    page.get_by_role("button", name=re.compile("Заказать|Сформировать")).first.click()
    page.get_by_role("link", name=re.compile("Скачать")).first.wait_for(timeout=60_000)
    screenshot(page, "05-report-ready")

    # Freeze the programme's first quarter (choosing it fills the dates), change a record,
    # compare.
    page.goto("/dashboard/snapshots/")
    first, last = periods.programme_quarter(min(s.starts_on for s in steps.values()), 1)
    label = f"1-й квартал программы: {first:%d.%m.%Y}–{last:%d.%m.%Y}"
    page.get_by_label("Период", exact=True).select_option(label=label)
    assert page.get_by_label("Начало периода").input_value() == first.isoformat()
    assert page.get_by_label("Конец периода").input_value() == last.isoformat()
    page.get_by_role("button", name="Зафиксировать").click()
    page.wait_for_url(re.compile(r"/dashboard/snapshots/\d+/$"))
    page.get_by_text("SHA-256 PDF").wait_for(timeout=60_000)
    screenshot(page, "06-frozen")
    make.event(site_b, attended=16, day=today - datetime.timedelta(days=10))
    page.get_by_role("link", name="Сравнить с сегодняшними данными").click()
    page.get_by_text("После фиксации добавлено: 1 семинар, 16 участников").wait_for()
    screenshot(page, "07-comparison")
    snapshot = Snapshot.objects.get()
    assert snapshot.data["records"]["seminars"][0]["id"] == seminar.pk
    assert (snapshot.starts_on, snapshot.ends_on) == (first, last)
    assert snapshot.title.startswith("Отчёт за 1-й квартал программы")


def test_the_demo_dashboard_tells_its_story(page, screenshot, settings):
    """On ``manage.py demo_data``: green, amber and red on one page, one red cell among the
    sites' (step 2's window closed yesterday with the last site one seminar short), which
    opens to its record and the record's sheet scan, and the programme's first quarter
    frozen."""
    import io

    from django.core.management import call_command

    settings.DEBUG = True  # demo_data refuses to run otherwise
    call_command("demo_data", stdout=io.StringIO())
    settings.DEBUG = False
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "federal@example.org")
    page.fill("input[name=password]", "demo-password")
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url, timeout=15_000)
    page.goto("/dashboard/")
    page.get_by_role("heading", name=re.compile("План и факт")).wait_for()
    body = page.locator("table.plan-table tbody")
    assert body.locator("td.plan-met").count() > 0
    assert body.locator("td.plan-behind").count() > 0
    red = body.locator("td.plan-failed")
    assert red.count() == 1
    assert red.get_attribute("data-key") == "seminars"
    assert red.inner_text().startswith("1 / 2")
    screenshot(page, "demo-dashboard")
    red.locator("a").click()
    page.wait_for_url(re.compile(r"/dashboard/cells/seminars/\?site=\d+"))
    assert page.locator("tr.record-row").count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Скан листа")).click()
    assert download.value.suggested_filename.endswith(".jpg")
    screenshot(page, "demo-red-cell")
    page.goto("/dashboard/snapshots/")
    page.get_by_role("link", name=re.compile("^Отчёт за 1-й квартал программы")).click()
    page.get_by_text("SHA-256 PDF").wait_for()

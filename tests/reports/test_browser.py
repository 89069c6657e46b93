"""A federal coordinator orders the programme passport, watches it finish and downloads it."""

from __future__ import annotations

import threading
import time
from unittest import mock

import pytest
from django.db import connection

from reports import tasks
from tests.reports.conftest import pdf_reader

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("kernel_kinds_only"),
]


@pytest.fixture
def slow_worker():
    """Stands in for a Celery worker that picks the job up a few seconds later."""
    threads = []

    def deliver(args, **kwargs):
        def work():
            time.sleep(2.5)
            try:
                tasks.render_document_job.apply(args=args)
            finally:
                connection.close()

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        threads.append(thread)

    with mock.patch.object(tasks.render_document_job, "apply_async", side_effect=deliver):
        yield
    for thread in threads:
        thread.join(timeout=30)


def test_federal_coordinator_orders_the_passport_and_downloads_it(
    page, browser_login, screenshot, federal, full_programme, slow_worker, tmp_path
):
    browser_login(federal)
    page.get_by_role("link", name="Отчёты", exact=True).first.click()
    page.get_by_role("listitem").filter(has_text="Паспорт программы").click()
    page.wait_for_url("**/reports/?kind=programme-passport")
    page.get_by_label("Программа").select_option(label=full_programme.title)
    screenshot(page, "form")
    page.get_by_role("button", name="Заказать").click()

    item = page.locator("#job-list .list-group-item").first
    status = item.locator(".job-status")
    status.wait_for()
    assert status.inner_text() in {"В очереди", "Формируется"}
    assert page.get_by_text("Документ заказан").is_visible()
    screenshot(page, "queued")

    # htmx polls the row every 2 s; no reload happens in between.
    page.wait_for_function(
        "document.querySelector('#job-list .job-status').innerText === 'Готово'", timeout=20_000
    )
    assert page.url.endswith("/reports/?kind=programme-passport")
    screenshot(page, "done")

    with page.expect_download() as caught:
        item.get_by_role("link", name="Скачать").click()
    download = caught.value
    assert download.suggested_filename == "Паспорт программы 2020.pdf"
    saved = tmp_path / "passport.pdf"
    download.save_as(saved)
    reader = pdf_reader(saved.read_bytes())
    assert "Паспорт программы" in reader.pages[0].extract_text()


def test_a_regional_staff_member_sees_the_empty_state(page, browser_login, screenshot, regional_a):
    browser_login(regional_a)
    page.goto("/reports/")
    assert page.get_by_role("heading", name="Для вашей роли документов нет").is_visible()
    screenshot(page, "empty")

"""Step 5 in a real browser: from a selected practice to a published collection."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from contest.models import Edition, Entry, EntryState
from practices.models import Decision, Outcome
from tests.contest.conftest import scan_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_out(tab):
    tab.get_by_role("button", name="Выйти").click()
    tab.wait_for_url(re.compile(r"/$"))


def _upload(tab, requirement, name):
    block = tab.locator(f"#id_{requirement.anchor}")
    block.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "image/jpeg", "buffer": scan_bytes()}
    )
    block.get_by_role("button", name=re.compile("Загрузить|Заменить")).click()
    tab.wait_for_load_state()


def test_entry_from_selected_practice_to_the_published_collection(
    page, browser_login, screenshot, form, practice_a, applicant, regional_a, federal, tmp_path
):
    questions = form["questions"]
    requirements = form["requirements"]
    Decision.objects.create(questionnaire=practice_a, outcome=Outcome.BEST, reason="Лучшая.")

    # --- The applicant starts an entry from the selected practice and finds it prefilled ---
    browser_login(applicant)
    page.wait_for_url("**/accounts/cabinet/")
    assert "Подать заявку на конкурс" in page.locator("main").inner_text()
    screenshot(page, "01-cabinet")
    page.get_by_role("link", name="Подать заявку на конкурс").click()
    page.get_by_label("Практика").select_option(str(practice_a.pk))
    screenshot(page, "02-start")
    page.get_by_role("button", name="Создать заявку").click()
    page.wait_for_url("**/edit/")
    assert page.get_by_label("Актуальность *").input_value() == practice_a.problem
    assert page.get_by_label("Участников *").input_value() == str(practice_a.people_reached)
    screenshot(page, "03-prefilled")

    # ...answers the contest's own question (saved in the background) and attaches the files.
    page.get_by_label("Планы на следующий год *").fill("Открыть филиал в Альметьевске.")
    page.get_by_label("Результаты *").fill("24 встречи, 450 человек.")
    page.wait_for_function(
        "document.getElementById('autosave-status').textContent.includes('сохранён в')"
    )
    entry = Entry.objects.get()
    assert entry.answers.get(question=questions["plans"]).text == "Открыть филиал в Альметьевске."
    _upload(page, requirements["letter"], "письмо.jpg")
    _upload(page, requirements["consent"], "согласие.jpg")
    assert "Всё обязательное заполнено и приложено." in page.locator("main").inner_text()
    page.get_by_role("link", name="Отправить на проверку…").click()
    screenshot(page, "04-confirm-submit")
    page.get_by_role("button", name="Да, отправить на проверку").click()
    page.wait_for_url(f"**/contest/entries/{entry.pk}/")
    assert "На проверке" in page.locator("main").inner_text()
    _log_out(page)

    # --- The regional centre comments on a field and returns the entry ---------------------
    browser_login(regional_a)
    page.goto(f"/contest/entries/{entry.pk}/")
    page.get_by_label("К какому полю").select_option(questions["plans"].anchor)
    page.get_by_label("Замечание").fill("Укажите срок: к какому месяцу откроется филиал.")
    page.get_by_role("button", name="Добавить замечание").click()
    page.locator("summary", has_text="Вернуть заявителю на доработку").click()
    page.get_by_label("Сообщение заявителю").fill("Уточните планы — замечание у поля.")
    screenshot(page, "05-regional-check")
    page.get_by_role("button", name="Вернуть с сообщением").click()
    page.wait_for_url(f"**/contest/entries/{entry.pk}/")
    assert "Возвращена на доработку" in page.locator("main").inner_text()
    _log_out(page)

    # --- The applicant sees the remark beside the field and fixes it ----------------------
    browser_login(applicant)
    page.goto(f"/contest/entries/{entry.pk}/edit/")
    plans_block = page.locator(f"#id_{questions['plans'].anchor}-wrap")
    assert "Укажите срок" in plans_block.inner_text()
    assert "Уточните планы" in page.locator("main").inner_text()
    screenshot(page, "06-remark-beside-field")
    page.get_by_label("Планы на следующий год *").fill(
        "Открыть филиал в Альметьевске к сентябрю следующего года."
    )
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url("**/edit/")
    page.get_by_role("link", name="Отправить на проверку…").click()
    page.get_by_role("button", name="Да, отправить на проверку").click()
    page.wait_for_url(f"**/contest/entries/{entry.pk}/")
    _log_out(page)

    # --- The centre resolves the remark, ticks the checklist and marks it checked ---------
    browser_login(regional_a)
    page.goto(f"/contest/entries/{entry.pk}/")
    page.get_by_role("button", name="снять").click()
    page.wait_for_load_state()
    for item in ("required", "figures", "limits", "consents", "legible"):
        with page.expect_navigation():
            page.locator(f"#check-{item}").check()
    screenshot(page, "07-checklist-done")
    page.get_by_role("link", name="Заявка проверена…").click()
    page.get_by_role("button", name="Да, заявка проверена").click()
    page.wait_for_url(f"**/contest/entries/{entry.pk}/")
    assert "Проверена" in page.locator("main").inner_text()
    page.goto("/contest/readiness/")
    screenshot(page, "08-readiness-regional")
    _log_out(page)

    # --- The federal centre builds the package, records sending and the result ------------
    browser_login(federal)
    page.goto("/contest/readiness/")
    screenshot(page, "09-readiness-federal")
    # The row's ZIP button submits the page's one form (form=, formaction=) with its token.
    page.get_by_role("button", name=re.compile("ZIP: собрать пакет площадки")).click()
    page.wait_for_url(re.compile(r"/contest/readiness/#site-\d+$"))
    assert "Пакет площадки собирается" in page.locator("main").inner_text()
    page.goto(f"/contest/entries/{entry.pk}/")
    page.get_by_role("button", name="Собрать пакет (PDF, файлы, опись)").click()
    page.wait_for_url(f"**/contest/entries/{entry.pk}/#packages")
    link = page.locator("#packages a[href*='/download/']")
    link.wait_for()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".zip")
    page.get_by_label("Регистрационный номер у организатора").fill("ВК-3-0101")
    page.get_by_role("button", name="Записать", exact=True).click()
    page.wait_for_url(f"**/contest/entries/{entry.pk}/")
    page.get_by_label("Итог").select_option("winner")
    page.get_by_label("Место").select_option("1")
    page.locator("input[name=diploma]").set_input_files(
        {"name": "диплом.jpg", "mimeType": "image/jpeg", "buffer": scan_bytes()}
    )
    page.get_by_role("button", name="Записать итог").click()
    page.wait_for_url(f"**/contest/entries/{entry.pk}/")
    assert "Победитель, 1 место" in page.locator("main").inner_text()
    screenshot(page, "10-result")
    entry.refresh_from_db()
    assert (entry.state, entry.organiser_number) == (EntryState.RESULT, "ВК-3-0101")

    # ...and builds the collection: a new edition, the practice's chapter from its records.
    page.goto("/collection/editor/")
    page.get_by_role("button", name="Создать выпуск").click()
    page.wait_for_url("**/collection/editor/*/")
    # The practices are a search: the practice is typed, chosen from the list, a chip.
    page.get_by_role("combobox", name="Практики").fill(practice_a.title[:10])
    page.get_by_role("option", name=re.compile(re.escape(practice_a.title))).click()
    page.get_by_role("button", name=f"Убрать: {practice_a.title}", exact=False).wait_for()
    page.get_by_role("button", name="Составить главы").click()
    page.get_by_role("link", name=practice_a.title).click()
    assert page.get_by_label("Проблема").input_value() == practice_a.problem
    screenshot(page, "11-chapter-drafted")
    page.get_by_role("button", name="Отправить организации на согласование").click()
    _log_out(page)

    browser_login(applicant)
    page.wait_for_url("**/accounts/cabinet/")
    page.locator("#cabinet-contest-chapters").get_by_role("link", name=practice_a.title).click()
    page.get_by_label("Согласны опубликовать контакты организации, указанные в главе").check()
    screenshot(page, "12-organisation-approves")
    page.get_by_role("button", name="Согласовать главу").click()
    assert "Глава согласована" in page.locator("main").inner_text()
    _log_out(page)

    browser_login(federal)
    edition = Edition.objects.get()
    page.goto(f"/collection/editor/{edition.pk}/")
    page.get_by_role("button", name="Одобрить выпуск целиком").click()
    page.get_by_role("button", name="Да, опубликовать").click()
    page.wait_for_url(f"**/collection/editor/{edition.pk}/")
    page.get_by_role("link", name="PDF выпуска").wait_for(timeout=60_000)
    screenshot(page, "13-published")
    response = page.request.get(f"/collection/editions/{edition.pk}/pdf/")
    assert response.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.body()))
    assert practice_a.title in "".join(p.extract_text() for p in pdf.pages)

    page.goto("/collection/")
    screenshot(page, "14-collection-public")
    page.get_by_role("link", name=practice_a.title).click()
    assert "Победитель, 1 место" in page.locator("main").inner_text()
    screenshot(page, "15-chapter-public")

"""The letters journey in a real browser: regional staff import administrations, edit the
seminar letter template with a preview, send the letter from the seminar page, record the
administration's answer, invite a round table's participants, and one registers by the link."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from openpyxl import Workbook

from events.models import AgendaItem, Event, EventKind, EventState, SupportItem
from letters.models import Letter
from tests.events.conftest import PDF_BYTES
from tests.factories import MunicipalityFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _table(path):
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Вид",
            "Организация",
            "Муниципальное образование",
            "Глава",
            "Должность",
            "Адрес",
            "E-mail",
            "Основание",
        ]
    )
    sheet.append(
        [
            "Администрация",
            "Администрация Елабужского района",
            "Елабужский район",
            "Хабибуллин Ильшат Рамилевич",
            "Глава района",
            "423600, г. Елабуга, пр. Нефтяников, 30",
            "glava@elabuga.example",
            "Общедоступные сведения",
        ]
    )
    sheet.append(
        [
            "Администрация",
            "Администрация Чистопольского района",
            "Чистопольский район",
            "Соколова Ирина Викторовна",
            "Глава района",
            "",
            "",
            "Общедоступные сведения",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_letters_journey(page, screenshot, browser_login, site_a, regional_a, make_event, tmp_path):
    elabuga = MunicipalityFactory(region=site_a.region, name="Елабужский район")
    MunicipalityFactory(region=site_a.region, name="Чистопольский район")
    seminar = make_event(
        days=30, municipality=elabuga, title="Семинар о практиках диалога в Елабуге"
    )
    AgendaItem.objects.create(event=seminar, starts_at=datetime.time(10, 0), title="Открытие")
    SupportItem.objects.create(event=seminar, text="Зал на 40 человек")
    table = make_event(
        kind=EventKind.ROUND_TABLE,
        state=EventState.ANNOUNCED,
        days=20,
        practice=None,
        title="Круглый стол «Диалог культур»",
    )
    Event.objects.filter(pk=table.pk).update(
        invited="Ахметов Рустам Ильдарович, Министерство по делам молодёжи, ahmetov@example.org"
    )

    # --- Import the administrations, one row refused first -----------------------------------
    browser_login(regional_a)
    page.goto("/letters/addressees/import/")
    page.get_by_label(re.compile("Таблица адресатов")).set_input_files(
        str(_table(tmp_path / "a.xlsx"))
    )
    page.get_by_role("button", name="Загрузить").click()
    page.get_by_text("Импорт завершён: добавлено 2, обновлено 0.").wait_for()
    screenshot(page, "letters-01-addressees")

    # --- Edit the seminar letter template; a hostile field is refused; preview -------------------
    page.goto("/letters/templates/seminar/")
    body = page.get_by_label("Текст письма")
    original = body.input_value()
    body.fill(original + "\n\n{{ settings.SECRET_KEY }}")
    page.get_by_role("button", name="Сохранить шаблон").click()
    page.get_by_text(re.compile("не разрешено")).first.wait_for()
    body = page.get_by_label("Текст письма")
    body.fill(original + "\n\nС уважением и надеждой на сотрудничество.")
    page.get_by_label("Мероприятие для предпросмотра").select_option(str(seminar.pk))
    page.get_by_role("button", name="Показать письмо").click()
    page.get_by_text("Так письмо прочтёт адресат").wait_for()
    screenshot(page, "letters-02-template-preview")
    page.get_by_role("button", name="Сохранить шаблон").click()
    page.get_by_text("Шаблон сохранён.").wait_for()

    # --- From the seminar page: the letter to its administration --------------------------------
    page.goto(f"/events/manage/{seminar.pk}/")
    page.get_by_role("link", name="Письмо администрации о семинаре").click()
    page.get_by_text("Предпросмотр письма").wait_for()
    assert "Зал на 40 человек" in page.content()
    screenshot(page, "letters-03-seminar-letter")
    page.get_by_role("button", name="Отправить письмо").click()
    page.get_by_text(re.compile("зарегистрировано и отправляется")).wait_for()
    letter = Letter.objects.get(event_id=seminar.pk)
    assert letter.organisation == "Администрация Елабужского района"
    screenshot(page, "letters-04-seminar-page")

    # --- The administration's answer, with its scan ---------------------------------------------
    page.get_by_role("link", name="Записать ответ").click()
    page.locator("select[name=decision]").select_option("partner")
    page.get_by_label("Дата ответа").fill(letter.registered_on.isoformat())
    scan = tmp_path / "otvet.pdf"
    scan.write_bytes(PDF_BYTES)
    page.get_by_label("Скан ответного письма").set_input_files(str(scan))
    page.get_by_role("button", name="Записать ответ").click()
    page.get_by_text("Ответ администрации записан.").wait_for()
    seminar.refresh_from_db()
    assert seminar.partner_administration == "Администрация Елабужского района"
    screenshot(page, "letters-05-reply")

    # --- Round table: invitations, and one invitee registers by the personal link -----------
    page.goto(f"/events/manage/{table.pk}/")
    page.get_by_role("link", name=re.compile("Пригласить")).click()
    page.get_by_role("button", name="Разослать приглашения").click()
    page.get_by_text(re.compile("Приглашений зарегистрировано: 1")).wait_for()
    invitation = Letter.objects.get(event_id=table.pk)
    page.get_by_role("button", name="Выйти").click()
    page.goto(f"/events/{table.pk}/?invitation={invitation.token}")
    assert page.locator("input[name=full_name]").input_value() == "Ахметов Рустам Ильдарович"
    assert (
        page.locator("input[name=organisation]").input_value() == "Министерство по делам молодёжи"
    )
    screenshot(page, "letters-06-prefilled")
    page.get_by_label(re.compile("Я даю согласие")).check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.get_by_text("Вы зарегистрированы").wait_for()
    invitation.refresh_from_db()
    assert invitation.registration_id is not None
    browser_login(regional_a)
    page.goto(f"/events/manage/{table.pk}/")
    page.get_by_text("Приглашения", exact=True).wait_for()
    screenshot(page, "letters-07-round-table")

"""The whole journey in a real browser, as a new NGO volunteer would go through it."""

from __future__ import annotations

import re

import pytest

from practices.models import Questionnaire
from tests.accounts.conftest import link_path
from tests.browser.images import loaded_width
from tests.practices.conftest import jpeg_bytes

# Regions and directions ship with migrations: restore them after the live-server test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "raduga@example.org"
SECRET = "Raduga-Kazan-2025"


def _log_in(tab, email, password):
    tab.goto("/accounts/login/")
    tab.fill("input[name=username]", email)
    tab.fill("input[name=password]", password)
    tab.click("button[type=submit]")
    tab.wait_for_url("**/accounts/cabinet/")


def _log_out(tab):
    tab.get_by_role("button", name="Выйти").click()
    tab.wait_for_url(re.compile(r"/$"))


def test_new_applicant_to_published_practice(
    page, screenshot, mailoutbox, step1, regional_a, federal, password, tmp_path
):
    # --- A new volunteer registers from the start page and confirms the e-mail ------------
    page.goto("/practices/apply/")
    assert "Приём анкет открыт до" in page.locator("main").inner_text()
    screenshot(page, "01-apply")
    page.get_by_role("link", name="Зарегистрироваться и начать").click()
    page.wait_for_url("**/accounts/register/")
    page.get_by_label("Электронная почта").fill(EMAIL)
    page.get_by_label("ФИО").fill("Радужная Римма Руслановна")
    page.get_by_label("Телефон").fill("+7 843 000-11-22")
    page.get_by_label("Должность").fill("председатель")
    page.fill("input[name=password1]", SECRET)
    page.get_by_label("Пароль ещё раз").fill(SECRET)
    page.get_by_label("Я согласен(на) на обработку моих персональных данных").check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.wait_for_url("**/accounts/register/done/")
    page.goto(link_path(mailoutbox[-1], "/accounts/confirm/"))
    page.get_by_role("button", name="Подтвердить адрес").click()
    page.wait_for_url("**/accounts/login/")
    _log_in(page, EMAIL, SECRET)

    # --- ...adds the organisation ---------------------------------------------------------
    page.get_by_role("link", name="Добавить организацию").first.click()
    page.wait_for_url("**/accounts/organisations/new/")
    page.get_by_label("Полное наименование").fill("АНО «Радуга»")
    page.get_by_label("Вид").select_option(label="НКО")
    page.get_by_label("Регион").select_option(label="Республика Татарстан")
    page.get_by_label("ИНН").fill("7707083893")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url("**/accounts/organisations/")

    # --- First visit: the first sections, the second one saved in the background ----------
    page.goto("/practices/apply/")
    page.get_by_role("link", name="Начать анкету").click()
    page.wait_for_url("**/practices/new/")
    page.get_by_role("button", name="Начать заполнение").click()
    page.wait_for_url(re.compile(r"/edit/practice/$"))
    page.get_by_label("Название практики").fill("Радужный двор: соседские праздники народов")
    page.get_by_label("Направление").select_option(label="Межнациональный диалог")
    page.get_by_label("Муниципальное образование, где реализуется практика").fill("город Казань")
    page.get_by_label("Сроки реализации").fill("с мая 2019 года")
    page.get_by_label("География").fill("Три микрорайона Казани")
    screenshot(page, "02-section-practice")
    page.get_by_role("button", name="Сохранить и дальше").click()
    page.wait_for_url(re.compile(r"/edit/description/$"))
    page.get_by_label("На какую проблему отвечает практика").fill(
        "Соседи разных национальностей не знакомы друг с другом."
    )
    page.get_by_label("Цели и задачи").fill("Познакомить соседей через общие праздники.")
    # Nobody presses a button: the page saves by itself a few seconds after typing stops.
    page.wait_for_function(
        "document.getElementById('autosave-status').textContent.includes('сохранён в')"
    )
    counter = page.locator("#id_goals-counter")
    assert counter.inner_text().startswith("42 / 4000")
    screenshot(page, "03-autosaved")
    _log_out(page)

    # --- Second visit: everything is there; the rest is filled in, a photo attached --------
    _log_in(page, EMAIL, SECRET)
    page.get_by_role("link", name=re.compile("Радужный двор")).first.click()
    page.get_by_role("link", name="Продолжить заполнение").click()
    page.get_by_role("link", name="Описание").click()
    assert page.get_by_label("Цели и задачи").input_value() == (
        "Познакомить соседей через общие праздники."
    )
    page.get_by_label("Целевые группы").fill("Жители микрорайонов, семьи с детьми")
    page.get_by_label("Сколько человек охвачено").fill("800")
    page.get_by_role("button", name="Сохранить и дальше").click()
    page.wait_for_url(re.compile(r"/edit/partners/$"))
    page.get_by_label("Ресурсы (кадровые, финансовые, материальные)").fill(
        "Волонтёры, дворовые площадки, 50 000 рублей пожертвований"
    )
    page.get_by_role("button", name="Сохранить и дальше").click()
    page.wait_for_url(re.compile(r"/edit/results/$"))
    page.get_by_label("Количественные результаты").fill("12 праздников, 800 участников")
    page.get_by_label("Качественные результаты").fill("Соседи начали помогать друг другу")
    page.get_by_label("Что нужно другому муниципалитету, чтобы повторить практику").fill(
        "Инициативная группа жителей и поддержка управляющей компании"
    )
    page.get_by_role("button", name="Сохранить и дальше").click()
    page.wait_for_url(re.compile(r"/edit/materials/$"))
    photo = tmp_path / "праздник.jpg"
    photo.write_bytes(jpeg_bytes((900, 600), (30, 120, 200)))
    page.get_by_label("Файл").set_input_files(str(photo))
    page.get_by_label("Подпись").fill("Праздник во дворе")
    page.get_by_role("button", name="Загрузить").click()
    page.wait_for_url(re.compile(r"/edit/materials/"))
    assert "праздник.jpg" in page.locator("#attachments").inner_text()
    screenshot(page, "04-materials")
    page.get_by_role("link", name="Дальше").click()
    page.wait_for_url(re.compile(r"/edit/contacts/$"))
    page.get_by_label("Контактное лицо (ФИО)").fill("Радужная Римма Руслановна")
    page.get_by_label("Телефон").fill("+7 843 000-11-22")
    page.get_by_label("E-mail").fill("raduga-contact@example.org")
    page.get_by_label("Согласие на обработку персональных данных").check()
    page.get_by_label("Согласие на публикацию практики").check()
    page.get_by_role("button", name="Сохранить и дальше").click()
    page.wait_for_url(re.compile(r"/edit/review/$"))
    assert "Все обязательные поля заполнены" in page.locator("main").inner_text()
    screenshot(page, "05-review")
    page.get_by_role("button", name="Отправить анкету").click()
    page.wait_for_url(re.compile(r"/questionnaires/\d+/$"))
    assert "Анкета отправлена" in page.locator(".alert").first.inner_text()
    questionnaire = Questionnaire.objects.get(title__startswith="Радужный двор")
    assert questionnaire.state == "submitted"
    _log_out(page)

    # --- The regional centre returns it with a message ------------------------------------
    _log_in(page, regional_a.email, password)
    page.goto("/practices/review/")
    page.get_by_role("link", name=re.compile("Радужный двор")).click()
    page.get_by_label("Сообщение заявителю").fill("Добавьте, сколько было детей среди участников.")
    screenshot(page, "06-regional-detail")
    page.get_by_role("button", name="Вернуть заявителю").click()
    assert "возвращена на доработку" in page.locator(".alert").first.inner_text()
    _log_out(page)

    # --- The applicant reads the message, fixes and resubmits -----------------------------
    _log_in(page, EMAIL, SECRET)
    assert "Нужно доработать" in page.locator("main").inner_text()
    page.get_by_role("link", name=re.compile("Радужный двор")).first.click()
    assert "Добавьте, сколько было детей" in page.locator("main").inner_text()
    screenshot(page, "07-returned")
    page.get_by_role("link", name="Исправить и отправить снова").click()
    page.get_by_role("link", name="Результаты").click()
    page.get_by_label("Количественные результаты").fill(
        "12 праздников, 800 участников, из них 300 детей"
    )
    page.get_by_role("button", name="Сохранить", exact=True).click()
    page.get_by_role("link", name="Проверка и отправка").click()
    page.get_by_role("button", name="Отправить исправленную анкету").click()
    page.wait_for_url(re.compile(r"/questionnaires/\d+/$"))
    questionnaire.refresh_from_db()
    assert questionnaire.state == "resubmitted"
    _log_out(page)

    # --- A federal coordinator publishes it -----------------------------------------------
    _log_in(page, federal.email, password)
    page.goto(f"/practices/questionnaires/{questionnaire.pk}/")
    page.get_by_role("button", name="Опубликовать в каталоге").click()
    assert "опубликована" in page.locator(".alert").first.inner_text()
    _log_out(page)

    # --- Anyone finds it in the catalogue, without personal data --------------------------
    page.goto("/practices/?q=праздники")
    page.get_by_role("link", name=re.compile("Радужный двор")).click()
    main = page.locator("main").inner_text()
    assert "из них 300 детей" in main
    assert "raduga-contact@example.org" not in main
    assert "+7 843 000-11-22" not in main
    gallery = page.locator(".gallery img")
    assert gallery.count() == 1
    # The photo is lazily loaded below the fold: bring it into view and wait for it.
    assert loaded_width(gallery.first) > 0
    screenshot(page, "08-catalogue-page")

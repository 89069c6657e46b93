"""In a real browser: each role logs in through the form; a new applicant goes end to end."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from resursnaya_sreda.accounts.models import Membership, Role, User
from resursnaya_sreda.kernel.models import Organisation
from tests import second_factor
from tests.accounts.conftest import link_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


EXPECTED = {
    "federal": "Федеральный координатор",
    "regional_a": "Республика Татарстан",
    "expert": "Экспертная комиссия",
    "applicant": "АНО «Дружба народов»",
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_logs_in_through_the_form_and_sees_its_cabinet(
    request, page, browser_login, screenshot, role, step_one
):
    user = request.getfixturevalue(role)
    browser_login(user)
    page.wait_for_url("**/accounts/cabinet/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Личный кабинет"
    main = page.locator("main")
    assert EXPECTED[role] in main.inner_text()
    assert user.full_name in main.inner_text()
    screenshot(page, role)
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("link", name="Войти").is_visible()


def test_new_applicant_registers_confirms_logs_in_and_adds_an_organisation(
    page, screenshot, mailoutbox, step_one
):
    page.goto("/accounts/register/")
    page.get_by_label("Электронная почта").fill("raduga@example.org")
    page.get_by_label("ФИО").fill("Радужная Римма Руслановна")
    page.get_by_label("Телефон").fill("+7 843 000-11-22")
    page.get_by_label("Должность").fill("председатель")
    page.fill("input[name=password1]", "Raduga-Kazan-2025")
    page.get_by_label("Пароль ещё раз").fill("Raduga-Kazan-2025")
    page.get_by_label("Я согласен(на) на обработку моих персональных данных").check()
    screenshot(page, "register-form")
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.wait_for_url("**/accounts/register/done/")
    assert "raduga@example.org" in page.locator("main").inner_text()

    # Before the link is followed the account stays closed.
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "raduga@example.org")
    page.fill("input[name=password]", "Raduga-Kazan-2025")
    page.click("button[type=submit]")
    assert "ещё не подтверждён" in page.locator("main").inner_text()

    assert len(mailoutbox) == 1
    page.goto(link_path(mailoutbox[0], "/accounts/confirm/"))
    page.get_by_role("button", name="Подтвердить адрес").click()
    page.wait_for_url("**/accounts/login/")
    assert "подтверждён" in page.locator(".alert").first.inner_text()

    page.fill("input[name=username]", "raduga@example.org")
    page.fill("input[name=password]", "Raduga-Kazan-2025")
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/cabinet/")
    assert "Добавьте организацию" in page.locator("main").inner_text()
    screenshot(page, "cabinet-new-applicant")

    page.get_by_role("link", name="Добавить организацию").first.click()
    page.wait_for_url("**/accounts/organisations/new/")
    page.get_by_label("Полное наименование").fill("АНО «Радуга»")
    page.get_by_label("Вид").select_option(label="НКО")
    page.get_by_label("Регион").select_option(label="Республика Татарстан")
    page.get_by_label("ИНН").fill("7707083894")
    page.get_by_label("ОГРН").fill("1027700132195")
    page.get_by_role("button", name="Сохранить").click()
    assert "Контрольная цифра ИНН не сходится" in page.locator("main").inner_text()
    assert page.get_by_label("Полное наименование").input_value() == "АНО «Радуга»"
    assert page.get_by_label("ОГРН").input_value() == "1027700132195"
    screenshot(page, "organisation-wrong-inn")
    page.get_by_label("ИНН").fill("7707083893")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url("**/accounts/organisations/")
    assert "АНО «Радуга»" in page.locator("main").inner_text()
    screenshot(page, "organisations")

    user = User.objects.get(email="raduga@example.org")
    organisation = Organisation.objects.get(inn="7707083893")
    assert Membership.objects.filter(
        user=user, role=Role.APPLICANT, organisation=organisation
    ).exists()


def test_lockout_page_is_a_clear_russian_message(page, screenshot, settings, federal):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", federal.email)
        page.fill("input[name=password]", "wrong-password")
        response_info = page.expect_response(lambda r: r.request.method == "POST")
        with response_info as info:
            page.click("button[type=submit]")
    assert info.value.status == 429
    assert "Вход временно заблокирован" in page.locator("main").inner_text()
    screenshot(page, "lockout")


def test_coordinator_invites_an_expert_who_accepts_in_their_own_browser(
    page, browser, live_server, browser_login, screenshot, mailoutbox, federal, site_a
):
    browser_login(federal)
    page.wait_for_url("**/accounts/cabinet/")
    page.get_by_role("link", name="Пригласить сотрудника или эксперта").click()
    page.get_by_label("Электронная почта").fill("new.expert@example.org")
    page.get_by_label("ФИО").fill("Экспертов Эдуард Эрикович")
    page.get_by_label("Эксперт").check()
    screenshot(page, "invitation-form")
    page.get_by_role("button", name="Отправить приглашение").click()
    page.wait_for_url("**/accounts/invitations/")
    assert "Приглашение отправлено на new.expert@example.org" in page.locator("main").inner_text()
    assert "Ожидает ответа" in page.locator("table").inner_text()
    screenshot(page, "invitation-list")

    invitee = browser.new_context(base_url=live_server.url, locale="ru-RU")
    invitee.add_init_script(second_factor.AUTOFILL_SCRIPT)  # the new expert's code step
    tab = invitee.new_page()
    try:
        tab.goto(link_path(mailoutbox[0], "/accounts/invitation/"))
        assert tab.get_by_label("ФИО").input_value() == "Экспертов Эдуард Эрикович"
        tab.fill("input[name=password1]", "Ekspert-Ocenka-7")
        tab.get_by_label("Пароль ещё раз").fill("Ekspert-Ocenka-7")
        tab.get_by_label("Я согласен(на) на обработку моих персональных данных").check()
        screenshot(tab, "invitation-accept")
        tab.get_by_role("button", name="Принять приглашение").click()
        tab.wait_for_url(lambda url: urlsplit(url).path == "/accounts/cabinet/")
        assert "Экспертная комиссия" in tab.locator("main").inner_text()
        tab.wait_for_load_state("networkidle")
    finally:
        invitee.close()

    page.reload()
    assert "Принято" in page.locator("table").inner_text()
    assert User.objects.get(email="new.expert@example.org").memberships.get().role == Role.EXPERT

"""The municipality search field in a real browser, used with the keyboard only."""

from __future__ import annotations

import pytest

from resursnaya_sreda.kernel.models import Organisation
from tests.factories import MunicipalityFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def towns(db):
    return {
        "kazan": MunicipalityFactory(region=region("16"), name="Казань"),
        "kazan_district": MunicipalityFactory(region=region("16"), name="Казанский район"),
        "kazanka": MunicipalityFactory(region=region("05"), name="Казанище"),
    }


def test_a_municipality_is_searched_and_chosen_with_the_keyboard(
    page, browser_login, screenshot, applicant, towns
):
    browser_login(applicant)
    page.goto("/accounts/organisations/new/")
    page.get_by_label("Полное наименование").fill("АНО «Радуга»")
    page.get_by_label("Вид").select_option(label="НКО")
    page.get_by_role("combobox", name="Регион").select_option(label="Республика Татарстан")
    box = page.get_by_role("combobox", name="Муниципальное образование")
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-autocomplete") == "list"

    page.get_by_role("combobox", name="Регион").focus()
    page.keyboard.press("Tab")  # the keyboard reaches the field in order
    assert box.evaluate("element => element === document.activeElement")
    page.keyboard.type("каз")
    listbox = page.get_by_role("listbox", name="Муниципальное образование")
    listbox.wait_for(state="visible")
    options = listbox.get_by_role("option")
    assert options.all_inner_texts() == [
        "Казанский район (Республика Татарстан)",
        "Казань (Республика Татарстан)",
    ]  # Dagestan's «Казанище» is not offered: another region than the one chosen
    assert box.get_attribute("aria-expanded") == "true"
    assert "Найдено: 2 варианта" in page.locator("[role=status]").last.inner_text(timeout=2000)

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert options.nth(0).get_attribute("aria-selected") == "false"
    page.keyboard.press("ArrowDown")  # wraps to the first
    page.keyboard.press("ArrowUp")  # and back to the last
    assert options.nth(1).get_attribute("aria-selected") == "true"
    screenshot(page, "list-open")

    page.keyboard.press("Enter")  # chooses; does not send the form
    assert page.url.endswith("/accounts/organisations/new/")
    assert box.input_value() == "Казань (Республика Татарстан)"
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator("input[name=municipality]").input_value() == str(towns["kazan"].pk)

    page.keyboard.press("Escape")  # with the list closed, Escape clears the field
    assert box.input_value() == "" and page.locator("input[name=municipality]").input_value() == ""
    page.keyboard.type("Казань")
    listbox.wait_for(state="visible")
    page.keyboard.press("Escape")  # closes the list, keeps the text
    assert listbox.is_hidden() and box.input_value() == "Казань"
    page.keyboard.press("ArrowDown")
    listbox.wait_for(state="visible")
    page.keyboard.press("Enter")
    assert page.locator("input[name=municipality]").input_value() == str(towns["kazan"].pk)
    screenshot(page, "chosen")

    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url("**/accounts/organisations/")
    assert Organisation.objects.get(name="АНО «Радуга»").municipality == towns["kazan"]


def test_changing_the_region_clears_the_municipality(page, browser_login, applicant, towns):
    browser_login(applicant)
    page.goto("/accounts/organisations/new/")
    region_box = page.get_by_role("combobox", name="Регион")
    region_box.select_option(label="Республика Татарстан")
    box = page.get_by_role("combobox", name="Муниципальное образование")
    box.click()
    page.keyboard.type("Казань")
    page.get_by_role("option", name="Казань (Республика Татарстан)").click()
    assert page.locator("input[name=municipality]").input_value() == str(towns["kazan"].pk)
    region_box.select_option(label="Республика Дагестан")
    assert box.input_value() == ""
    assert page.locator("input[name=municipality]").input_value() == ""
    box.click()
    page.keyboard.type("каз")
    listbox = page.get_by_role("listbox", name="Муниципальное образование")
    listbox.wait_for(state="visible")
    assert listbox.get_by_role("option").all_inner_texts() == ["Казанище (Республика Дагестан)"]


def test_without_javascript_the_field_is_a_text_search_answered_on_sending(
    browser, live_server, password, screenshot, applicant, towns
):
    context = browser.new_context(
        base_url=live_server.url, locale="ru-RU", java_script_enabled=False
    )
    tab = context.new_page()
    try:
        tab.goto("/accounts/login/")
        tab.fill("input[name=username]", applicant.email)
        tab.fill("input[name=password]", password)
        tab.click("button[type=submit]")
        tab.goto("/accounts/organisations/new/")
        tab.get_by_label("Полное наименование").fill("АНО «Без скриптов»")
        tab.get_by_label("Вид").select_option(label="НКО")
        tab.get_by_label("Регион").select_option(label="Республика Татарстан")
        field = tab.get_by_role("textbox", name="Муниципальное образование")
        field.fill("каз")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Сохранить").click()
        # The error is shown beside the field and tied to it for screen readers.
        error = tab.locator("#" + field.get_attribute("aria-describedby").split()[-1])
        assert error.is_visible()
        assert "Под «каз» подходит несколько вариантов" in error.inner_text()
        assert tab.get_by_label("Полное наименование").input_value() == "АНО «Без скриптов»"
        screenshot(tab, "candidates")
        tab.get_by_label("Казань (Республика Татарстан)").check()
        tab.get_by_role("button", name="Сохранить").click()
        tab.wait_for_url("**/accounts/organisations/")
    finally:
        context.close()
    assert Organisation.objects.get(name="АНО «Без скриптов»").municipality == towns["kazan"]

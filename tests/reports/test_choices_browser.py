"""A document parameter searched with the keyboard in the order panel, also after htmx swaps."""

from __future__ import annotations

import pytest

from reports.models import DocumentJob, JobStatus
from tests.reports.test_choices import town_document, towns  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parameter_is_searched_chosen_and_ordered_with_the_keyboard(
    page,
    browser_login,
    screenshot,
    regional_a,
    towns,  # noqa: F811
):
    browser_login(regional_a)
    page.goto("/reports/?kind=test-town")
    box = page.get_by_role("combobox", name="Муниципальное образование")
    box.click()
    page.keyboard.type("дерб")  # another region's town: not offered
    page.get_by_text("Ничего не найдено").wait_for(state="attached")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.keyboard.type("каз")
    listbox = page.get_by_role("listbox", name="Муниципальное образование")
    listbox.wait_for(state="visible")
    assert listbox.get_by_role("option").all_inner_texts() == ["Казань"]
    screenshot(page, "list")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert box.input_value() == "Казань"
    page.get_by_role("button", name="Заказать").click()
    page.get_by_text("Документ заказан").wait_for()
    job = DocumentJob.objects.get()
    assert job.parameters["town"] == towns["kazan"].pk
    assert job.status == JobStatus.DONE

    # The panel came back through htmx: its new field is a combobox again.
    box = page.get_by_role("combobox", name="Муниципальное образование")
    assert box.get_attribute("aria-controls")
    box.click()
    page.keyboard.press("ArrowDown")
    page.get_by_role("listbox", name="Муниципальное образование").wait_for(state="visible")
    screenshot(page, "after-order")

"""On the demo data: the landing page shows the seven steps, and every demo account logs in."""

import io

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

DEMO_ACCOUNTS = {
    "federal@example.org": "Федеральный координатор",
    "regional@example.org": "Республика Татарстан",
    "expert@example.org": "Экспертная комиссия",
    "applicant@example.org": "АНО «Созвездие»",
}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # demo_data refuses to run otherwise
    call_command("demo_data", stdout=io.StringIO())
    settings.DEBUG = False


def test_the_landing_page_shows_the_programme_and_its_seven_steps(demo, page, screenshot):
    page.goto("/")
    assert "Ресурсная среда" in page.title()
    steps = page.locator("#steps")
    for number in range(1, 8):
        assert steps.get_by_text(f"Шаг {number}.", exact=False).first.is_visible()
    assert page.get_by_text("идёт сейчас").first.is_visible()
    screenshot(page, "landing")


@pytest.mark.parametrize("email", list(DEMO_ACCOUNTS))
def test_each_demo_account_logs_in_and_sees_its_cabinet(demo, page, screenshot, email):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "demo-password")
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/cabinet/")
    assert page.get_by_role("heading", name="Личный кабинет").is_visible()
    assert page.get_by_text(DEMO_ACCOUNTS[email], exact=False).first.is_visible()
    screenshot(page, email.split("@")[0])

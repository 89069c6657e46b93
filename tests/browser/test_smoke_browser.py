import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_admin_login_page_opens_in_russian(page, screenshot):
    page.goto("/admin/login/")
    assert "Ресурсная среда" in page.title()
    screenshot(page, "admin-login")

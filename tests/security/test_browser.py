"""In a real browser: enrolling an authenticator, logging in with its code and with a recovery
code, and no Content-Security-Policy violation on the pages this work touched."""

from __future__ import annotations

import re

import pytest

from resursnaya_sreda.accounts.models import Role
from tests.factories import MembershipFactory, UserFactory
from tests.second_factor import TEST_CODE
from tests.security.totp import code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_console(tab):
    problems: list[str] = []

    def _console(message):
        # The browser asks for /favicon.ico by itself; the portal has none.
        if "favicon.ico" in (message.location or {}).get("url", ""):
            return
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"{message.text} ({(message.location or {}).get('url')})")

    tab.on("console", _console)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def password_step(tab, email, password):
    tab.goto("/accounts/login/")
    tab.fill("input[name=username]", email)
    tab.fill("input[name=password]", password)
    tab.click("button[type=submit]")


def test_staff_enrols_an_authenticator_then_logs_in_with_a_code_and_a_recovery_code(
    plain_page, without_auto_factor, password, screenshot
):
    tab = plain_page
    problems = watch_console(tab)
    user = UserFactory(email="coordinator@test.example", full_name="Координаторова Ксения")
    MembershipFactory(user=user, role=Role.FEDERAL)

    # --- First login: the password, then enrolment before anything else ----------------------
    password_step(tab, user.email, password)
    tab.wait_for_url(re.compile(r"/accounts/security/app/"))
    assert tab.locator(".totp-qr svg").is_visible()
    screenshot(tab, "01-enrol")
    secret = tab.locator("#totp-secret").inner_text().strip()
    tab.get_by_role("textbox", name="Код").fill(code(secret))
    tab.get_by_role("button", name="Подключить").click()
    tab.wait_for_url(re.compile(r"/accounts/security/recovery-codes/"))
    codes = [c.strip() for c in tab.locator(".recovery-codes li").all_inner_texts()]
    assert len(codes) == 10
    screenshot(tab, "02-recovery-codes")
    tab.get_by_role("link", name="Я сохранил коды, продолжить").click()
    tab.wait_for_url("**/accounts/cabinet/")
    tab.get_by_role("button", name="Выйти").click()
    tab.wait_for_url(re.compile(r"/$"))

    # --- Next login: the password, then the app's next code -----------------------------------
    password_step(tab, user.email, password)
    tab.wait_for_url("**/accounts/login/code/")
    screenshot(tab, "03-code-step")
    tab.get_by_role("textbox", name="Код").fill(code(secret, steps_ahead=1))
    tab.get_by_role("button", name="Подтвердить").click()
    tab.wait_for_url("**/accounts/cabinet/")
    tab.get_by_role("button", name="Выйти").click()
    tab.wait_for_url(re.compile(r"/$"))

    # --- Without the phone: a recovery code, once -----------------------------------------------
    password_step(tab, user.email, password)
    tab.wait_for_url("**/accounts/login/code/")
    tab.get_by_role("textbox", name="Код").fill(codes[0])
    tab.get_by_role("button", name="Подтвердить").click()
    tab.wait_for_url("**/accounts/cabinet/")
    assert "кодов: 9" in tab.locator("main").inner_text()
    tab.goto("/accounts/security/")
    assert "этот сеанс" in tab.locator("main").inner_text()
    screenshot(tab, "04-security")
    tab.get_by_role("button", name="Выйти").click()
    tab.wait_for_url(re.compile(r"/$"))
    password_step(tab, user.email, password)
    tab.wait_for_url("**/accounts/login/code/")
    tab.get_by_role("textbox", name="Код").fill(codes[0])
    tab.get_by_role("button", name="Подтвердить").click()
    assert "уже использован" in tab.locator("main").inner_text()
    screenshot(tab, "05-reused-code")
    assert problems == []


def test_no_csp_violations_on_the_pages_touched(plain_page, federal, password, screenshot):
    page = plain_page  # enforces the policy, unlike the usual ``page``
    problems = watch_console(page)
    for path in ["/", "/accounts/login/", "/accounts/register/", "/accounts/password-reset/"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    password_step(page, federal.email, password)
    page.wait_for_url("**/accounts/login/code/")
    page.get_by_role("textbox", name="Код").fill(TEST_CODE)
    page.get_by_role("button", name="Подтвердить").click()
    page.wait_for_url("**/accounts/cabinet/")
    for path in ["/accounts/cabinet/", "/accounts/security/", "/reports/", "/admin/"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    screenshot(page, "security-page")
    page.goto("/admin/accounts/user/")
    page.wait_for_load_state("networkidle")
    assert problems == []


def test_a_passkey_is_added_and_then_used_for_the_code_step(
    plain_page, federal, password, settings, live_server, screenshot
):
    """Chromium's virtual authenticator stands in for a phone or a security key."""
    from urllib.parse import urlsplit

    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"http://localhost:{urlsplit(live_server.url).port}"]
    tab = plain_page
    problems = watch_console(tab)
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    password_step(tab, federal.email, password)
    tab.wait_for_url("**/accounts/login/code/")
    tab.get_by_role("textbox", name="Код").fill(TEST_CODE)
    tab.get_by_role("button", name="Подтвердить").click()
    tab.wait_for_url("**/accounts/cabinet/")
    tab.goto("/accounts/security/")
    tab.get_by_role("button", name="Добавить ключ доступа (passkey)").click()
    from django_otp_webauthn.models import WebAuthnCredential

    for _ in range(50):
        if WebAuthnCredential.objects.filter(user=federal).exists():
            break
        tab.wait_for_timeout(200)
    assert WebAuthnCredential.objects.filter(user=federal, confirmed=True).exists()
    screenshot(tab, "passkey-added")
    tab.get_by_role("button", name="Выйти").click()
    tab.wait_for_url(re.compile(r"/$"))

    password_step(tab, federal.email, password)
    tab.wait_for_url("**/accounts/login/code/")
    tab.get_by_role("button", name="Войти с ключом доступа (passkey)").click()
    tab.wait_for_url("**/accounts/cabinet/")
    assert problems == []

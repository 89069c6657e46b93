"""Helpers for browser tests that enforce the Content-Security-Policy (``plain_page``)."""

from __future__ import annotations

from resursnaya_sreda.accounts import permissions as roles
from tests.second_factor import TEST_CODE


def watch_console(tab) -> list[str]:
    """Collect errors and CSP reports from the console while the test runs."""
    problems: list[str] = []

    def _console(message):
        # The browser asks for /favicon.ico by itself.
        if "favicon.ico" in (message.location or {}).get("url", ""):
            return
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"{message.text} ({(message.location or {}).get('url')})")

    tab.on("console", _console)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def log_in(tab, user, password: str) -> None:
    """The real login form; staff type the test code at the second step themselves."""
    tab.goto("/accounts/login/")
    tab.fill("input[name=username]", user.email)
    tab.fill("input[name=password]", password)
    tab.click("button[type=submit]")
    if roles.is_staff_member(user):
        tab.wait_for_url("**/accounts/login/code/")
        tab.get_by_role("textbox", name="Код").fill(TEST_CODE)
        tab.get_by_role("button", name="Подтвердить").click()
    tab.wait_for_url(lambda url: "/accounts/login" not in url)


def log_out(tab) -> None:
    tab.context.clear_cookies()

"""The questionnaire under an enforced Content-Security-Policy: the applicant edits with
autosave, staff read it; nothing is refused by the policy and the console stays clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.security.csp import log_in, log_out, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_questionnaire_keeps_to_the_policy(
    plain_page, draft_a, applicant, regional_a, password, screenshot
):
    tab = plain_page
    problems = watch_console(tab)

    log_in(tab, applicant, password)
    tab.goto(f"/practices/questionnaires/{draft_a.pk}/edit/description/")
    tab.locator("textarea[name=goals]").fill("Регулярные встречи подростков разных народов.")
    # (not wait_for_function: evaluating a string is what the policy forbids)
    expect(tab.locator("#autosave-status")).to_contain_text("сохранён в")
    screenshot(tab, "autosaved")
    tab.goto(f"/practices/questionnaires/{draft_a.pk}/")
    tab.wait_for_load_state("networkidle")
    draft_a.refresh_from_db()
    assert draft_a.goals == "Регулярные встречи подростков разных народов."
    log_out(tab)

    from practices import services

    services.questionnaire_submit(questionnaire=draft_a, by=applicant)
    log_in(tab, regional_a, password)
    for path in ["/practices/review/", f"/practices/questionnaires/{draft_a.pk}/"]:
        tab.goto(path)
        tab.wait_for_load_state("networkidle")
    assert "zakhar@example.org" in tab.locator("main").inner_text()
    screenshot(tab, "staff-detail")
    assert problems == []

"""The contest pages under an enforced Content-Security-Policy: the applicant's entry form with
autosave, the regional check whose ticks save themselves; no violation in the console."""

from __future__ import annotations

import pytest

from contest.models import EntryCheck
from tests.security.csp import log_in, log_out, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_entry_and_its_check_keep_to_the_policy(
    plain_page, submitted_entry, applicant, regional_a, password, screenshot
):
    tab = plain_page
    problems = watch_console(tab)

    log_in(tab, applicant, password)
    for path in ["/contest/", f"/contest/entries/{submitted_entry.pk}/"]:
        tab.goto(path)
        tab.wait_for_load_state("networkidle")
    log_out(tab)

    log_in(tab, regional_a, password)
    tab.goto(f"/contest/entries/{submitted_entry.pk}/")
    first = tab.locator("#checklist input[type=checkbox]").first
    with tab.expect_navigation():
        first.check()  # saved by the page's static script, no inline handler
    assert tab.locator("#checklist input[type=checkbox]").first.is_checked()
    assert EntryCheck.objects.filter(entry=submitted_entry, passed=True).count() == 1
    screenshot(tab, "checklist")
    tab.goto("/contest/readiness/")
    tab.wait_for_load_state("networkidle")
    assert problems == []

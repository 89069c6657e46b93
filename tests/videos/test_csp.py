"""The video story pages under an enforced Content-Security-Policy: the upload widget starts
(its static script runs and speaks), the public pages load; no violation in the console."""

from __future__ import annotations

import pytest

from tests.security.csp import log_in, watch_console
from tests.videos.factories import move_to
from videos.models import StoryState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_upload_page_and_public_pages_keep_to_the_policy(
    plain_page, story_a, regional_a, federal, password, screenshot
):
    tab = plain_page
    problems = watch_console(tab)
    move_to(story_a, StoryState.FILMING, regional=regional_a, federal=federal)

    for path in ["/videos/", "/videos/schedule/"]:
        tab.goto(path)
        tab.wait_for_load_state("networkidle")
    log_in(tab, regional_a, password)
    tab.goto(f"/videos/manage/{story_a.pk}/")
    tab.wait_for_load_state("networkidle")
    tab.locator("#cut-start").click()  # no file chosen: the script answers in the page
    tab.get_by_text("Выберите файл видео.").wait_for()
    screenshot(tab, "upload-page")
    assert problems == []

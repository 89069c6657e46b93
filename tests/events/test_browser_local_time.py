"""A Vladivostok seminar in the browser, at 1280 px and 390 px: its time on local clocks,
its practice, and the federal list with Moscow time."""

from __future__ import annotations

import datetime

import pytest

from events import services
from resursnaya_sreda.kernel.models import Target, TargetCode
from tests.events.factories import best_practice
from tests.factories import MembershipFactory, PilotSiteFactory, UserFactory, region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_vladivostok_seminar_on_local_clocks(page, screenshot, browser_login, federal, programme):
    from resursnaya_sreda.accounts.models import Role

    Target.objects.create(programme=programme, code=TargetCode.SEMINAR_PARTICIPANTS, value=15)
    site = PilotSiteFactory(programme=programme, region=region("25"))
    staff = UserFactory(email="primorye@test.example")
    MembershipFactory(user=staff, role=Role.REGIONAL, pilot_site=site)
    practice = best_practice(site, title="Дом дружбы Приморья")
    event = services.event_create(
        by=staff,
        pilot_site=site,
        data={
            "kind": "seminar",
            "title": "Семинар «Соседи по Тихому океану»",
            "practice": practice,
            "date": datetime.date(2031, 6, 5),
            "start_time": datetime.time(10, 0),
            "end_time": datetime.time(16, 0),
            "registration_mode": "online",
            "out_of_window_reason": "Проверка местного времени.",
        },
    )
    services.event_announce(event=event, by=staff)

    page.goto(f"/events/{event.pk}/")
    main = page.locator("main").inner_text()
    assert "05.06.2031, 10:00–16:00 (Владивосток, UTC+10)" in main
    screenshot(page, "public-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert _no_horizontal_scroll(page)
    screenshot(page, "public-390")

    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(federal)
    page.goto("/events/manage/")
    assert (
        "05.06.2031, 10:00 (Владивосток, UTC+10) · 03:00 МСК" in page.locator("main").inner_text()
    )
    screenshot(page, "federal-list-1280")
    page.goto(f"/events/manage/{event.pk}/")
    assert "Дом дружбы Приморья" in page.locator("main").inner_text()
    screenshot(page, "staff-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "staff-390")

    page.goto(f"/practices/questionnaires/{practice.pk}/")
    assert "Семинары с этой практикой" in page.locator("main").inner_text()
    screenshot(page, "practice-390")

"""Event times in the region's own clock: entered, shown, printed, e-mailed and in .ics."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from events.models import EventState, RegistrationSource
from events.services import recruited_import
from tests.events.conftest import register
from tests.events.test_documents import _pdf_text, _render
from tests.factories import PilotSiteFactory, region

pytestmark = pytest.mark.django_db

DAY = datetime.date(2031, 6, 5)
UTC = datetime.UTC


@pytest.fixture
def site_in(programme):
    def _site(code):
        return PilotSiteFactory(programme=programme, region=region(code))

    return _site


@pytest.mark.parametrize(
    ("code", "label", "utc_hour", "moscow"),
    [
        ("25", "10:00 (Владивосток, UTC+10)", 0, "03:00 МСК"),
        ("39", "10:00 (Калининград, UTC+2)", 8, "11:00 МСК"),
        ("77", "10:00 (Москва, UTC+3)", 7, None),
    ],
)
def test_ten_oclock_is_stored_as_its_instant_and_shown_with_the_zone(
    make_event,
    site_in,
    code,
    label,
    utc_hour,
    moscow,
    client,
    federal,
    login,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    event = make_event(
        site=site_in(code),
        state=EventState.ANNOUNCED,
        date=DAY,
        start_time=datetime.time(10, 0),
        end_time=datetime.time(16, 0),
    )
    assert event.starts_at == datetime.datetime(2031, 6, 5, utc_hour, 0, tzinfo=UTC)
    assert event.date == DAY

    public = client.get(reverse("events:public-detail", args=[event.pk])).content.decode()
    assert "05.06.2031, 10:00–16:00 (" + label.split("(")[1] in public

    ics = client.get(reverse("events:event-ics", args=[event.pk])).content.decode()
    assert f"DTSTART:20310605T{utc_hour:02d}0000Z" in ics

    staff_list = login(federal).get(reverse("events:staff-list")).content.decode()
    assert label in staff_list or label.replace("10:00 ", "05.06.2031, 10:00 ") in staff_list
    if moscow:
        assert moscow in staff_list
    else:
        assert "МСК" not in staff_list

    with django_capture_on_commit_callbacks(execute=True):
        register(event, 1)
    (letter,) = mailoutbox
    assert "05.06.2031, 10:00–16:00 (" + label.split("(")[1] in letter.body
    attachment = letter.attachments[0]
    assert f"DTSTART:20310605T{utc_hour:02d}0000Z" in attachment[1]


def test_the_registration_sheet_prints_local_time(make_event, site_in):
    site = site_in("25")
    event = make_event(site=site, state=EventState.ANNOUNCED, date=DAY)
    from tests.events.conftest import _staff_for

    text = _pdf_text(_render("events-sheet", {"event": event.pk}, _staff_for(site, None), "pdf"))
    assert "05.06.2031, 10:00–16:00 (Владивосток, UTC+10)" in text


def test_the_form_shows_the_local_times_back(make_event, site_in, federal, login):
    event = make_event(site=site_in("25"), date=DAY)
    page = login(federal).get(reverse("events:edit", args=[event.pk])).content.decode()
    assert 'name="start_time" value="10:00"' in page
    assert "Владивосток, UTC+10" in page


def test_the_sheet_prints_what_is_true_for_an_administrations_list(make_event, regional_a):
    event = make_event(state=EventState.ANNOUNCED, title="Семинар «Молодёжь и единство»")
    recruited_import(
        event=event,
        by=regional_a,
        rows=[
            {
                "full_name": "Набранный Николай",
                "email": "",
                "organisation": "Школа № 5",
                "position": "",
                "category": "other",
                "phone": "",
            }
        ],
    )
    register(event, 1)
    assert event.registrations.filter(source=RegistrationSource.RECRUITED).get().consent_at is None
    text = _pdf_text(_render("events-sheet", {"event": event.pk}, regional_a, "pdf"))
    assert "Семинар «Семинар" not in text
    assert "Семинар «Молодёжь и единство»" in text
    assert "Список администрации" in text
    assert text.count("дано на сайте") == 1

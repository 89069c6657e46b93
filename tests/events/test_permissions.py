"""Every role × every event page; another region's event is a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.models import Event, EventState
from tests.events.conftest import complete_evidence, jpeg_upload, pdf_upload

pytestmark = pytest.mark.django_db

ROLES = ["federal", "regional_a", "regional_b", "expert", "applicant", "anonymous"]

# Staff GET pages of site A's event: who gets what.
STAFF_PAGES = {
    "events:staff-detail": {
        "federal": 200,
        "regional_a": 200,
        "regional_b": 404,
        "expert": 404,
        "applicant": 404,
        "anonymous": 302,
    },
    "events:edit": {
        "federal": 200,
        "regional_a": 200,
        "regional_b": 404,
        "expert": 404,
        "applicant": 404,
        "anonymous": 302,
    },
}


def _client(request, role, client, login):
    user = request.getfixturevalue(role)
    return client if role == "anonymous" else login(user)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(STAFF_PAGES))
def test_staff_event_pages_by_role(request, role, name, make_event, client, login):
    event = make_event(state=EventState.ANNOUNCED)
    response = _client(request, role, client, login).get(reverse(name, args=[event.pk]))
    assert response.status_code == STAFF_PAGES[name][role]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("federal", 200),
        ("regional_a", 200),
        ("regional_b", 200),
        ("expert", 403),
        ("applicant", 403),
        ("anonymous", 302),
    ],
)
@pytest.mark.parametrize("name", ["events:staff-list", "events:create"])
def test_staff_lists_and_create_by_role(request, role, expected, name, client, login, site_b):
    response = _client(request, role, client, login).get(reverse(name))
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_are_open_to_everyone(request, role, make_event, client, login):
    event = make_event(state=EventState.ANNOUNCED)
    browser = _client(request, role, client, login)
    for url in (reverse("events:public-list"), reverse("events:public-detail", args=[event.pk])):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert event.title in response.content.decode(), url
    calendar = browser.get(reverse("events:calendar"))
    assert calendar.status_code == 200
    assert calendar["Content-Type"].startswith("text/calendar")
    assert f"/events/{event.pk}/" in calendar.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_planned_event_has_no_public_page(request, role, make_event, client, login):
    event = make_event()
    response = _client(request, role, client, login).get(
        reverse("events:public-detail", args=[event.pk])
    )
    assert response.status_code == 404


POST_ACTIONS = [
    "events:announce",
    "events:mark-held",
    "events:attendance",
    "events:walk-in",
    "events:scan-add",
    "events:photo-add",
    "events:report",
    "events:review",
]


@pytest.mark.parametrize("name", POST_ACTIONS)
def test_another_regions_staff_get_404_on_every_action(name, make_event, regional_b, login):
    event = make_event(state=EventState.HELD)
    response = login(regional_b).post(reverse(name, args=[event.pk]), {"submit": "1"})
    assert response.status_code == 404
    assert Event.objects.get(pk=event.pk).state == EventState.HELD


def test_regional_staff_cannot_review_a_report(make_event, regional_a, login):
    event = complete_evidence(make_event(state=EventState.HELD), regional_a)
    from events import services

    services.event_report_submit(event=event, by=regional_a)
    response = login(regional_a).post(reverse("events:review", args=[event.pk]), {"accept": "1"})
    assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).state == EventState.REPORT_SUBMITTED


def test_regional_list_shows_only_own_sites_events(make_event, site_b, regional_a, login):
    own = make_event(title="Семинар в Татарстане")
    other = make_event(title="Семинар в Дагестане", site=site_b)
    content = login(regional_a).get(reverse("events:staff-list")).content.decode()
    assert own.title in content and other.title not in content


def test_scan_of_another_region_is_404(make_event, regional_a, regional_b, login):
    event = complete_evidence(make_event(state=EventState.HELD), regional_a)
    scan = event.scans.get()
    assert login(regional_b).get(scan.file.url).status_code == 404


def test_scan_is_served_to_own_staff(make_event, regional_a, login):
    from tests.events.conftest import PDF_BYTES

    event = complete_evidence(make_event(state=EventState.HELD), regional_a)
    response = login(regional_a).get(event.scans.get().file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_flagged_photo_is_not_served_to_the_public(make_event, regional_a, client):
    from events import services
    from tests.events.conftest import checked_photo

    event = make_event(state=EventState.HELD)
    person = services.walk_in_add(event=event, by=regional_a, full_name="Без Фото")
    photo = services.photo_add(event=event, by=regional_a, upload=checked_photo(), people=[person])
    assert client.get(photo.file.url).status_code == 404


def test_consented_photo_of_a_public_event_is_served_to_anyone(make_event, regional_a, client):
    from events import services
    from tests.events.conftest import checked_photo

    event = make_event(state=EventState.HELD)
    photo = services.photo_add(event=event, by=regional_a, upload=checked_photo())
    response = client.get(photo.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_uploads_through_the_pages(make_event, regional_a, login):
    event = make_event(state=EventState.HELD)
    browser = login(regional_a)
    browser.post(reverse("events:scan-add", args=[event.pk]), {"file": pdf_upload()})
    browser.post(reverse("events:photo-add", args=[event.pk]), {"file": jpeg_upload()})
    assert (event.scans.count(), event.photos.count()) == (1, 1)


def test_photo_that_is_really_html_is_refused_beside_the_field(make_event, regional_a, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = make_event(state=EventState.HELD)
    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    response = login(regional_a).post(reverse("events:photo-add", args=[event.pk]), {"file": fake})
    assert response.status_code == 400
    assert "Файл не похож" in response.content.decode()
    assert event.photos.count() == 0

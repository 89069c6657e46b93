"""Who may do what with an event, state by state, and what the public may see of its photos.

The edges the role matrix does not reach: each action in the one state it belongs to, a photo
of an event that is no longer public, another region's scan, a participant's personal link.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from events import permissions, services
from events.models import Event, EventKind, EventState
from tests.events.conftest import checked_photo, checked_scan, complete_evidence, register

pytestmark = pytest.mark.django_db

S = EventState


@pytest.fixture
def held(make_event):
    return make_event(state=S.HELD)


def _in_state(event, state):
    event.state = state
    return event


# --- Who is staff of an event ------------------------------------------------------------------


def test_staff_pages_are_for_regional_and_federal_staff(
    regional_a, federal, applicant, expert, anonymous
):
    assert permissions.can_see_staff_pages(regional_a)
    assert permissions.can_create_event(regional_a)
    assert permissions.can_see_staff_pages(federal)
    for user in (applicant, expert, anonymous):
        assert not permissions.can_see_staff_pages(user)
        assert not permissions.can_create_event(user)


def test_an_event_is_managed_by_its_sites_staff_and_the_federal_centre(
    make_event, regional_a, regional_b, federal, applicant
):
    event = make_event()
    assert permissions.can_manage_event(regional_a, event)
    assert permissions.can_manage_event(federal, event)
    assert not permissions.can_manage_event(regional_b, event)
    assert not permissions.can_manage_event(applicant, event)
    with pytest.raises(Http404):
        permissions.get_event_for_user(regional_b, event.pk)
    with pytest.raises(Http404):
        permissions.get_event_for_user(regional_a, 10**9)
    found = permissions.get_event_for_user(regional_a, event.pk)
    assert found == event
    assert found.pilot_site.region.name


# --- Each action in its own state -------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "editable"),
    [
        (S.PLANNED, True),
        (S.ANNOUNCED, True),
        (S.HELD, True),
        (S.REPORT_RETURNED, True),
        (S.REPORT_SUBMITTED, False),
        (S.REPORT_ACCEPTED, False),
    ],
)
def test_the_event_is_edited_until_its_report_is_sent(make_event, regional_a, state, editable):
    event = make_event()
    Event.objects.filter(pk=event.pk).update(state=state)
    event.refresh_from_db()
    assert permissions.can_edit_event(regional_a, event) is editable
    if editable:
        assert permissions.get_editable_event_for_user(regional_a, event.pk) == event
    else:
        with pytest.raises(PermissionDenied):
            permissions.get_editable_event_for_user(regional_a, event.pk)


def test_another_regions_staff_edit_nothing_in_any_state(make_event, regional_b):
    event = make_event()
    assert not permissions.can_edit_event(regional_b, event)
    with pytest.raises(Http404):
        permissions.get_editable_event_for_user(regional_b, event.pk)


@pytest.mark.parametrize("state", list(S))
def test_announcing_and_marking_held_each_belong_to_one_state(make_event, regional_a, state):
    event = _in_state(make_event(), state)
    assert permissions.can_announce_event(regional_a, event) is (state == S.PLANNED)
    assert permissions.can_mark_held(regional_a, event) is (state == S.ANNOUNCED)
    evidence = state in (S.HELD, S.REPORT_RETURNED)
    assert permissions.can_work_on_evidence(regional_a, event) is evidence
    assert permissions.can_submit_report(regional_a, event) is evidence


@pytest.mark.parametrize("state", list(S))
def test_another_regions_staff_take_no_step(make_event, regional_b, state):
    event = _in_state(make_event(), state)
    assert not permissions.can_announce_event(regional_b, event)
    assert not permissions.can_mark_held(regional_b, event)
    assert not permissions.can_work_on_evidence(regional_b, event)
    assert not permissions.can_submit_report(regional_b, event)


@pytest.mark.parametrize("state", list(S))
def test_only_the_federal_centre_reviews_a_sent_report(make_event, regional_a, federal, state):
    event = _in_state(make_event(), state)
    assert permissions.can_review_report(federal, event) is (state == S.REPORT_SUBMITTED)
    assert not permissions.can_review_report(regional_a, event)


@pytest.mark.parametrize("state", list(S))
def test_only_the_federal_centre_lowers_the_minimum_until_acceptance(
    make_event, regional_a, federal, state
):
    event = _in_state(make_event(), state)
    assert permissions.can_lower_minimum(federal, event) is (state != S.REPORT_ACCEPTED)
    assert not permissions.can_lower_minimum(regional_a, event)


# --- Public pages and photos -------------------------------------------------------------------


def test_the_public_page_exists_from_the_announcement_on(make_event):
    planned = make_event()
    with pytest.raises(Http404):
        permissions.get_public_event(planned.pk)
    with pytest.raises(Http404):
        permissions.get_public_event(10**9)
    announced = make_event(state=S.ANNOUNCED)
    assert permissions.get_public_event(announced.pk) == announced
    for state in (S.HELD, S.REPORT_SUBMITTED, S.REPORT_ACCEPTED, S.REPORT_RETURNED):
        Event.objects.filter(pk=planned.pk).update(state=state)
        assert permissions.get_public_event(planned.pk) == planned


def test_a_photo_of_an_event_no_longer_public_is_not_served(
    held, regional_a, regional_b, anonymous, client
):
    """Consented photo, but the event went back to a plan: only its staff see the photo."""
    photo = services.photo_add(event=held, by=regional_a, upload=checked_photo())
    assert client.get(photo.file.url).status_code == 200
    Event.objects.filter(pk=held.pk).update(state=S.PLANNED)
    photo.event.refresh_from_db()
    assert not permissions.can_view_photo(anonymous, photo)
    assert not permissions.can_view_photo(regional_b, photo)
    assert permissions.can_view_photo(regional_a, photo)
    assert client.get(photo.file.url).status_code == 404
    with pytest.raises(Http404):
        permissions.get_photo_for_user(anonymous, photo.pk)
    assert permissions.get_photo_for_user(regional_a, photo.pk) == photo


def test_a_photo_with_someone_who_did_not_consent_stays_with_the_staff(
    held, regional_a, regional_b, federal, anonymous, login
):
    person = services.walk_in_add(event=held, by=regional_a, full_name="Без Согласия")
    photo = services.photo_add(event=held, by=regional_a, upload=checked_photo(), people=[person])
    assert photo.has_non_consenting
    assert not permissions.can_view_photo(anonymous, photo)
    assert not permissions.can_view_photo(regional_b, photo)
    assert permissions.can_view_photo(federal, photo)
    response = login(regional_a).get(photo.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    with pytest.raises(Http404):
        permissions.get_photo_for_user(anonymous, 10**9)


def test_a_scan_is_its_events_staffs(held, regional_a, regional_b, federal):
    scan = services.scan_add(event=held, by=regional_a, upload=checked_scan())
    assert permissions.get_scan_for_user(regional_a, scan.pk) == scan
    assert permissions.get_scan_for_user(federal, scan.pk) == scan
    with pytest.raises(Http404):
        permissions.get_scan_for_user(regional_b, scan.pk)
    with pytest.raises(Http404):
        permissions.get_scan_for_user(regional_a, 10**9)


def test_a_participants_link_opens_their_registration_only(make_event):
    event = make_event(state=S.ANNOUNCED)
    first, second = register(event, 2)
    assert permissions.get_registration_by_token(first.feedback_token) == first
    assert permissions.get_registration_by_token(second.feedback_token) == second
    with pytest.raises(Http404):
        permissions.get_registration_by_token("not-a-token")


# --- The evidence gate: a round table's resolution ---------------------------------------------


def test_a_round_tables_resolution_may_be_only_a_file(make_event, regional_a):
    from events.services.evidence import missing_evidence
    from resursnaya_sreda.kernel.uploads import SCANS, check_upload
    from tests.events.conftest import pdf_upload

    event = complete_evidence(make_event(state=S.HELD, kind=EventKind.ROUND_TABLE), regional_a)
    services.event_results_save(
        event=event, by=regional_a, data={"conclusions": "Нужен совет по делам НКО."}
    )
    event.refresh_from_db()
    assert missing_evidence(event) == ["Приложите резолюцию круглого стола (текст или файл)."]
    services.event_results_save(
        event=event,
        by=regional_a,
        data={},
        resolution=check_upload(pdf_upload("резолюция.pdf"), kinds=SCANS),
    )
    event.refresh_from_db()
    assert event.resolution_text == ""
    assert missing_evidence(event) == []
    services.event_report_submit(event=event, by=regional_a)
    event.refresh_from_db()
    assert event.state == S.REPORT_SUBMITTED

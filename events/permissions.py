"""Who may see and do what with events.

Regional staff manage the events of their own pilot sites; federal coordinators see and review
every event. Another region's event (or its participants, scans and photos) is a 404, so an id
confirms nothing. The public sees announced events and, of photos, only those where everyone
marked consented to photos.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from events.models import (
    EDITABLE_STATES,
    EVIDENCE_STATES,
    Event,
    EventPhoto,
    EventScan,
    EventState,
    Registration,
)
from resursnaya_sreda.accounts import permissions as roles


def can_see_staff_pages(user: Any) -> bool:
    return roles.is_federal(user) or bool(roles.pilot_site_ids(user))


def can_create_event(user: Any) -> bool:
    return can_see_staff_pages(user)


def can_manage_event(user: Any, event: Event) -> bool:
    """Staff view of the event: its participants, evidence and history."""
    return roles.is_federal(user) or event.pilot_site_id in roles.pilot_site_ids(user)


def can_edit_event(user: Any, event: Event) -> bool:
    return can_manage_event(user, event) and event.state in EDITABLE_STATES


def can_announce_event(user: Any, event: Event) -> bool:
    return can_manage_event(user, event) and event.state == EventState.PLANNED


def can_mark_held(user: Any, event: Event) -> bool:
    return can_manage_event(user, event) and event.state == EventState.ANNOUNCED


def can_work_on_evidence(user: Any, event: Event) -> bool:
    """Attendance, scans, photos and the report text, after the event."""
    return can_manage_event(user, event) and event.state in EVIDENCE_STATES


def can_submit_report(user: Any, event: Event) -> bool:
    return can_work_on_evidence(user, event)


def can_lower_minimum(user: Any, event: Event) -> bool:
    """Only the federal centre grants an exception to the minimum, before the report's review."""
    return roles.is_federal(user) and event.state != EventState.REPORT_ACCEPTED


def can_review_report(user: Any, event: Event) -> bool:
    """Only the federal centre accepts or returns a report."""
    return roles.is_federal(user) and event.state == EventState.REPORT_SUBMITTED


def can_view_photo(user: Any, photo: EventPhoto) -> bool:
    event = photo.event
    if event.is_public and not photo.has_non_consenting:
        return True
    return can_manage_event(user, event)


# --- Fetching for views ------------------------------------------------------------------------


def get_event_for_user(user: Any, pk: int) -> Event:
    """The event for its staff, else 404."""
    try:
        event = Event.objects.select_related(
            "programme",
            "pilot_site__region",
            "municipality",
            "host_organisation",
        ).get(pk=pk)
    except Event.DoesNotExist as exc:
        raise Http404 from exc
    if not can_manage_event(user, event):
        raise Http404
    return event


def get_editable_event_for_user(user: Any, pk: int) -> Event:
    event = get_event_for_user(user, pk)
    if not can_edit_event(user, event):
        raise PermissionDenied
    return event


def get_public_event(pk: int) -> Event:
    try:
        return Event.objects.select_related(
            "pilot_site__region", "municipality", "host_organisation"
        ).get(pk=pk, state__in=[s.value for s in EventState if s != EventState.PLANNED])
    except Event.DoesNotExist as exc:
        raise Http404 from exc


def get_registration_by_token(token: str) -> Registration:
    """Whoever holds the participant's personal link acts for that registration; else 404."""
    try:
        return Registration.objects.select_related("event").get(feedback_token=token)
    except Registration.DoesNotExist as exc:
        raise Http404 from exc


def get_scan_for_user(user: Any, pk: int) -> EventScan:
    try:
        scan = EventScan.objects.select_related("event").get(pk=pk)
    except EventScan.DoesNotExist as exc:
        raise Http404 from exc
    if not can_manage_event(user, scan.event):
        raise Http404
    return scan


def get_photo_for_user(user: Any, pk: int) -> EventPhoto:
    try:
        photo = EventPhoto.objects.select_related("event").get(pk=pk)
    except EventPhoto.DoesNotExist as exc:
        raise Http404 from exc
    if not can_view_photo(user, photo):
        raise Http404
    return photo

"""The demo loader: events in several states with registrations, photos and feedback."""

from __future__ import annotations

import pytest

from events import demo
from events.models import Event, EventKind, EventState, FeedbackResponse
from practices import demo as practices_demo
from resursnaya_sreda.kernel import demo as kernel_demo

pytestmark = pytest.mark.django_db


def test_demo_events_cover_the_states_and_are_not_duplicated(mailoutbox):
    programme = kernel_demo.populate().programme
    practices_demo.populate(programme)
    demo.populate(programme)
    count = Event.objects.count()
    states = set(Event.objects.values_list("state", flat=True))
    assert states >= {
        EventState.ANNOUNCED,
        EventState.HELD,
        EventState.REPORT_SUBMITTED,
        EventState.REPORT_ACCEPTED,
        EventState.REPORT_RETURNED,
    }
    assert Event.objects.filter(kind=EventKind.VIDEOBRIDGE).count() == 1
    assert FeedbackResponse.objects.exists()
    assert Event.objects.filter(photos__has_non_consenting=True).exists()
    demo.populate(programme)
    assert Event.objects.count() == count
    assert mailoutbox == []


def test_demo_events_in_every_state_with_one_below_its_minimum(mailoutbox):
    programme = kernel_demo.populate().programme
    practices_demo.populate(programme)
    demo.populate(programme)
    assert set(Event.objects.values_list("state", flat=True)) == set(EventState.values)
    held = Event.objects.exclude(state__in=[EventState.PLANNED, EventState.ANNOUNCED])
    below = [
        event
        for event in held.exclude(kind=EventKind.VIDEOBRIDGE)
        if event.is_below_minimum(event.registrations.filter(attended=True).count())
    ]
    assert len(below) == 1
    assert Event.objects.filter(photos__isnull=False).distinct().count() >= 5

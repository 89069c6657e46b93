"""The roadmap's rules, held by the services: minimum from targets, federal exceptions,
shortfall acknowledged, the videobridge, categories, and the step's window."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from events import selectors, services
from events.forms import RegistrationForm
from events.models import Event, EventKind, EventState
from tests.events.conftest import complete_evidence, register
from tests.factories import RoadmapStepFactory

pytestmark = pytest.mark.django_db


def test_the_minimum_comes_from_the_targets_and_staff_cannot_set_it(make_event):
    seminar = make_event(min_participants=5)
    table = make_event(kind=EventKind.ROUND_TABLE)
    assert (seminar.min_participants, table.min_participants) == (15, 30)
    updated = services.event_update(
        event=seminar, by=seminar.created_by, data={"min_participants": 3}
    )
    assert updated.min_participants == 15


def test_a_federal_exception_lowers_the_minimum_with_who_when_why(make_event, federal):
    event = make_event()
    lowered = services.event_minimum_lower(
        event=event, by=federal, value=10, reason="Сельское поселение, 600 жителей."
    )
    assert lowered.min_participants == 10
    assert lowered.minimum_exception_by == federal
    assert lowered.minimum_exception_at is not None
    assert lowered.history.last().message.startswith("Минимум 15 → 10")


def test_regional_staff_cannot_grant_an_exception(make_event, regional_a):
    with pytest.raises(PermissionDenied):
        services.event_minimum_lower(event=make_event(), by=regional_a, value=5, reason="Мало")


def test_an_exception_needs_a_reason_and_a_lower_figure(make_event, federal):
    with pytest.raises(ValidationError) as caught:
        services.event_minimum_lower(event=make_event(), by=federal, value=20, reason=" ")
    assert set(caught.value.message_dict) == {"value", "reason"}


def test_a_report_below_the_minimum_is_submitted_but_accepted_only_when_acknowledged(
    make_event, regional_a, federal
):
    event = complete_evidence(make_event(state=EventState.HELD), regional_a)
    services.event_report_submit(event=event, by=regional_a)
    with pytest.raises(services.ShortfallError, match="подтвердите недобор"):
        services.event_report_accept(event=event, by=federal)
    assert Event.objects.get(pk=event.pk).state == EventState.REPORT_SUBMITTED
    accepted = services.event_report_accept(event=event, by=federal, acknowledge_shortfall=True)
    assert accepted.state == EventState.REPORT_ACCEPTED
    assert accepted.shortfall_acknowledged_by == federal
    assert not accepted.meets_target(1)
    (row,) = selectors.events_against_target(None, kind=EventKind.SEMINAR)
    assert (row.attended_count, row.meets_target) == (1, False)


def test_an_accepted_report_at_the_minimum_counts_toward_the_target(
    make_event, regional_a, federal
):
    event = make_event(state=EventState.HELD)
    services.event_minimum_lower(event=event, by=federal, value=1, reason="Исключение.")
    event = complete_evidence(event, regional_a)
    services.event_report_submit(event=event, by=regional_a)
    accepted = services.event_report_accept(event=event, by=federal)
    assert accepted.shortfall_acknowledged_by is None
    (row,) = selectors.events_against_target(None, kind=EventKind.SEMINAR)
    assert row.meets_target is True


def test_the_videobridge_is_the_federal_centres_one_per_programme_with_every_site(
    make_event, federal, regional_a, site_a, site_b, programme
):
    data = {**_bridge_data()}
    with pytest.raises(PermissionDenied):
        services.event_create(by=regional_a, pilot_site=site_a, data=data)
    bridge = services.event_create(by=federal, pilot_site=None, programme=programme, data=data)
    assert bridge.pilot_site is None
    assert set(bridge.bridge_sites.values_list("pilot_site", flat=True)) == {site_a.pk, site_b.pk}
    with pytest.raises(ValidationError, match="уже есть"):
        services.event_create(by=federal, pilot_site=None, programme=programme, data=data)


def test_the_videobridge_reports_online_evidence_not_paper_sheets(federal, programme, site_a):
    bridge = services.event_create(
        by=federal, pilot_site=None, programme=programme, data=_bridge_data()
    )
    missing = " ".join(services.missing_evidence(bridge))
    assert "подключились" in missing and "запись" in missing and "платформы" in missing
    assert "скан" not in missing.lower()


def test_seminar_participants_are_asked_their_category(make_event):
    form = RegistrationForm(event=make_event(state=EventState.ANNOUNCED))
    values = [value for value, _label in form.fields["category"].choices]
    assert values[:2] == ["ethno_leader", "ethno_activist"]
    assert "media" not in values


def test_a_round_table_names_the_categories_missing_among_those_who_came(make_event, regional_a):
    event = make_event(state=EventState.HELD, kind=EventKind.ROUND_TABLE)
    for name, category in (("Чиновник", "executive"), ("Журналист", "media")):
        services.walk_in_add(event=event, by=regional_a, full_name=name, category=category)
    assert services.missing_categories(event) == [
        "Муниципальное образование",
        "НКО",
        "Научное сообщество",
    ]


def test_a_date_outside_the_steps_window_needs_a_reason(make_event, programme):
    today = timezone.localdate()
    RoadmapStepFactory(
        programme=programme,
        number=2,
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=5),
    )
    with pytest.raises(ValidationError, match="вне сроков шага 2"):
        make_event(days=30)
    event = make_event(days=30, out_of_window_reason="Перенос из-за паводка.")
    assert event.out_of_window_reason == "Перенос из-за паводка."
    assert make_event(days=3).out_of_window_reason == ""


def test_the_register_counts_registrations(make_event):
    event = make_event(state=EventState.ANNOUNCED)
    register(event, 2)
    assert selectors.events_register(None).get().registered == 2


def _bridge_data() -> dict:
    return {
        "kind": EventKind.VIDEOBRIDGE,
        "title": "Итоговый видеомост",
        "date": timezone.localdate() + datetime.timedelta(days=20),
        "start_time": datetime.time(11, 0),
        "end_time": datetime.time(13, 0),
        "registration_mode": "free",
    }

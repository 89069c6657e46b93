"""What the event lists show and count: another region's events never listed, plans hidden from
the public, counts that match the people on the list, and lists read in a fixed number of
queries however many rows they show."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import selectors, services
from events.models import (
    Event,
    EventHistory,
    EventKind,
    EventPhoto,
    EventState,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    ParticipantCategory,
    ProgrammeFeedback,
    Registration,
    RegistrationStatus,
    RunningOrderSlot,
)
from events.models.registration import SEMINAR_CATEGORIES
from tests.events.conftest import checked_photo, checked_scan
from tests.factories import ProgrammeFactory, RoadmapStepFactory

pytestmark = pytest.mark.django_db

S = EventState
R = RegistrationStatus
C = ParticipantCategory


def _set(event: Event, **fields) -> Event:
    """Move an event straight to a state or time: the lists read only the stored fields."""
    if "days" in fields:
        start = timezone.now() + datetime.timedelta(days=fields.pop("days"))
        fields.update(
            starts_at=start, ends_at=start + datetime.timedelta(hours=6), date=start.date()
        )
    Event.objects.filter(pk=event.pk).update(**fields)
    return Event.objects.get(pk=event.pk)


def _person(event: Event, name: str, *, status=R.REGISTERED, attended=False, category=C.OTHER):
    return Registration.objects.create(
        event=event,
        full_name=name,
        person_key=name,
        status=status,
        attended=attended,
        category=category,
        consent_personal_data=True,
        consent_photo=True,
    )


class _Reads:
    """Counts the queries of a block: ``with _Reads() as reads: ...; reads.n``."""

    def __enter__(self):
        self._context = CaptureQueriesContext(connection)
        self._context.__enter__()
        return self

    def __exit__(self, *exc):
        self._context.__exit__(*exc)

    @property
    def n(self) -> int:
        return len(self._context.captured_queries)


# --- The public calendar ------------------------------------------------------------------------


@pytest.fixture
def calendar(make_event, site_a, site_b):
    """Announced events of both regions, a plan, and one that has ended."""
    later_a = _set(make_event(state=S.ANNOUNCED), days=10)
    sooner_b = _set(make_event(state=S.ANNOUNCED, site=site_b), days=5)
    table_a = _set(make_event(state=S.ANNOUNCED), days=7, kind=EventKind.ROUND_TABLE)
    plan_a = _set(make_event(), days=3)
    ended_a = _set(make_event(state=S.ANNOUNCED), days=-2)
    return {
        "later_a": later_a,
        "sooner_b": sooner_b,
        "table_a": table_a,
        "plan_a": plan_a,
        "ended_a": ended_a,
    }


def test_the_calendar_lists_announced_events_ahead_soonest_first(calendar, site_a):
    now = timezone.now()
    c = calendar
    assert list(selectors.upcoming_public_events(now=now)) == [
        c["sooner_b"],
        c["table_a"],
        c["later_a"],
    ]
    assert list(selectors.upcoming_public_events(now=now, region_id=site_a.region_id)) == [
        c["table_a"],
        c["later_a"],
    ]
    assert list(selectors.upcoming_public_events(now=now, kind=EventKind.SEMINAR)) == [
        c["sooner_b"],
        c["later_a"],
    ]
    assert list(
        selectors.upcoming_public_events(
            now=now, region_id=site_a.region_id, kind=EventKind.ROUND_TABLE
        )
    ) == [c["table_a"]]
    with _Reads() as reads:
        shown = [
            (e.pilot_site.region.name, e.municipality and e.municipality.name)
            for e in selectors.upcoming_public_events(now=now)
        ]
    assert len(shown) == 3
    assert reads.n == 1


def test_the_archive_lists_past_public_events_latest_first_and_never_plans(calendar, make_event):
    now = timezone.now()
    held = _set(make_event(state=S.HELD), days=-5)
    accepted = _set(make_event(state=S.HELD), days=-9, state=S.REPORT_ACCEPTED)
    _set(make_event(), days=-4)  # a plan whose date has passed stays private
    assert selectors.past_public_events(now=now) == [calendar["ended_a"], held, accepted]
    assert selectors.past_public_events(now=now, limit=2) == [calendar["ended_a"], held]
    with _Reads() as reads:
        regions = {e.pilot_site.region.name for e in selectors.past_public_events(now=now)}
    assert regions
    assert reads.n == 1


def test_the_archive_shows_twelve_by_default(make_event):
    first = _set(make_event(state=S.HELD), days=-30)
    for _ in range(13):
        first.pk = None
        first.save()
    assert len(selectors.past_public_events(now=timezone.now())) == 12


def test_of_events_starting_together_the_archive_shows_the_newer_first(make_event):
    older = _set(make_event(state=S.HELD), days=-3)
    newer = _set(make_event(state=S.HELD), days=-3)
    newer = _set(newer, starts_at=older.starts_at, ends_at=older.ends_at)
    assert selectors.past_public_events(now=timezone.now()) == [newer, older]


def test_a_practice_page_lists_its_announced_seminars_and_to_its_staff_the_plans(
    make_event, site_a, regional_a, regional_b, anonymous
):
    announced = _set(make_event(state=S.ANNOUNCED), days=9)
    planned = _set(make_event(), days=4)
    practice = announced.practice
    public = selectors.practice_seminars(practice, anonymous, public=True)
    assert public == [announced]
    assert selectors.practice_seminars(practice, regional_a, public=False) == [planned, announced]
    assert selectors.practice_seminars(practice, regional_b, public=False) == [announced]
    with _Reads() as reads:
        names = [
            (e.pilot_site.region.name, e.municipality and e.municipality.name)
            for e in selectors.practice_seminars(practice, regional_a, public=False)
        ]
    assert len(names) == 2
    assert reads.n == 1


def test_a_practice_page_does_not_list_another_practices_seminars(make_event, site_a, anonymous):
    from tests.events.factories import best_practice

    mine = _set(make_event(state=S.ANNOUNCED), days=9)
    other_practice = best_practice(site_a, title="Другая практика")
    _set(make_event(state=S.ANNOUNCED, practice=other_practice), days=8)
    assert selectors.practice_seminars(mine.practice, anonymous, public=True) == [mine]


# --- Staff lists ---------------------------------------------------------------------------------


@pytest.fixture
def both_regions(make_event, site_b):
    """Site A: two plans, an announcement, two held, a returned and a submitted report;
    site B: one of each of the same."""
    made = {}
    for site, tag in ((None, "a"), (site_b, "b")):
        for n, state in enumerate(
            (S.PLANNED, S.PLANNED, S.ANNOUNCED, S.HELD, S.REPORT_RETURNED, S.REPORT_SUBMITTED)
        ):
            if tag == "b" and n == 1:
                continue
            event = make_event(site=site) if site else make_event()
            made[f"{tag}{n}"] = _set(event, state=state, days=20 - n)
    return made


def test_the_cabinet_counts_only_the_users_own_events(both_regions, regional_a, federal):
    assert selectors.cabinet_counts(regional_a) == {
        "upcoming": 3,
        "reports_due": 2,
        "to_review": 1,
    }
    assert selectors.cabinet_counts(federal) == {"upcoming": 5, "reports_due": 4, "to_review": 2}


def test_the_staff_list_is_the_users_events_newest_first_with_its_filters(
    both_regions, regional_a, federal, site_a, site_b
):
    e = both_regions
    mine = [e[f"a{n}"] for n in range(6)]
    assert list(selectors.staff_events(regional_a)) == mine
    assert list(selectors.staff_events(regional_a, state=S.PLANNED)) == mine[:2]
    assert list(selectors.staff_events(federal, state=S.PLANNED, pilot_site_id=site_b.pk)) == [
        e["b0"]
    ]
    assert list(selectors.staff_events(federal, pilot_site_id=site_a.pk)) == mine
    table = _set(e["a3"], kind=EventKind.ROUND_TABLE)
    assert list(selectors.staff_events(regional_a, kind=EventKind.ROUND_TABLE)) == [table]
    assert list(selectors.staff_events(federal, kind=EventKind.ROUND_TABLE)) == [table]
    with _Reads() as reads:
        shown = [
            (x.pilot_site.region.name, x.municipality and x.municipality.name)
            for x in selectors.staff_events(federal)
        ]
    assert len(shown) == 11
    assert reads.n == 1


def test_of_events_starting_together_the_staff_list_shows_the_newer_first(make_event, regional_a):
    older = _set(make_event(), days=3)
    newer = _set(make_event(), days=3)
    newer = _set(newer, starts_at=older.starts_at)
    assert list(selectors.staff_events(regional_a)) == [newer, older]


def test_the_list_counts_registered_waiting_and_present_per_event(make_event):
    held = _set(make_event(state=S.HELD), min_participants=3)
    for name in ("Первый", "Второй", "Третий"):
        _person(held, name)
    _person(held, "Пришедший", attended=True)
    _person(held, "Ждущий", status=R.WAITING)
    _person(held, "Ещё ждущий", status=R.WAITING)
    empty = _set(make_event(state=S.HELD), min_participants=0)
    plan = make_event()
    listed = selectors.attach_counts(Event.objects.filter(pk__in=[held.pk, empty.pk, plan.pk]))
    by_pk = {e.pk: e for e in listed}
    counts = {
        pk: (e.registered, e.waiting, e.attended_count, e.below_minimum) for pk, e in by_pk.items()
    }
    assert counts == {
        held.pk: (4, 2, 1, True),
        empty.pk: (0, 0, 0, False),
        plan.pk: (0, 0, 0, False),
    }


def test_the_overview_table_counts_each_sites_events_by_kind_and_state(
    both_regions, regional_a, federal, site_a, site_b
):
    table = _set(both_regions["a2"], kind=EventKind.ROUND_TABLE)
    assert table.state == S.ANNOUNCED
    seminars_a = [
        ("held", "Проведено", 1),
        ("planned", "Запланировано", 2),
        ("report_returned", "Отчёт возвращён на доработку", 1),
        ("report_submitted", "Отчёт отправлен", 1),
    ]
    assert selectors.site_table(regional_a) == [
        {"site": site_a, "cells": [seminars_a, [("announced", "Объявлено", 1)], []]}
    ]
    rows = selectors.site_table(federal)
    # Dagestan before Tatarstan: by region name.
    assert [row["site"] for row in rows] == [site_b, site_a]
    assert rows[0]["cells"][0] == [
        ("announced", "Объявлено", 1),
        ("held", "Проведено", 1),
        ("planned", "Запланировано", 1),
        ("report_returned", "Отчёт возвращён на доработку", 1),
        ("report_submitted", "Отчёт отправлен", 1),
    ]
    assert rows[1]["cells"][0] == seminars_a


def test_staff_see_the_pilot_sites_they_manage(regional_a, federal, site_a, site_b):
    assert list(selectors.staff_pilot_sites(regional_a)) == [site_a]
    assert set(selectors.staff_pilot_sites(federal)) == {site_a, site_b}
    with _Reads() as reads:
        named = [(s.region.name, s.programme.title) for s in selectors.staff_pilot_sites(federal)]
    assert len(named) == 2
    assert reads.n == 1


def test_the_overview_version_changes_with_every_saved_event_and_does_not_expire(
    make_event, django_capture_on_commit_callbacks, monkeypatch
):
    assert selectors.overview_version() == "0"
    event = make_event()
    seen = {"0"}
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            event.save()
        version = selectors.overview_version()
        assert version not in seen
        seen.add(version)
    import time

    later = time.time() + 7 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert selectors.overview_version() == version


# --- The staff page of one event ---------------------------------------------------------------


def test_the_staff_page_lists_people_by_status_and_counts_categories(make_event, regional_a):
    event = _set(make_event(state=S.HELD), min_participants=1)
    zoya = _person(event, "Яковлева Зоя", category=C.NGO)
    boris = _person(event, "Борисов Борис", category=C.NGO)
    anna = _person(event, "Андреева Анна", status=R.WAITING, category=C.MEDIA)
    page = selectors.event_for_staff_page(event)
    assert page["registrations"] == [boris, zoya, anna]
    assert page["registered"] == [boris, zoya]
    assert page["waiting"] == [anna]
    assert page["attended_count"] == 0
    # Nobody marked present yet: the categories of those with a seat.
    categories = dict(page["categories"])
    assert [label for label, _ in page["categories"]] == [c.label for c in SEMINAR_CATEGORIES]
    assert categories[C.NGO.label] == 2
    assert sum(categories.values()) == 2

    Registration.objects.filter(pk=zoya.pk).update(attended=True)
    walk_in = _person(event, "Пришёл Сам", attended=True, category=C.OTHER)
    page = selectors.event_for_staff_page(event)
    assert page["attended_count"] == 2
    categories = dict(page["categories"])
    assert categories[C.NGO.label] == 1
    assert categories[C.OTHER.label] == 1
    assert sum(categories.values()) == 2
    assert walk_in in page["registered"]


def test_the_staff_page_shows_the_events_own_evidence_and_history(make_event, regional_a, federal):
    event = _set(make_event(state=S.HELD), min_participants=1)
    other = make_event(state=S.HELD)
    person = _person(event, "Фотографируемый")
    photo = services.photo_add(event=event, by=regional_a, upload=checked_photo(), people=[person])
    services.photo_add(event=other, by=regional_a, upload=checked_photo())
    scan = services.scan_add(event=event, by=regional_a, upload=checked_scan())
    page = selectors.event_for_staff_page(event)
    assert page["photos"] == [photo]
    assert page["scans"] == [scan]
    assert page["agenda"] == list(event.agenda.all())
    assert page["support"] == list(event.support.all())
    assert page["running_order"] == []
    assert page["bridge_sites"] == []
    assert page["feedback"]["attended"] == 0
    assert page["consent_texts"] is not None
    history = list(EventHistory.objects.filter(event=event).order_by("pk"))
    assert len(history) >= 2
    # The latest entry first, by time even when the rows were written in another order.
    EventHistory.objects.filter(pk=history[0].pk).update(
        created_at=timezone.now() + datetime.timedelta(hours=1)
    )
    same = timezone.now() - datetime.timedelta(hours=1)
    EventHistory.objects.filter(pk__in=[h.pk for h in history[1:]]).update(created_at=same)
    with _Reads() as reads:
        page = selectors.event_for_staff_page(event)
    before = reads.n
    assert [h.pk for h in page["history"]] == [history[0].pk] + [h.pk for h in history[:0:-1]]
    with _Reads() as reads:
        shown = [h.actor and h.actor.full_name for h in page["history"]]
        shown += [p.full_name for photo in page["photos"] for p in photo.people.all()]
    assert "Фотографируемый" in shown
    assert reads.n == 0
    assert before > 0


def test_the_event_step_is_the_roadmap_step_of_the_events_own_programme(make_event, programme):
    other = ProgrammeFactory(title="Другая программа", year=2019)
    mine = {n: RoadmapStepFactory(programme=programme, number=n) for n in (2, 6)}
    theirs = {n: RoadmapStepFactory(programme=other, number=n) for n in (2, 6)}
    seminar = make_event()
    assert selectors.event_step(seminar) == mine[2]
    table = _set(make_event(), kind=EventKind.ROUND_TABLE)
    assert selectors.event_step(table) == mine[6]
    assert selectors.event_step(_set(seminar, programme=other)) == theirs[2]


def test_the_target_counts_accepted_events_that_reached_their_minimum(
    make_event, regional_a, federal, site_b, programme
):
    reached = _set(make_event(state=S.HELD), state=S.REPORT_ACCEPTED, min_participants=2)
    short = _set(make_event(state=S.HELD), state=S.REPORT_ACCEPTED, min_participants=3)
    held = _set(make_event(state=S.HELD), min_participants=1)
    for event in (reached, short, held):
        _person(event, "Пришла Первая", attended=True)
        _person(event, "Пришёл Второй", attended=True)
        _person(event, "Не пришёл", attended=False)
    theirs = _set(make_event(state=S.HELD, site=site_b), state=S.REPORT_ACCEPTED)
    _set(make_event(state=S.HELD), kind=EventKind.ROUND_TABLE, state=S.REPORT_ACCEPTED)
    rows = {
        e.pk: (e.attended_count, e.meets_target)
        for e in selectors.events_against_target(regional_a, kind=EventKind.SEMINAR)
    }
    assert rows == {reached.pk: (2, True), short.pk: (2, False), held.pk: (2, False)}
    everyone = selectors.events_against_target(federal, kind=EventKind.SEMINAR)
    assert {e.pk for e in everyone} == {reached.pk, short.pk, held.pk, theirs.pk}
    other = ProgrammeFactory(title="Другая программа", year=2019)
    _set(held, programme=other)
    current = selectors.events_against_target(
        federal, kind=EventKind.SEMINAR, programme_id=programme.pk
    )
    assert {e.pk for e in current} == {reached.pk, short.pk, theirs.pk}


def test_public_photos_leave_out_those_with_someone_who_refused(make_event, regional_a):
    event = make_event(state=S.HELD)
    refused = _person(event, "Против Съёмки")
    Registration.objects.filter(pk=refused.pk).update(consent_photo=False)
    refused.refresh_from_db()
    first = services.photo_add(event=event, by=regional_a, upload=checked_photo())
    services.photo_add(event=event, by=regional_a, upload=checked_photo(), people=[refused])
    last = services.photo_add(event=event, by=regional_a, upload=checked_photo())
    other = make_event(state=S.HELD)
    services.photo_add(event=other, by=regional_a, upload=checked_photo())
    assert selectors.public_photos(event) == [first, last]
    assert EventPhoto.objects.filter(event=event).count() == 3


def test_the_photo_form_lists_the_events_people_by_name(make_event):
    event = make_event(state=S.HELD)
    zoya = _person(event, "Яковлева Зоя")
    anna = _person(event, "Андреева Анна", status=R.WAITING)
    _person(make_event(state=S.HELD), "Чужой Участник")
    assert list(selectors.registrations_for_photo_form(event)) == [anna, zoya]


# --- Feedback ----------------------------------------------------------------------------------


def _answers(event, person, ratings: dict, texts: dict | None = None):
    response = FeedbackResponse.objects.create(registration=person, event=event)
    for question, rating in ratings.items():
        FeedbackAnswer.objects.create(response=response, question=question, rating=rating)
    for question, text in (texts or {}).items():
        FeedbackAnswer.objects.create(response=response, question=question, text=text)
    return response


def test_the_feedback_summary_rates_responses_among_attendees(make_event):
    event = make_event(state=S.HELD)
    assert selectors.feedback_summary(event)["rate"] == 0
    people = [_person(event, f"Пришедший {n}", attended=True) for n in range(3)]
    _person(event, "Не пришедший")
    rating = FeedbackQuestion.objects.filter(kind=event.kind, is_rating=True).order_by("position")
    first, second = rating[0], rating[1]
    text_q = FeedbackQuestion.objects.filter(kind=event.kind, is_rating=False).first()
    # Written in the reverse of the form's order: the summary follows the form.
    _answers(event, people[0], {second: 1, first: 5}, {text_q: "Спасибо"})
    _answers(event, people[1], {second: 2})
    _answers(event, people[2], {second: 2})
    with _Reads() as reads:
        summary = selectors.feedback_summary(event)
    assert reads.n == 3
    assert summary["attended"] == 3
    assert summary["responses"] == 3
    assert summary["rate"] == 100
    assert summary["averages"] == [(first.text, 5.0, 1), (second.text, 1.67, 3)]
    assert summary["comments"] == [(text_q.text, "Спасибо")]
    _person(event, "Ещё пришедший", attended=True)
    _person(event, "И ещё", attended=True)
    _person(event, "И последний", attended=True)
    assert selectors.feedback_summary(event)["rate"] == 50
    for n in range(3):
        _person(event, f"Добавленный {n}", attended=True)
    assert selectors.feedback_summary(event)["rate"] == 33


def test_programme_feedback_is_read_by_its_sites_staff(regional_a, regional_b, federal, site_a):
    ProgrammeFeedback.objects.create(
        pilot_site=site_a, usefulness=5, what_worked="Всё", submitted_by=regional_a
    )
    assert len(selectors.programme_feedback_for(regional_a)) == 1
    assert selectors.programme_feedback_for(regional_b) == []
    listed = selectors.programme_feedback_for(federal)
    with _Reads() as reads:
        rows = [(f.pilot_site.region.name, f.submitted_by.full_name) for f in listed]
    assert rows == [(site_a.region.name, regional_a.full_name)]
    assert reads.n == 0


# --- Documents -------------------------------------------------------------------------------


def test_the_sheet_is_read_in_one_query_and_lists_those_with_a_seat_by_name(make_event):
    event = make_event(state=S.ANNOUNCED)
    zoya = _person(event, "Яковлева Зоя")
    anna = _person(event, "Андреева Анна")
    _person(event, "Борисов Ждущий", status=R.WAITING)
    with _Reads() as reads:
        found = selectors.event_for_sheet(event.pk)
        names = (
            found.pilot_site.region.name,
            found.municipality and found.municipality.name,
            found.host_organisation and found.host_organisation.name,
        )
    assert names[0]
    assert reads.n == 1
    assert selectors.sheet_registrations(event) == [anna, zoya]


def test_the_events_register_counts_each_events_people_and_photos(
    make_event, regional_a, federal, site_b
):
    event = _set(make_event(state=S.HELD), days=-5)
    for name in ("Первый", "Второй", "Третий"):
        _person(event, name, attended=True)
    _person(event, "Четвёртый")
    _person(event, "Ждущий", status=R.WAITING)
    for _ in range(2):
        services.photo_add(event=event, by=regional_a, upload=checked_photo())
    earlier = _set(make_event(state=S.HELD), days=-8)
    plan = _set(make_event(), days=4, kind=EventKind.ROUND_TABLE)
    theirs = _set(make_event(site=site_b), days=30)
    rows = {
        e.pk: (e.registered, e.attended_count, e.photo_count)
        for e in selectors.events_register(regional_a)
    }
    assert rows == {event.pk: (4, 3, 2), earlier.pk: (0, 0, 0), plan.pk: (0, 0, 0)}
    # By region (Dagestan before Tatarstan), then by date.
    assert list(selectors.events_register(federal)) == [theirs, earlier, event, plan]
    assert list(selectors.events_register(regional_a, kind=EventKind.ROUND_TABLE)) == [plan]
    assert list(selectors.events_register(regional_a, state=S.HELD)) == [earlier, event]
    assert list(selectors.events_register(federal, state=S.PLANNED)) == [theirs, plan]
    with _Reads() as reads:
        names = [
            (e.pilot_site.region.name, e.municipality and e.municipality.name)
            for e in selectors.events_register(federal)
        ]
    assert len(names) == 4
    assert reads.n == 1


def test_the_participants_register_lists_only_the_users_events_people(
    make_event, regional_a, regional_b, site_b
):
    first = make_event(state=S.HELD)
    second = _set(make_event(state=S.HELD), kind=EventKind.ROUND_TABLE)
    plan = make_event()
    b = _person(second, "Бэ")
    a = _person(first, "А")
    p = _person(plan, "План")
    _person(make_event(site=site_b), "Чужой")
    assert list(selectors.participants_register(regional_a)) == [a, b, p]
    assert list(selectors.participants_register(regional_a, kind=EventKind.ROUND_TABLE)) == [b]
    assert list(selectors.participants_register(regional_a, state=S.PLANNED)) == [p]
    with _Reads() as reads:
        regions = [r.event.pilot_site.region.name for r in selectors.participants_register(None)]
    assert len(regions) == 4
    assert reads.n == 1


# --- The federal dashboard and the consolidated report --------------------------------------------


@pytest.fixture
def other_programme():
    return ProgrammeFactory(title="Прошлая программа", year=2019)


def test_attendance_by_category_counts_those_present_at_the_chosen_sites_events(
    make_event, site_a, site_b, programme, other_programme
):
    seminar = make_event(state=S.HELD)
    table = _set(make_event(state=S.HELD), kind=EventKind.ROUND_TABLE)
    for n in range(2):
        _person(seminar, f"НКО {n}", attended=True, category=C.NGO)
    _person(seminar, "Другой", attended=True, category=C.OTHER)
    _person(seminar, "Не пришёл", category=C.NGO)
    _person(table, "Журналист", attended=True, category=C.MEDIA)
    _person(make_event(state=S.HELD, site=site_b), "Из Дагестана", attended=True, category=C.NGO)
    old = _set(make_event(state=S.HELD), programme=other_programme)
    _person(old, "Прошлогодний", attended=True, category=C.NGO)
    assert selectors.attendance_by_category(programme.pk, [site_a.pk]) == {
        ("seminar", "ngo"): 2,
        ("seminar", "other"): 1,
        ("round_table", "media"): 1,
    }
    both = selectors.attendance_by_category(programme.pk, [site_a.pk, site_b.pk])
    assert both[("seminar", "ngo")] == 3


def test_registrations_per_event_shows_the_chosen_sites_latest_events_that_were_announced(
    make_event, site_a, site_b, programme, other_programme
):
    newer = _set(make_event(state=S.ANNOUNCED), days=5, kind=EventKind.ROUND_TABLE)
    older = _set(make_event(state=S.HELD), days=-9)
    _person(newer, "Записанный")
    _person(newer, "Ждущий", status=R.WAITING)
    _person(older, "Пришедший", attended=True)
    _set(make_event(), days=8)  # a plan is not on the chart
    _set(make_event(state=S.HELD), days=-1, programme=other_programme)
    _set(make_event(state=S.HELD, site=site_b), days=-2)
    shown = selectors.registrations_per_event(programme.pk, [site_a.pk])
    assert shown == [newer, older]
    assert [(e.registered, e.waiting, e.attended_count) for e in shown] == [(1, 1, 0), (1, 0, 1)]
    assert selectors.registrations_per_event(programme.pk, [site_a.pk], limit=1) == [newer]
    with _Reads() as reads:
        regions = {e.pilot_site.region.name for e in shown}
    assert regions == {site_a.region.name}
    assert reads.n == 0


def test_registrations_per_event_shows_fifteen_by_default(make_event, site_a, programme):
    event = _set(make_event(state=S.HELD), days=-30)
    for _ in range(16):
        event.pk = None
        event.save()
    assert len(selectors.registrations_per_event(programme.pk, [site_a.pk])) == 15


def test_of_events_on_one_day_the_chart_shows_the_newer_first(make_event, site_a, programme):
    first = _set(make_event(state=S.HELD), days=-3)
    second = _set(make_event(state=S.HELD), days=-3)
    second = _set(second, date=first.date)
    assert selectors.registrations_per_event(programme.pk, [site_a.pk]) == [second, first]


def test_the_report_lists_the_periods_events_of_the_chosen_sites_with_their_feedback(
    make_event, site_a, site_b, programme, other_programme
):
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=20), today - datetime.timedelta(days=2)
    first = _set(make_event(state=S.HELD), state=S.REPORT_ACCEPTED, min_participants=2)
    first = _set(first, date=start)
    last = _set(make_event(state=S.HELD), kind=EventKind.ROUND_TABLE, min_participants=5)
    last = _set(last, date=end)
    middle = _set(make_event(state=S.HELD), date=start + datetime.timedelta(days=3))
    _set(make_event(state=S.HELD), date=start - datetime.timedelta(days=1))
    _set(make_event(state=S.HELD), date=end + datetime.timedelta(days=1))
    _set(make_event(state=S.HELD), date=end, programme=other_programme)
    theirs = _set(make_event(state=S.HELD, site=site_b), date=start + datetime.timedelta(days=1))
    came = [_person(first, f"Пришедший {n}", attended=True) for n in range(3)]
    _person(first, "Записанный")
    _person(first, "Ждущий", status=R.WAITING)
    rating = FeedbackQuestion.objects.filter(kind=first.kind, is_rating=True).order_by("position")
    _answers(first, came[0], {rating[0]: 5, rating[1]: 4})
    _answers(first, came[1], {rating[0]: 4})

    rows = selectors.report_events(programme.pk, [site_a.pk], start, end)
    assert [row["id"] for row in rows] == [first.pk, middle.pk, last.pk]
    assert rows[0] == {
        "id": first.pk,
        "site": site_a.pk,
        "kind": "Семинар",
        "title": first.title,
        "heading": first.heading,
        "date": start.isoformat(),
        "state": "Отчёт принят",
        "registered": 4,
        "attended": 3,
        "minimum": 2,
        "counted": True,
        "responses": 2,
        "rating": 4.33,
    }
    assert (rows[2]["kind"], rows[2]["state"], rows[2]["counted"]) == (
        "Круглый стол",
        "Проведено",
        False,
    )
    assert (rows[2]["responses"], rows[2]["rating"], rows[2]["minimum"]) == (0, None, 5)
    both = selectors.report_events(programme.pk, [site_b.pk, site_a.pk], start, end)
    by_site = [row["id"] for row in both]
    expected = [first.pk, middle.pk, last.pk]
    expected = [theirs.pk, *expected] if site_b.pk < site_a.pk else [*expected, theirs.pk]
    assert by_site == expected


def test_of_report_events_on_one_day_the_older_comes_first(make_event, site_a, programme):
    day = timezone.localdate() - datetime.timedelta(days=3)
    first = _set(make_event(state=S.HELD), date=day)
    second = _set(make_event(state=S.HELD), date=day)
    rows = selectors.report_events(programme.pk, [site_a.pk], day, day)
    assert [row["id"] for row in rows] == [first.pk, second.pk]


def test_the_report_shows_a_few_consenting_photos_per_site_of_accepted_events(
    make_event, regional_a, regional_b, site_a, site_b, programme, other_programme
):
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=20), today - datetime.timedelta(days=2)

    def event_with_photos(n, *, site=None, by=regional_a, day=end, refused=False, **fields):
        event = make_event(state=S.HELD, site=site) if site else make_event(state=S.HELD)
        people = []
        if refused:
            person = _person(event, "Против Съёмки")
            Registration.objects.filter(pk=person.pk).update(consent_photo=False)
            person.refresh_from_db()
            people = [person]
        photos = [
            services.photo_add(event=event, by=by, upload=checked_photo(), people=people)
            for _ in range(n)
        ]
        _set(event, date=day, **{"state": S.REPORT_ACCEPTED, **fields})
        return photos

    late = event_with_photos(2, day=end)
    early = event_with_photos(1, day=start)
    event_with_photos(1, day=start, refused=True)
    event_with_photos(1, day=start, state=S.HELD)
    event_with_photos(1, day=start - datetime.timedelta(days=1))
    event_with_photos(1, day=end + datetime.timedelta(days=1))
    event_with_photos(1, day=start, programme=other_programme)
    theirs = event_with_photos(
        1, site=site_b, by=regional_b, day=start + datetime.timedelta(days=1)
    )
    assert selectors.report_photos(programme.pk, [site_a.pk], start, end) == [early[0], late[0]]
    assert selectors.report_photos(programme.pk, [site_a.pk], start, end, per_site=3) == [
        early[0],
        *late,
    ]
    assert selectors.report_photos(programme.pk, [site_a.pk], start, end, per_site=1) == early
    assert selectors.report_photos(programme.pk, [site_a.pk], start, end, per_site=10) == [
        early[0],
        *late,
    ]
    with _Reads() as reads:
        both = selectors.report_photos(programme.pk, [site_a.pk, site_b.pk], start, end)
    assert reads.n == 1
    ours = [early[0], late[0]]
    assert both == ([*theirs, *ours] if site_b.pk < site_a.pk else [*ours, *theirs])
    with _Reads() as reads:
        days = [photo.event.date for photo in both]
    assert len(days) == 3
    assert reads.n == 0


def test_the_videobridge_page_counts_every_category_and_shows_the_connected_sites(
    make_event, federal, site_a, site_b
):
    bridge = make_event(kind=EventKind.VIDEOBRIDGE, by=federal)
    RunningOrderSlot.objects.create(
        event=bridge,
        starts_at=datetime.time(11, 0),
        ends_at=datetime.time(11, 10),
        speaker="РРЦ Татарстана",
        pilot_site=site_a,
    )
    _person(bridge, "Учёный", category=C.SCIENCE)
    page = selectors.event_for_staff_page(bridge)
    assert [label for label, _ in page["categories"]] == [c.label for c in ParticipantCategory]
    assert dict(page["categories"])[C.SCIENCE.label] == 1
    with _Reads() as reads:
        shown = [slot.pilot_site.region.name for slot in page["running_order"]]
        shown += [b.pilot_site.region.name for b in page["bridge_sites"]]
    assert shown == [site_a.region.name, site_b.region.name, site_a.region.name]
    assert reads.n == 0


# --- Ties: rows equal in the sort fields come in the order they were made ----------------------
# SQLite returns such rows in that order whatever the query asks; PostgreSQL need not (a row
# changed after the others may come last), so each test changes the older row last.


def test_people_with_one_name_are_listed_in_the_order_they_registered(make_event, regional_a):
    event = make_event(state=S.HELD)
    first = _person(event, "Иванов Иван", category=C.NGO)
    second = _person(event, "Иванов Иван Второй", category=C.NGO)
    Registration.objects.filter(pk=second.pk).update(full_name="Иванов Иван")
    Registration.objects.filter(pk=first.pk).update(consent_photo=True, full_name="Иванов Иван")
    both = [first, second]
    assert list(selectors.registrations_for_photo_form(event)) == both
    assert selectors.sheet_registrations(event) == both
    assert selectors.event_for_staff_page(event)["registrations"] == both
    assert list(selectors.participants_register(regional_a)) == both


def test_events_starting_together_are_listed_in_the_order_they_were_made(
    make_event, regional_a, anonymous
):
    first = _set(make_event(state=S.ANNOUNCED), days=6)
    second = _set(make_event(state=S.ANNOUNCED), days=6)
    second = _set(second, starts_at=first.starts_at, ends_at=first.ends_at)
    first = _set(first, title=first.title + " (уточнено)")
    now = timezone.now()
    assert list(selectors.upcoming_public_events(now=now)) == [first, second]
    assert selectors.practice_seminars(first.practice, anonymous, public=True) == [first, second]
    assert list(selectors.events_register(regional_a)) == [first, second]


def test_comments_to_one_question_are_listed_in_the_order_they_came(make_event):
    event = make_event(state=S.HELD)
    question = FeedbackQuestion.objects.filter(kind=event.kind, is_rating=False).first()
    early = _answers(event, _person(event, "Первый", attended=True), {}, {question: "Раньше"})
    _answers(event, _person(event, "Второй", attended=True), {}, {question: "Позже"})
    FeedbackAnswer.objects.filter(response=early).update(text="Раньше всех")
    comments = selectors.feedback_summary(event)["comments"]
    assert comments == [(question.text, "Раньше всех"), (question.text, "Позже")]

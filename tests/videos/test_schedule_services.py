"""Proposals, solving on the worker, publishing with letters, versions kept, the public feed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.videos.factories import days, move_to
from videos import services
from videos.models import ScheduleState, ScheduleVersion, StoryState

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(programme, federal):
    return services.rules_save(
        programme=programme,
        by=federal,
        data={
            "window_start": days(1),
            "window_end": days(60),
            "weekdays": [1, 2, 3, 4, 5],
            "releases_per_day": 1,
            "min_gap_days": 1,
            "review_days": 3,
        },
    )


def _propose(story, by, ready, first):
    return services.proposal_save(
        story=story,
        by=by,
        ready_on=days(ready),
        preferences=[(days(first), days(first + 6))],
        avoid=[(days(first + 7), days(first + 9))],
    )


def _solve(programme, federal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.schedule_request(programme=programme, by=federal)
    version.refresh_from_db()
    return version


def test_a_proposal_needs_a_preferred_period(story_a, regional_a):
    with pytest.raises(ValidationError, match="хотя бы один желаемый период"):
        services.proposal_save(story=story_a, by=regional_a, ready_on=days(3), preferences=[])


def test_a_period_that_ends_before_it_starts_is_refused(story_a, regional_a):
    with pytest.raises(ValidationError, match="кончается раньше"):
        services.proposal_save(
            story=story_a, by=regional_a, ready_on=days(3), preferences=[(days(9), days(2))]
        )


def test_the_worker_solves_and_the_coordinator_publishes(
    programme,
    rules,
    story_a,
    story_b,
    regional_a,
    regional_b,
    federal,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    story_a = move_to(story_a, StoryState.CUT_APPROVED, regional=regional_a, federal=federal)
    _propose(story_a, regional_a, 2, 10)
    _propose(story_b, regional_b, 5, 20)
    version = _solve(programme, federal, django_capture_on_commit_callbacks)
    assert version.state == ScheduleState.SOLVED
    slots = {slot.story_id: slot for slot in version.slots.all()}
    assert slots[story_a.pk].preference_rank == 1
    assert days(10) <= slots[story_a.pk].release_on <= days(16)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_publish(version=version, by=federal)
    story_a.refresh_from_db()
    story_b.refresh_from_db()
    assert story_a.state == StoryState.SCHEDULED
    assert story_a.release_on == slots[story_a.pk].release_on
    assert story_b.state == StoryState.IDEA  # not accepted yet: it keeps its state
    assert story_b.release_on == slots[story_b.pk].release_on
    assert sorted(m.to[0] for m in mailoutbox) == [regional_a.email, regional_b.email]
    letter = next(m for m in mailoutbox if m.to == [regional_a.email])
    assert slots[story_a.pk].release_on.strftime("%d.%m.%Y") in letter.body
    assert story_b.title not in letter.body  # each site hears its own dates


def test_a_re_solve_keeps_pins_and_the_published_version_stays_in_history(
    programme,
    rules,
    story_a,
    story_b,
    regional_a,
    regional_b,
    federal,
    django_capture_on_commit_callbacks,
):
    _propose(story_a, regional_a, 2, 10)
    _propose(story_b, regional_b, 2, 10)
    first = _solve(programme, federal, django_capture_on_commit_callbacks)
    services.schedule_publish(version=first, by=federal)
    old = dict(first.slots.values_list("story_id", "release_on"))
    pin_day = next(days(n) for n in range(30, 40) if days(n).isoweekday() <= 5)
    assert old[story_a.pk] != pin_day
    services.pin_set(story=story_a, by=federal, release_on=pin_day)
    second = _solve(programme, federal, django_capture_on_commit_callbacks)
    assert second.baseline == first
    new = dict(second.slots.values_list("story_id", "release_on"))
    assert new[story_a.pk] == pin_day
    assert new[story_b.pk] == old[story_b.pk]
    assert second.changed_count == 1
    services.schedule_publish(version=second, by=federal)
    first.refresh_from_db()
    assert first.state == ScheduleState.SUPERSEDED
    assert ScheduleVersion.objects.filter(programme=programme).count() == 2


def test_infeasible_rules_leave_a_version_with_the_reason(
    programme,
    federal,
    story_a,
    story_b,
    regional_a,
    regional_b,
    django_capture_on_commit_callbacks,
):
    services.rules_save(
        programme=programme,
        by=federal,
        data={"window_start": days(1), "window_end": days(3), "weekdays": [1, 2, 3, 4, 5, 6, 7]},
    )
    _propose(story_a, regional_a, 0, 1)
    _propose(story_b, regional_b, 10, 12)
    version = _solve(programme, federal, django_capture_on_commit_callbacks)
    assert version.state == ScheduleState.INFEASIBLE
    assert "не раньше" in version.message
    with pytest.raises(services.StoryError, match="только составленную"):
        services.schedule_publish(version=version, by=federal)


def test_two_solves_at_once_are_refused(programme, federal, rules, story_a):
    services.schedule_request(programme=programme, by=federal)
    with pytest.raises(services.StoryError, match="уже составляется"):
        services.schedule_request(programme=programme, by=federal)


def test_a_pin_outside_the_window_is_refused(story_a, federal, rules):
    with pytest.raises(ValidationError, match="вне окна"):
        services.pin_set(story=story_a, by=federal, release_on=days(200))


def test_the_public_page_and_ics_show_the_published_schedule(
    client, programme, rules, story_a, regional_a, federal, django_capture_on_commit_callbacks
):
    assert "ещё не опубликован" in client.get(reverse("videos:public-schedule")).content.decode()
    _propose(story_a, regional_a, 2, 10)
    version = _solve(programme, federal, django_capture_on_commit_callbacks)
    services.schedule_publish(version=version, by=federal)
    day = version.slots.get().release_on
    page = client.get(reverse("videos:public-schedule")).content.decode()
    assert story_a.title in page and day.strftime("%d.%m.%Y") in page
    feed = client.get(reverse("videos:public-schedule-ics"))
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    body = feed.content.decode()
    assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}" in body
    assert f"UID:video-story-{story_a.pk}@resursnaya-sreda" in body
    assert "\r\n" in body

"""The release schedule solver (OR-Tools CP-SAT) on feasible, tight and infeasible inputs, with
pins and minimal change; checked against schedules worked out by hand."""

from __future__ import annotations

import datetime

from videos.scheduling import Rules, StoryInput, explain, solve

D = datetime.date
# June 2020: Tuesdays are the 2nd, 9th, 16th, 23rd, 30th; Thursdays the 4th, 11th, 18th, 25th.
JUNE = Rules(
    window_start=D(2020, 6, 1),
    window_end=D(2020, 6, 30),
    weekdays=(2, 4),
    per_day=1,
    min_gap_days=1,
    review_days=7,
    site_spacing_days=0,
)


def story(key, site=None, **kwargs):
    return StoryInput(
        key=key, site=site if site is not None else key, label=f"Сюжет {key}", **kwargs
    )


def week(start):
    return (start, start + datetime.timedelta(days=6))


def dates(result):
    return {p.key: p.release_on for p in result.placements}


def test_every_story_gets_its_first_choice_when_the_wishes_do_not_clash():
    stories = [
        story(1, ready_on=D(2020, 5, 20), preferences=((D(2020, 6, 2), D(2020, 6, 2)),)),
        story(2, ready_on=D(2020, 5, 20), preferences=((D(2020, 6, 11), D(2020, 6, 11)),)),
        story(3, ready_on=D(2020, 6, 1), preferences=((D(2020, 6, 23), D(2020, 6, 23)),)),
    ]
    result = solve(stories, JUNE)
    assert result.feasible
    assert dates(result) == {1: D(2020, 6, 2), 2: D(2020, 6, 11), 3: D(2020, 6, 23)}
    assert [p.preference_rank for p in result.placements] == [1, 1, 1]


def test_a_hand_worked_clash_is_resolved_as_by_hand():
    """Both want 9 June first. Story 1 has no other wish, story 2's second choice is 16 June.
    By hand: story 1 takes 9 June, story 2 its second choice, 16 June."""
    stories = [
        story(1, ready_on=D(2020, 5, 25), preferences=((D(2020, 6, 9), D(2020, 6, 9)),)),
        story(
            2,
            ready_on=D(2020, 5, 25),
            preferences=((D(2020, 6, 9), D(2020, 6, 9)), (D(2020, 6, 16), D(2020, 6, 16))),
        ),
    ]
    result = solve(stories, JUNE)
    assert dates(result) == {1: D(2020, 6, 9), 2: D(2020, 6, 16)}
    assert {p.key: p.preference_rank for p in result.placements} == {1: 1, 2: 2}


def test_readiness_plus_review_time_is_respected():
    stories = [story(1, ready_on=D(2020, 6, 10), preferences=(week(D(2020, 6, 1)),))]
    result = solve(stories, JUNE)
    # Ready on 10 June, seven days of review: the first release day is Thursday 18 June.
    assert dates(result) == {1: D(2020, 6, 18)}
    assert result.placements[0].preference_rank is None


def test_dates_the_site_cannot_do_are_avoided():
    stories = [
        story(1, ready_on=D(2020, 5, 1), avoid=((D(2020, 6, 1), D(2020, 6, 10)),)),
    ]
    assert dates(solve(stories, JUNE)) == {1: D(2020, 6, 11)}


def test_reserved_dates_and_weekdays_are_kept():
    rules = Rules(**{**JUNE.__dict__, "reserved": frozenset({D(2020, 6, 2)})})
    result = solve([story(n, ready_on=D(2020, 5, 1)) for n in range(1, 9)], rules)
    used = sorted(dates(result).values())
    assert D(2020, 6, 2) not in used
    assert all(day.isoweekday() in (2, 4) for day in used)
    assert len(set(used)) == 8  # one a day


def test_a_tight_window_uses_every_release_day():
    # Nine release days in June 2020 (Tue/Thu), nine stories: each day gets exactly one.
    stories = [story(n, ready_on=D(2020, 5, 1)) for n in range(1, 10)]
    result = solve(stories, JUNE)
    assert result.feasible
    assert sorted(dates(result).values()) == JUNE.release_days()


def test_too_many_stories_are_refused_with_the_count_in_words():
    stories = [story(n, ready_on=D(2020, 5, 1)) for n in range(1, 15)]
    rules = Rules(**{**JUNE.__dict__, "weekdays": (1, 2, 3), "window_end": D(2020, 6, 26)})
    assert len(rules.release_days()) == 12
    result = solve(stories, rules)
    assert not result.feasible
    assert result.reasons == ["14 сюжетов, 12 допустимых дат в окне шага 01.06.2020–26.06.2020."]


def test_a_story_ready_too_late_is_named():
    stories = [story(1, ready_on=D(2020, 6, 26))]
    result = solve(stories, JUNE)
    assert not result.feasible
    assert "«Сюжет 1»: готов 26.06.2020" in result.reasons[0]
    assert "не раньше 03.07.2020" in result.reasons[0]


def test_late_stories_that_do_not_fit_the_late_days_are_explained():
    # Five stories ready only for the last week: three release days remain (23, 25, 30).
    stories = [story(n, ready_on=D(2020, 6, 15)) for n in range(1, 6)]
    result = solve(stories, JUNE)
    assert not result.feasible
    assert "С 22.06.2020 должны выйти 5 сюжетов" in result.reasons[0]
    assert "хватает на 3 сюжета" in result.reasons[0]


def test_a_gap_between_release_days_is_kept():
    rules = Rules(**{**JUNE.__dict__, "weekdays": (1, 2, 3, 4, 5), "min_gap_days": 3})
    result = solve([story(n, ready_on=D(2020, 5, 1)) for n in range(1, 7)], rules)
    used = sorted(dates(result).values())
    assert all((b - a).days >= 3 for a, b in zip(used, used[1:], strict=False))


def test_pinned_stories_stay_on_their_date():
    stories = [
        story(1, ready_on=D(2020, 5, 1), preferences=((D(2020, 6, 2), D(2020, 6, 2)),)),
        story(2, ready_on=D(2020, 5, 1), pinned_on=D(2020, 6, 2)),
    ]
    result = solve(stories, JUNE)
    assert dates(result)[2] == D(2020, 6, 2)
    assert dates(result)[1] != D(2020, 6, 2)
    assert next(p for p in result.placements if p.key == 2).pinned


def test_two_pins_on_one_day_are_explained():
    stories = [
        story(1, pinned_on=D(2020, 6, 2)),
        story(2, pinned_on=D(2020, 6, 2)),
    ]
    result = solve(stories, JUNE)
    assert not result.feasible
    assert result.reasons[0].startswith("На 02.06.2020 закреплено или уже вышло 2 сюжета")


def test_a_slipped_story_moves_and_the_others_keep_their_dates():
    stories = [
        story(n, ready_on=D(2020, 5, 1), preferences=(week(D(2020, 6, 1)), week(D(2020, 6, 15))))
        for n in range(1, 6)
    ]
    first = solve(stories, JUNE)
    baseline = dates(first)
    # Story 3 slips: its cut will be ready only on 15 June. The first story was released.
    released = min(baseline, key=baseline.get)
    again = []
    for s in stories:
        changes = {"baseline_on": baseline[s.key]}
        if s.key == released:
            changes["released_on"] = baseline[s.key]
        if s.key == 3 and s.key != released:
            changes["ready_on"] = D(2020, 6, 15)
        again.append(StoryInput(**{**s.__dict__, **changes}))
    second = solve(again, JUNE)
    new = dates(second)
    assert second.changed == 1
    assert [key for key in new if new[key] != baseline[key]] == [3]
    assert new[3] >= D(2020, 6, 22)
    assert next(p for p in second.placements if p.key == released).released


def test_pinning_one_story_moves_only_what_it_must():
    stories = [story(n, ready_on=D(2020, 5, 1)) for n in range(1, 5)]
    baseline = dates(solve(stories, JUNE))
    taken = baseline[1]
    pinned = [
        StoryInput(
            **{
                **s.__dict__,
                "baseline_on": baseline[s.key],
                "pinned_on": taken if s.key == 2 else None,
            }
        )
        for s in stories
    ]
    result = solve(pinned, JUNE)
    new = dates(result)
    assert new[2] == taken
    assert result.changed == 2  # story 2 moved onto story 1's day, story 1 had to move


def test_released_stories_outside_the_window_are_kept():
    stories = [
        story(1, released_on=D(2020, 5, 15)),
        story(2, ready_on=D(2020, 5, 1)),
    ]
    result = solve(stories, JUNE)
    assert dates(result)[1] == D(2020, 5, 15)


def test_fairness_spreads_disappointment_over_sites():
    """Site A has two stories, site B one; all three want the same two release days (2 and
    4 June). One story must miss: never two of the same site, and nobody misses twice."""
    want = ((D(2020, 6, 2), D(2020, 6, 4)),)
    stories = [
        story(1, site=100, ready_on=D(2020, 5, 1), preferences=want),
        story(2, site=100, ready_on=D(2020, 5, 1), preferences=want),
        story(3, site=200, ready_on=D(2020, 5, 1), preferences=want),
    ]
    result = solve(stories, JUNE)
    got = {p.key: p.preference_rank for p in result.placements}
    misses_a = sum(1 for key in (1, 2) if got[key] is None)
    misses_b = 1 if got[3] is None else 0
    assert misses_a + misses_b == 1
    assert misses_a <= 1


def test_stories_of_one_site_are_kept_apart_when_possible():
    rules = Rules(**{**JUNE.__dict__, "site_spacing_days": 14})
    stories = [
        story(1, site=7, ready_on=D(2020, 5, 1)),
        story(2, site=7, ready_on=D(2020, 5, 1)),
    ]
    new = dates(solve(stories, rules))
    assert abs((new[1] - new[2]).days) >= 14


def test_explain_is_silent_when_the_counts_allow_a_plan():
    assert explain([story(1, ready_on=D(2020, 5, 1))], JUNE) == []

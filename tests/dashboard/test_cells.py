"""Each cell's definition against hand-made records, edge cases included."""

from __future__ import annotations

import pytest
from django.utils import timezone

from contest.models import EntryState
from dashboard.selectors import build_plan
from events.models import EventKind, EventState
from practices.models import QuestionnaireState
from tests.dashboard import factories as make
from videos.models import StoryState


def figures(programme, sites):
    return build_plan(programme, sites, today=timezone.localdate()).figures()


def test_seminar_counts_only_accepted_reports_with_the_minimum(roadmap, site_a, site_b):
    make.event(site_a, attended=15)  # counts
    make.event(site_a, attended=14)  # one short of 15
    make.event(site_a, attended=20, state=EventState.REPORT_RETURNED)
    make.event(site_a, attended=20, state=EventState.REPORT_SUBMITTED)
    make.event(site_a, attended=12, minimum=12)  # a recorded exception lowered the minimum
    make.event(site_a, kind=EventKind.ROUND_TABLE, attended=40)  # another kind
    make.event(site_b, attended=16)
    result = figures(roadmap, [site_a, site_b])
    assert result["seminars"] == {str(site_a.pk): 2, str(site_b.pk): 1, "total": 3}
    assert result["seminar-participants"][str(site_a.pk)] == 15 + 12
    assert result["seminar-participants"]["total"] == 15 + 12 + 16


def test_round_tables_need_thirty_and_the_mix(roadmap, site_a, site_b):
    make.round_table(site_a, attended=30, full_mix=True)
    make.round_table(site_a, attended=35, full_mix=False)
    make.round_table(site_b, attended=29, full_mix=True)
    result = figures(roadmap, [site_a, site_b])
    assert result["round-tables"] == {str(site_a.pk): 2, str(site_b.pk): 0, "total": 2}
    assert result["round-table-mix"] == {str(site_a.pk): 1, str(site_b.pk): 0, "total": 1}


def test_questionnaires_received_admitted_and_best(roadmap, site_a, site_b):
    make.questionnaire(site_a, state=QuestionnaireState.DRAFT)
    make.questionnaire(site_a, state=QuestionnaireState.WITHDRAWN, admitted=True)
    make.questionnaire(site_a)
    make.questionnaire(site_a, admitted=False)
    make.questionnaire(site_a, state=QuestionnaireState.UNDER_REVIEW, admitted=True, best=True)
    make.questionnaire(site_b, state=QuestionnaireState.UNDER_REVIEW, admitted=True)
    result = figures(roadmap, [site_a, site_b])
    assert result["questionnaires-received"] == {str(site_a.pk): 3, str(site_b.pk): 1, "total": 4}
    assert result["questionnaires-admitted"] == {str(site_a.pk): 1, str(site_b.pk): 1, "total": 2}
    assert result["best-practices"] == {str(site_a.pk): 1, str(site_b.pk): 0, "total": 1}


def test_pilot_practices_need_confirmation_and_support(roadmap, site_a):
    make.pilot_practice(site_a, slot=1)
    make.pilot_practice(site_a, slot=2, supported=False)
    make.pilot_practice(site_a, slot=3, confirmed=False)
    assert figures(roadmap, [site_a])["pilot-practices"][str(site_a.pk)] == 1


def test_a_story_scheduled_but_not_published_does_not_count(roadmap, site_a):
    make.story(site_a, state=StoryState.SCHEDULED, number=1)
    make.story(site_a, state=StoryState.PUBLISHED, number=2)
    assert figures(roadmap, [site_a])["stories-published"][str(site_a.pk)] == 1


def test_contest_entries_count_from_the_regional_check(roadmap, site_a):
    for state in (EntryState.DRAFT, EntryState.SUBMITTED, EntryState.RETURNED):
        make.entry(site_a, state=state)
    for state in (EntryState.CHECKED, EntryState.SENT, EntryState.RESULT):
        make.entry(site_a, state=state)
    assert figures(roadmap, [site_a])["contest-entries"][str(site_a.pk)] == 3


def test_feedback_form_and_videobridge(roadmap, site_a, site_b):
    make.programme_feedback(site_a)
    make.videobridge(roadmap, [site_a], connected=True)
    result = figures(roadmap, [site_a, site_b])
    assert result["programme-feedback"] == {str(site_a.pk): 1, str(site_b.pk): 0, "total": 1}
    assert result["videobridge"] == {str(site_a.pk): 1, str(site_b.pk): 0, "total": 1}


@pytest.mark.parametrize("state", [EventState.PLANNED, EventState.ANNOUNCED])
def test_a_videobridge_not_yet_held_counts_nobody(roadmap, site_a, state):
    bridge = make.videobridge(roadmap, [site_a])
    bridge.state = state
    bridge.save(update_fields=["state"])
    assert figures(roadmap, [site_a])["videobridge"][str(site_a.pk)] == 0


def test_targets_per_site_and_for_the_programme(roadmap, site_a, site_b):
    plan = build_plan(roadmap, [site_a, site_b], today=timezone.localdate())
    seminars = plan.cell("seminars", site_a.pk)
    assert seminars.target == 2
    assert plan.cell("seminar-participants", site_a.pk).target == 30
    assert plan.cell("seminars", None).target == 20  # the programme's own total
    assert plan.cell("best-practices", site_a.pk).target == 10  # 20 shared by two sites
    assert plan.cell("contest-entries", None).target == 4  # no programme total: the sum


def test_a_new_column_is_one_registration(roadmap, site_a, site_b):
    """What the letters app will do: one Indicator from its own module, counted in one
    grouped query, in the plan and in a period report (without a date: every period)."""
    import datetime

    from dashboard.selectors import figures_of, report_data
    from events.models import ProgrammeFeedback
    from resursnaya_sreda.kernel.indicators import Indicator, register, unregister

    register(
        Indicator(
            key="test-feedback-undated",
            step=6,
            title="Отзывы без даты",
            definition="Проверка реестра.",
            records=lambda programme: ProgrammeFeedback.objects.filter(
                pilot_site__programme=programme
            ),
            site="pilot_site",
            target=lambda targets, n: 1,
            link=lambda record: "/",
        )
    )
    try:
        make.programme_feedback(site_b)
        assert figures(roadmap, [site_a, site_b])["test-feedback-undated"] == {
            str(site_a.pk): 0,
            str(site_b.pk): 1,
            "total": 1,
        }
        today = timezone.localdate()
        data = report_data(
            roadmap,
            [site_a, site_b],
            starts_on=today - datetime.timedelta(days=1),
            ends_on=today,
            site=None,
            all_site_count=2,
        )
        column = next(f for f in figures_of(data) if f["key"] == "test-feedback-undated")
        assert column["total"] == 1
    finally:
        unregister("test-feedback-undated")


def test_records_left_out_are_scoped_like_the_counted_ones(roadmap, site_a, site_b):
    from resursnaya_sreda.kernel.indicators import get_indicator

    make.event(site_a, attended=14)
    make.event(site_b, attended=20, state=EventState.REPORT_SUBMITTED)
    seminars = get_indicator("seminars")
    assert seminars.uncounted_scoped(roadmap, [site_a]).count() == 1
    assert seminars.uncounted_scoped(roadmap, [site_a, site_b]).count() == 2
    assert seminars.uncounted_scoped(roadmap).count() == 2
    with pytest.raises(ValueError, match="names no records it leaves out"):
        get_indicator("questionnaires-received").uncounted_scoped(roadmap, [site_a])

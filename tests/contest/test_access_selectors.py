"""What the contest lists show and count: another region's entries never listed, drafts kept
out of the checked count, the collection's candidates and chapters of the right edition."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contest import selectors, services
from contest.models import (
    Chapter,
    ChapterState,
    Contest,
    Edition,
    EditionState,
    Entry,
    EntryHistory,
    EntryState,
    FieldComment,
    Result,
)
from practices.models import Decision, Outcome, SupportEntry
from resursnaya_sreda.kernel.models import Target, TargetCode
from resursnaya_sreda.kernel.roadmap_seed import targets as seed_targets
from tests.contest.conftest import selected_practice
from tests.factories import PilotSiteFactory, ProgrammeFactory, region

pytestmark = pytest.mark.django_db

S = EntryState


def _count_queries():
    return CaptureQueriesContext(connection)


def _another_contest(contest: Contest, *, edition: int, programme=None) -> Contest:
    """A contest beside ``contest`` (of its programme unless told), with its dates."""
    return Contest.objects.create(
        programme=programme or contest.programme,
        edition=edition,
        organiser="ФАДН",
        entries_open_on=contest.entries_open_on,
        deadline=contest.deadline,
    )


def _state(entry: Entry, state: str, **fields) -> Entry:
    if state in (S.SENT, S.RESULT):
        fields.setdefault("sent_on", timezone.localdate())
    Entry.objects.filter(pk=entry.pk).update(state=state, **fields)
    return Entry.objects.get(pk=entry.pk)


@pytest.fixture
def entries(form, practice_a, practice_b, applicant, applicant_b, special, general):
    """Region A: a draft in the special nomination and a submitted entry in the general one;
    region B: one draft."""
    a_special = services.entry_start(by=applicant, questionnaire=practice_a, nomination=special)
    a_general = _state(
        services.entry_start(by=applicant, questionnaire=practice_a, nomination=general),
        S.SUBMITTED,
    )
    b_special = services.entry_start(by=applicant_b, questionnaire=practice_b, nomination=special)
    Entry.objects.filter(pk=a_special.pk).update(title="Яблоневый сад")
    Entry.objects.filter(pk=a_general.pk).update(title="Абрикосовая роща")
    return {
        "a_special": Entry.objects.get(pk=a_special.pk),
        "a_general": a_general,
        "b_special": b_special,
    }


# --- The entries list ---------------------------------------------------------------------------


def test_the_entries_list_shows_each_person_their_regions_entries_by_region_and_title(
    entries, contest, applicant, applicant_b, regional_a, federal, site_a, special, general
):
    a1, a2, b1 = entries["a_special"], entries["a_general"], entries["b_special"]
    assert list(selectors.entries_for_user(regional_a, contest)) == [a2, a1]
    assert list(selectors.entries_for_user(applicant_b, contest)) == [b1]
    # Dagestan before Tatarstan, then by title.
    assert list(selectors.entries_for_user(federal, contest)) == [b1, a2, a1]
    assert list(selectors.entries_for_user(federal, contest, state=S.SUBMITTED)) == [a2]
    assert list(selectors.entries_for_user(federal, contest, region_id=site_a.region_id)) == [
        a2,
        a1,
    ]
    assert list(selectors.entries_for_user(federal, contest, nomination_id=special.pk)) == [
        b1,
        a1,
    ]
    assert list(
        selectors.entries_for_user(
            federal, contest, state=S.DRAFT, region_id=site_a.region_id, nomination_id=special.pk
        )
    ) == [a1]


def test_the_entries_list_never_shows_another_contests_entries(
    entries, contest, federal, applicant
):
    older = _another_contest(contest, edition=2)
    Entry.objects.filter(pk=entries["a_general"].pk).update(contest=older)
    assert list(selectors.entries_for_user(applicant, contest)) == [entries["a_special"]]
    assert entries["a_general"] not in selectors.entries_for_user(federal, contest)
    assert list(selectors.entries_for_user(federal, older)) == [
        Entry.objects.get(pk=entries["a_general"].pk)
    ]


def test_the_entries_list_counts_open_remarks_and_is_one_query(
    entries, contest, federal, regional_a
):
    a1, a2 = entries["a_special"], entries["a_general"]
    for text in ("Уточните охват", "Приложите письмо"):
        FieldComment.objects.create(entry=a2, text=text, author=regional_a)
    FieldComment.objects.create(
        entry=a2, text="Снято", author=regional_a, resolved_at=timezone.now()
    )
    FieldComment.objects.create(entry=a1, text="Одно", author=regional_a)
    listed = selectors.entries_for_user(federal, contest)
    with _count_queries() as reads:
        shown = {
            e.pk: (
                e.open_comments,
                e.nomination.title,
                e.organisation.name,
                e.region.name,
                e.municipality and e.municipality.name,
            )
            for e in listed
        }
    assert len(reads.captured_queries) == 1
    assert {pk: row[0] for pk, row in shown.items()} == {
        a1.pk: 1,
        a2.pk: 2,
        entries["b_special"].pk: 0,
    }


def test_of_entries_with_one_title_the_list_shows_the_older_first(entries, contest, federal):
    a1, a2 = entries["a_special"], entries["a_general"]
    Entry.objects.filter(pk__in=[a1.pk, a2.pk]).update(title="Одно название")
    assert list(selectors.entries_for_user(federal, contest))[1:] == [a1, a2]


def test_only_the_federal_centre_filters_by_region(contest, federal, regional_a, site_a, site_b):
    options = selectors.entry_filter_options(federal, contest)
    assert options["regions"] == [site_b.region, site_a.region]
    assert selectors.entry_filter_options(regional_a, contest)["regions"] == []


def test_the_region_filter_costs_the_same_however_many_sites(contest, federal, site_a, site_b):
    selectors.entry_filter_options(federal, contest)  # the role is read once per request
    with _count_queries() as reads:
        selectors.entry_filter_options(federal, contest)
    two_sites = len(reads.captured_queries)
    PilotSiteFactory(programme=contest.programme, region=region("02"))
    with _count_queries() as reads:
        options = selectors.entry_filter_options(federal, contest)
    assert len(options["regions"]) == 3
    assert len(reads.captured_queries) == two_sites


def test_the_filter_offers_the_contests_nominations(contest, federal, special, general):
    other = _another_contest(contest, edition=4)
    from contest.models import Nomination

    Nomination.objects.create(contest=other, title="Чужая", position=1)
    assert selectors.entry_filter_options(federal, contest)["nominations"] == [special, general]
    assert list(selectors.nominations(contest)) == [special, general]


def test_a_site_of_another_programme_is_not_a_region_to_filter_by(contest, federal, site_a):
    other = ProgrammeFactory(title="Прошлая программа", year=2019, is_current=False)
    PilotSiteFactory(programme=other, region=region("02"))
    assert selectors.entry_filter_options(federal, contest)["regions"] == [site_a.region]


# --- Starting an entry --------------------------------------------------------------------------


def test_each_person_may_start_entries_only_for_their_own_selected_practices(
    contest, practice_a, practice_b, applicant, applicant_b, regional_a, federal, expert
):
    assert list(selectors.selectable_practices(applicant, contest)) == [practice_a]
    assert list(selectors.selectable_practices(applicant_b, contest)) == [practice_b]
    assert list(selectors.selectable_practices(regional_a, contest)) == [practice_a]
    # Dagestan before Tatarstan.
    assert list(selectors.selectable_practices(federal, contest)) == [practice_b, practice_a]
    assert list(selectors.selectable_practices(expert, contest)) == []
    with _count_queries() as reads:
        shown = [
            (q.organisation.region.name, q.municipality and q.municipality.name)
            for q in selectors.selectable_practices(federal, contest)
        ]
    assert len(shown) == 2
    assert len(reads.captured_queries) <= 2  # the role check and the list


def test_a_regional_centre_may_start_entries_for_any_organisation_of_its_region(
    contest, programme, site_a, practice_a, regional_a
):
    from tests.factories import OrganisationFactory

    neighbour = OrganisationFactory(name="АНО «Соседи»", region=site_a.region)
    second = selected_practice(programme, site_a, neighbour, title="Вторая практика")
    assert set(selectors.selectable_practices(regional_a, contest)) == {practice_a, second}


def test_practices_list_by_title_within_a_region(
    contest, programme, site_a, applicant_organisation, applicant
):
    later = selected_practice(programme, site_a, applicant_organisation, title="Ясли")
    first = selected_practice(programme, site_a, applicant_organisation, title="Азбука")
    assert list(selectors.selectable_practices(applicant, contest)) == [first, later]


def test_a_practice_selected_twice_is_offered_once(contest, practice_a, applicant):
    Decision.objects.create(questionnaire=practice_a, outcome=Outcome.BEST, reason="ok")
    assert list(selectors.selectable_practices(applicant, contest)) == [practice_a]


# --- The readiness of the sites -----------------------------------------------------------------


def test_the_target_is_the_programmes_or_else_the_roadmaps(contest, programme):
    Target.objects.filter(programme=programme).update(value=4)
    assert selectors.entry_target(programme) == 4
    other = ProgrammeFactory(title="Прошлая программа", year=2019, is_current=False)
    Target.objects.create(programme=other, code=TargetCode.CONTEST_ENTRIES_PER_SITE, value=7)
    # Another of the programme's targets, listed before the contest's.
    Target.objects.create(programme=programme, code=TargetCode.BEST_PRACTICES, value=15)
    assert selectors.entry_target(programme) == 4
    Target.objects.filter(programme=programme).delete()
    assert selectors.entry_target(programme) == seed_targets()[TargetCode.CONTEST_ENTRIES_PER_SITE]


def test_readiness_counts_each_sites_entries_by_state_and_only_this_contests(
    entries, contest, federal, regional_a, site_a, site_b, practice_a, applicant, third_nomination
):
    now = timezone.now()
    a1, a2, b1 = entries["a_special"], entries["a_general"], entries["b_special"]
    _state(a1, S.CHECKED)
    second = selected_practice(
        contest.programme, site_a, practice_a.organisation, title="Вторая практика"
    )
    extra = [services.entry_start(by=applicant, questionnaire=second, nomination=third_nomination)]
    _state(extra[0], S.RETURNED)
    older = _another_contest(contest, edition=2)
    # An entry of another contest: counted there, not here.
    Entry.objects.filter(pk=a2.pk).update(contest=older)
    rows = selectors.readiness(federal, contest, now)
    assert [row.site for row in rows] == [site_b, site_a]
    b_row, a_row = rows
    counts = lambda row: (  # noqa: E731
        row.checked,
        row.submitted,
        row.returned,
        row.drafts,
        row.sent,
        row.results,
    )
    assert counts(a_row) == (1, 0, 1, 0, 0, 0)
    assert counts(b_row) == (0, 0, 0, 1, 0, 0)
    assert a_row.target == 2
    assert a_row.short_by == 1
    assert b_row.short_by == 2
    assert [row.site for row in selectors.readiness(regional_a, contest, now)] == [site_a]
    assert [row.site for row in selectors.readiness(None, contest, now)] == [site_b, site_a]
    _state(b1, S.SUBMITTED)
    _state(a1, S.SENT)
    b_row, a_row = selectors.readiness(federal, contest, now)
    assert counts(b_row) == (0, 1, 0, 0, 0, 0)
    assert counts(a_row) == (1, 0, 1, 0, 1, 0)
    _state(a1, S.RESULT)
    _state(extra[0], S.CHECKED)
    b_row, a_row = selectors.readiness(federal, contest, now)
    assert counts(a_row) == (2, 0, 0, 0, 1, 1)
    assert (a_row.status, a_row.short_by) == ("success", 0)
    assert a_row.status_text == "Цель достигнута"
    Target.objects.filter().update(value=3)
    b_row, a_row = selectors.readiness(federal, contest, now)
    assert (a_row.target, a_row.short_by, a_row.status) == (3, 1, "warning")


def test_readiness_counts_days_in_each_sites_zone_in_a_fixed_number_of_queries(
    contest, federal, site_a, site_b
):
    now = contest.deadline - datetime.timedelta(days=5)
    selectors.readiness(federal, contest, now)  # the role is read once per request
    with _count_queries() as reads:
        selectors.readiness(federal, contest, now)
    two_sites = len(reads.captured_queries)
    far_east = PilotSiteFactory(programme=contest.programme, region=region("25"))
    with _count_queries() as reads:
        rows = selectors.readiness(federal, contest, now)
    assert len(reads.captured_queries) == two_sites
    row = next(r for r in rows if r.site == far_east)
    assert row.local_deadline.utcoffset() == datetime.timedelta(hours=10)
    assert "UTC+10" in row.zone_label


def test_readiness_warns_in_the_sites_own_time_as_the_deadline_nears(
    entries, contest, federal, site_a
):
    soon = contest.deadline - datetime.timedelta(days=5)
    far = contest.deadline - datetime.timedelta(days=40)
    late = contest.deadline + datetime.timedelta(days=1)
    row = selectors.readiness(federal, contest, soon)[1]
    assert row.site == site_a
    assert (row.status, row.days_left) == ("danger", 5)
    assert row.status_text == "Не хватает заявок, срок близко"
    assert row.local_deadline == contest.deadline
    assert row.local_deadline.utcoffset() == datetime.timedelta(hours=3)
    assert row.zone_label
    assert selectors.readiness(federal, contest, far)[1].status == "warning"
    assert selectors.readiness(federal, contest, late)[1].status_text == (
        "Срок прошёл, цель не достигнута"
    )
    contest.warning_days = 3
    assert selectors.readiness(federal, contest, soon)[1].status == "warning"


# --- The entry page -----------------------------------------------------------------------------


def test_the_entry_page_shows_its_own_history_remarks_and_the_practices_support(
    entries, regional_a, practice_a
):
    a1, a2 = entries["a_special"], entries["a_general"]
    first = EntryHistory.objects.filter(entry=a1).first()
    later = EntryHistory.objects.create(
        entry=a1, action=first.action, to_state=S.SUBMITTED, actor=regional_a
    )
    EntryHistory.objects.filter(pk=first.pk).update(
        created_at=timezone.now() + datetime.timedelta(hours=1)
    )
    EntryHistory.objects.create(entry=a2, action=first.action, to_state=S.SUBMITTED)
    mine = FieldComment.objects.create(
        entry=a1,
        text="Уточните",
        author=regional_a,
        resolved_by=regional_a,
        resolved_at=timezone.now(),
    )
    FieldComment.objects.create(entry=a2, text="Чужое", author=regional_a)
    practice = practice_a.pilot_practices.first()
    today = timezone.localdate()
    new = SupportEntry.objects.create(
        practice=practice, date=today, kind="methodological", text="Позже", author=regional_a
    )
    same_day = SupportEntry.objects.create(
        practice=practice,
        date=today,
        kind="methodological",
        text="Тем же днём",
        author=regional_a,
    )
    old = SupportEntry.objects.create(
        practice=practice,
        date=today - datetime.timedelta(days=3),
        kind="methodological",
        text="Раньше, записано позже",
        author=regional_a,
    )
    page = selectors.entry_detail(a1)
    assert page["history"] == [later, first]
    assert page["comments"] == [mine]
    assert page["support"] == [same_day, new, old]
    with _count_queries() as reads:
        names = [h.actor and h.actor.full_name for h in page["history"]]
        names += [c.author.full_name for c in page["comments"]]
        names += [c.resolved_by.full_name for c in page["comments"]]
        names += [s.author.full_name for s in page["support"]]
        names += [s.practice.pilot_site.region.name for s in page["support"]]
    assert regional_a.full_name in names
    assert len(reads.captured_queries) == 0


# --- The collection -----------------------------------------------------------------------------


@pytest.fixture
def edition(federal, programme, practice_a, practice_b):
    for questionnaire in (practice_a, practice_b):
        Decision.objects.create(questionnaire=questionnaire, outcome=Outcome.BEST, reason="ok")
    return services.edition_create(
        by=federal, programme=programme, foreword="Предисловие.", how_to_use="По направлениям."
    )


def test_the_editor_lists_editions_newest_first_with_their_chapter_counts(
    edition, federal, programme, practice_a, practice_b
):
    services.chapter_add(edition=edition, questionnaire=practice_a, by=federal)
    services.chapter_add(edition=edition, questionnaire=practice_b, by=federal)
    second = services.edition_create(
        by=federal, programme=programme, foreword="Второе.", how_to_use="Так же."
    )
    services.chapter_add(edition=second, questionnaire=practice_a, by=federal)
    listed = list(selectors.editions_for_editor(programme))
    assert listed == [second, edition]
    assert [e.chapter_count for e in listed] == [1, 2]


def test_an_editions_chapters_are_in_their_order(
    edition, federal, practice_a, practice_b, form, special
):
    first = services.chapter_add(edition=edition, questionnaire=practice_a, by=federal)
    second = services.chapter_add(edition=edition, questionnaire=practice_b, by=federal)
    Chapter.objects.filter(pk=first.pk).update(position=9)
    Chapter.objects.filter(pk=second.pk).update(position=1)
    assert list(selectors.edition_chapters(edition)) == [second, first]
    Chapter.objects.filter(pk=first.pk).update(position=1)
    entry = services.entry_start(by=federal, questionnaire=first.questionnaire, nomination=special)
    Chapter.objects.filter(pk=first.pk).update(entry=entry)
    chapters = list(selectors.edition_chapters(edition))
    assert chapters == [first, second]
    with _count_queries() as reads:
        names = [c.questionnaire.organisation.name for c in chapters]
        names += [c.entry and c.entry.nomination.title for c in chapters]
        names += [p.asset for c in chapters for p in c.photos.all()]
    assert len(reads.captured_queries) == 0
    assert names


def test_the_candidates_are_the_best_practices_and_results_not_yet_in_the_edition(
    edition, federal, programme, practice_a, practice_b, entries, site_a, applicant_organisation
):
    a1 = _state(entries["a_special"], S.RESULT, result=Result.WINNER, place=1)
    _state(entries["a_general"], S.SENT)
    # Dagestan before Tatarstan.
    candidates = list(selectors.collection_candidates(edition))
    assert candidates == [practice_b, practice_a]
    results = {q.pk: q.results for q in candidates}
    assert results == {practice_a.pk: [a1], practice_b.pk: []}
    with _count_queries() as reads:
        shown = [(q.organisation.region.name, q.direction and q.direction.name) for q in candidates]
        shown += [r.nomination.title for q in candidates for r in q.results]
    assert len(reads.captured_queries) == 0
    assert shown
    services.chapter_add(edition=edition, questionnaire=practice_b, by=federal)
    assert list(selectors.collection_candidates(edition)) == [practice_a]
    later = selected_practice(programme, site_a, applicant_organisation, title="Азбука")
    Decision.objects.create(questionnaire=later, outcome=Outcome.BEST, reason="ok")
    assert list(selectors.collection_candidates(edition)) == [later, practice_a]


def test_only_published_editions_are_public_newest_first(edition, federal, programme):
    second = services.edition_create(
        by=federal, programme=programme, foreword="Второе.", how_to_use="Так же."
    )
    third = services.edition_create(
        by=federal, programme=programme, foreword="Третье.", how_to_use="Так же."
    )
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(
        state=EditionState.PUBLISHED,
        frozen={"chapters": []},
        published_at=now - datetime.timedelta(days=30),
    )
    Edition.objects.filter(pk=second.pk).update(
        state=EditionState.PUBLISHED, frozen={"chapters": []}, published_at=now
    )
    published = list(selectors.published_editions())
    assert published == [second, edition]
    assert third not in published
    with _count_queries() as reads:
        titles = [e.programme.title for e in published]
    assert titles == [programme.title, programme.title]
    assert len(reads.captured_queries) == 0


def test_an_organisation_is_asked_to_approve_only_its_chapters_sent_to_it(
    edition, federal, applicant, applicant_b, practice_a, practice_b
):
    mine = services.chapter_add(edition=edition, questionnaire=practice_a, by=federal)
    theirs = services.chapter_add(edition=edition, questionnaire=practice_b, by=federal)
    assert list(selectors.chapters_awaiting(applicant)) == []
    for chapter in (mine, theirs):
        Chapter.objects.filter(pk=chapter.pk).update(state=ChapterState.WITH_ORGANISATION)
    awaiting = list(selectors.chapters_awaiting(applicant))
    assert awaiting == [mine]
    with _count_queries() as reads:
        assert awaiting[0].edition.pk == edition.pk
    assert len(reads.captured_queries) == 0
    Chapter.objects.filter(pk=mine.pk).update(state=ChapterState.APPROVED)
    assert list(selectors.chapters_awaiting(applicant)) == []
    assert list(selectors.chapters_awaiting(applicant_b)) == [theirs]


def test_a_practice_page_lists_its_results_latest_contest_first(entries, contest, practice_a):
    a1 = _state(entries["a_special"], S.RESULT, result=Result.PARTICIPANT)
    _state(entries["a_general"], S.SENT)
    _state(entries["b_special"], S.RESULT, result=Result.WINNER, place=1)
    newer = _another_contest(contest, edition=contest.edition + 1)
    later = _state(entries["a_general"], S.RESULT, result=Result.WINNER, place=2, contest=newer)
    results = selectors.practice_results(practice_a.pk)
    assert results == [later, a1]
    with _count_queries() as reads:
        shown = [(r.contest.edition, r.nomination.title) for r in results]
    assert shown[0][0] == contest.edition + 1
    assert len(reads.captured_queries) == 0
    _state(a1, S.SENT, result="")
    assert selectors.practice_results(practice_a.pk) == [later]


def test_the_report_lists_the_chosen_sites_entries_of_this_programme(
    entries, programme, site_a, site_b, federal
):
    a1, a2, b1 = entries["a_special"], entries["a_general"], entries["b_special"]
    _state(a1, S.RESULT, result=Result.PRIZE_WINNER, place=2)
    second = selected_practice(programme, site_a, a1.organisation, title="Вторая практика")
    a3 = services.entry_start(by=federal, questionnaire=second, nomination=a1.nomination)
    with _count_queries() as reads:
        rows = selectors.report_entries(programme.pk, [site_a.pk])
    assert len(reads.captured_queries) == 1
    assert [row["id"] for row in rows] == [a1.pk, a2.pk, a3.pk]
    assert rows[0] == {
        "id": a1.pk,
        "site": site_a.pk,
        "title": "Яблоневый сад",
        "nomination": a1.nomination.title,
        "state": "Итог записан",
        "result": "Призёр, 2 место",
    }
    assert rows[1]["result"] == ""
    assert rows[1]["state"] == "На проверке"
    both = selectors.report_entries(programme.pk, [site_a.pk, site_b.pk])
    ours = [a1.pk, a2.pk, a3.pk]
    expected = [*ours, b1.pk] if site_a.pk < site_b.pk else [b1.pk, *ours]
    assert [row["id"] for row in both] == expected
    other = ProgrammeFactory(title="Прошлая программа", year=2019, is_current=False)
    assert selectors.report_entries(other.pk, [site_a.pk]) == []


def test_the_current_contest_is_the_latest_of_the_current_programme(contest, programme):
    assert selectors.contest_current() == contest
    newer = _another_contest(contest, edition=contest.edition + 1, programme=programme)
    assert selectors.contest_current() == newer
    old = ProgrammeFactory(title="Прошлая программа", year=2019, is_current=False)
    _another_contest(contest, edition=contest.edition + 5, programme=old)
    with _count_queries() as reads:
        found = selectors.contest_current()
        assert found.programme.title == programme.title
    assert found == newer
    assert len(reads.captured_queries) == 1


def test_someone_both_in_an_organisation_and_a_regional_centre_sees_both_practices(
    contest, practice_a, practice_b, applicant, site_b
):
    from resursnaya_sreda.accounts.models import Role
    from tests.factories import MembershipFactory

    MembershipFactory(user=applicant, role=Role.REGIONAL, pilot_site=site_b)
    assert set(selectors.selectable_practices(applicant, contest)) == {practice_a, practice_b}


# --- Ties: rows equal in the sort fields come in the order they were made ----------------------
# SQLite returns such rows in that order whatever the query asks; PostgreSQL need not (a row
# changed after the others may come last), so each test changes the older row last.


def test_entries_with_one_title_are_listed_in_the_order_they_were_started(
    entries, contest, federal, programme, site_a, site_b
):
    a1, a2 = entries["a_special"], entries["a_general"]
    Entry.objects.filter(pk=a2.pk).update(title="Одно название")
    Entry.objects.filter(pk=a1.pk).update(title="Одно название")
    assert list(selectors.entries_for_user(federal, contest))[-2:] == [a1, a2]
    rows = selectors.report_entries(programme.pk, [site_a.pk])
    assert [row["id"] for row in rows] == [a1.pk, a2.pk]


def test_chapters_in_one_place_are_listed_in_the_order_they_were_added(
    edition, federal, practice_a, practice_b
):
    first = services.chapter_add(edition=edition, questionnaire=practice_a, by=federal)
    second = services.chapter_add(edition=edition, questionnaire=practice_b, by=federal)
    Chapter.objects.filter(pk=second.pk).update(position=3)
    Chapter.objects.filter(pk=first.pk).update(position=3)
    assert list(selectors.edition_chapters(edition)) == [first, second]

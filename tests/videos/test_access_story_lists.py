"""What the stories' lists hold for whom (videos.selectors): regional staff their site's
stories, federal coordinators every site's; the public only published ones; a practice's page
shows staff what they may open and everyone else what is published; each list in fixed
queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.models import Target, TargetCode
from tests.factories import ProgrammeFactory
from tests.videos.factories import passed_cut, practice_for, story_for
from videos import selectors
from videos.models import CheckState, Cut, PublicationLink, Story, StoryState

pytestmark = pytest.mark.django_db


def _publish(story, *, release_on=None, days_ago=1):
    Story.objects.filter(pk=story.pk).update(
        state=StoryState.PUBLISHED,
        release_on=release_on or timezone.localdate() - datetime.timedelta(days=days_ago),
        published_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    story.refresh_from_db()
    return story


@pytest.fixture
def shelf(programme, site_a, site_b, regional_a, regional_b, practice_a, practice_a2):
    """Two stories of site A (the second on the first practice only), one of site B."""
    Target.objects.create(programme=programme, code=TargetCode.VIDEO_STORIES_PER_SITE, value=2)
    first = story_for(site_a, regional_a, practices=[practice_a2, practice_a], title="Первый")
    second = story_for(site_a, regional_a, practices=[practice_a], title="Второй")
    dagestan = story_for(site_b, regional_b, title="Дербент")
    return {"first": first, "second": second, "dagestan": dagestan}


def test_staff_stories_by_role_state_and_site(
    shelf, programme, site_a, site_b, regional_a, regional_b, federal, expert
):
    Story.objects.filter(pk=shelf["second"].pk).update(state=StoryState.FILMING)
    other_programme = ProgrammeFactory(year=2019)
    assert list(selectors.staff_stories(regional_a, programme)) == [shelf["first"], shelf["second"]]
    assert list(selectors.staff_stories(regional_b, programme)) == [shelf["dagestan"]]
    # Dagestan before Tatarstan, then by the site's story number.
    assert list(selectors.staff_stories(federal, programme)) == [
        shelf["dagestan"],
        shelf["first"],
        shelf["second"],
    ]
    assert list(selectors.staff_stories(expert, programme)) == []
    assert list(selectors.staff_stories(federal, other_programme)) == []
    assert list(selectors.staff_stories(federal, programme, state=StoryState.FILMING)) == [
        shelf["second"]
    ]
    assert list(selectors.staff_stories(federal, programme, site=site_b)) == [shelf["dagestan"]]
    assert list(selectors.staff_stories(regional_a, programme, site=site_b)) == []


def test_staff_stories_carry_their_latest_cut_and_practices_in_two_queries(
    shelf, programme, federal, practice_a, practice_a2, django_assert_num_queries
):
    story = shelf["first"]
    older = passed_cut(story)
    newer = Cut.objects.create(
        story=story, display_name="cut-2.mp4", size=1000, check_state=CheckState.FAILED
    )
    Cut.objects.filter(pk=older.pk).update(uploaded_at=newer.uploaded_at)  # same moment: by id
    roles.is_federal(federal)  # the roles are read once per request
    with django_assert_num_queries(2):
        found = {s.pk: s for s in selectors.staff_stories(federal, programme)}
        first = found[story.pk]
        assert [p.questionnaire for p in first.story_practices.all()] == [practice_a2, practice_a]
        assert all(
            p.questionnaire.organisation.name
            for s in found.values()
            for p in s.story_practices.all()
        )
        assert first.pilot_site.region.name and not hasattr(first, "proposal")
    assert (first.last_check, first.last_cut_id) == (CheckState.FAILED, newer.pk)
    Cut.objects.filter(pk=older.pk).update(uploaded_at=newer.uploaded_at + datetime.timedelta(1))
    first = selectors.staff_stories(federal, programme).get(pk=story.pk)
    assert (first.last_check, first.last_cut_id) == (CheckState.PASSED, older.pk)


def test_the_public_sees_published_stories_only(shelf, programme, site_a, site_b):
    assert list(selectors.public_stories(programme)) == []
    late = _publish(shelf["first"], days_ago=5)
    early = _publish(shelf["second"], days_ago=9)
    dagestan = _publish(shelf["dagestan"], days_ago=1)  # released last, listed first
    other = ProgrammeFactory(year=2019)
    # Dagestan first (by region name), then site A's by release date.
    assert list(selectors.public_stories(programme)) == [dagestan, early, late]
    assert list(selectors.public_stories(None)) == [dagestan, early, late]
    assert list(selectors.public_stories(other)) == []
    assert list(selectors.public_stories(programme, region_id=site_a.region_id)) == [early, late]
    Story.objects.filter(pk=late.pk).update(release_on=early.release_on)
    same_day = list(selectors.public_stories(programme, region_id=site_a.region_id))
    assert same_day == [late, early]  # the same day: by id (the first story was made first)


def test_a_published_storys_poster_is_its_latest_passed_cut_with_a_frame(shelf, programme):
    story = _publish(shelf["first"])
    without_frame = passed_cut(story)
    framed = passed_cut(story)
    Cut.objects.filter(pk=framed.pk).update(poster="videos/posters/kadr.jpg")
    later_failed = Cut.objects.create(
        story=story,
        display_name="cut-3.mp4",
        check_state=CheckState.FAILED,
        poster="videos/posters/kadr-3.jpg",
    )
    later_unframed = passed_cut(story)
    assert later_failed and later_unframed and without_frame
    found = selectors.public_stories(programme).get(pk=story.pk)
    assert found.poster_cut_id == framed.pk
    second = passed_cut(story)
    Cut.objects.filter(pk=second.pk).update(
        poster="videos/posters/kadr-2.jpg", uploaded_at=Cut.objects.get(pk=framed.pk).uploaded_at
    )
    assert selectors.public_stories(programme).get(pk=story.pk).poster_cut_id == second.pk


def test_the_public_list_is_three_queries(shelf, programme, django_assert_num_queries):
    for story in shelf.values():
        _publish(story)
        PublicationLink.objects.create(
            story=story, platform="vk", url="https://vk.com/video-1_2", video_id="-1_2"
        )
    with django_assert_num_queries(3):
        found = list(selectors.public_stories(programme))
        assert all(s.pilot_site.region.name for s in found)
        assert all(
            p.questionnaire.organisation.name for s in found for p in s.story_practices.all()
        )
        assert all(len(s.links.all()) == 1 for s in found)


def test_a_practices_page_shows_staff_what_they_may_open(
    shelf, practice_a, practice_a2, regional_a, regional_b, federal
):
    published = _publish(shelf["second"])

    def shown(user, public):
        return [
            (s.pk, s.thread_url, s.thread_state)
            for s in selectors.practice_stories(practice_a.pk, user, public=public)
        ]

    public_url = reverse("videos:public-story", args=[published.pk])
    assert shown(None, True) == [(published.pk, public_url, "")]
    assert shown(regional_a, True) == [(published.pk, public_url, "")]
    # Site A's staff open both of their stories, with their state.
    assert shown(regional_a, False) == [
        (shelf["first"].pk, reverse("videos:story", args=[shelf["first"].pk]), "Замысел"),
        (published.pk, reverse("videos:story", args=[published.pk]), "Опубликован"),
    ]
    # Another site's staff see only what is published, as the public does.
    assert shown(regional_b, False) == [(published.pk, public_url, "")]
    assert [pk for pk, _url, _state in shown(federal, False)] == [shelf["first"].pk, published.pk]
    assert [s.pk for s in selectors.practice_stories(practice_a2.pk, None, public=True)] == []


def test_the_reports_stories_of_the_sites(shelf, programme, site_a, site_b):
    published = _publish(shelf["second"], days_ago=3)
    PublicationLink.objects.create(
        story=published, platform="vk", url="https://vk.com/video-1_2", video_id="-1_2"
    )
    Story.objects.filter(pk=shelf["first"].pk).update(number=3)  # by number, not by id
    rows = selectors.report_stories(programme.pk, [site_a.pk])
    assert [row["id"] for row in rows] == [published.pk, shelf["first"].pk]
    second, first = rows
    assert first == {
        "id": shelf["first"].pk,
        "site": site_a.pk,
        "title": "Первый",
        "state": "Замысел",
        "published": "",
        "links": [],
    }
    assert second["published"] == published.published_at.date().isoformat()
    assert second["links"] == ["https://vk.com/video-1_2"]
    both = selectors.report_stories(programme.pk, [site_a.pk, site_b.pk])
    assert {row["id"] for row in both} == {s.pk for s in shelf.values()}
    assert selectors.report_stories(ProgrammeFactory(year=2019).pk, [site_a.pk]) == []


def test_the_federal_matrix_every_site_with_its_stories(
    shelf, programme, site_a, site_b, spec, regional_b, django_assert_num_queries
):
    from videos import services

    practice_for(site_b, "Дагестанская практика", slot=2)
    services.specification_acknowledge(spec=spec, site=site_b, by=regional_b)
    with django_assert_num_queries(3):
        rows = selectors.site_matrix(programme, spec)
        assert [row.site.region.name for row in rows]
        assert all(
            s.title and s.state and s.pilot_site_id and s.number and s.release_on is None
            for row in rows
            for s in row.stories
        )
    assert [(row.site, [s.pk for s in row.stories], row.acknowledged) for row in rows] == [
        (site_b, [shelf["dagestan"].pk], True),
        (site_a, [shelf["first"].pk, shelf["second"].pk], False),
    ]
    assert all(not row.acknowledged for row in selectors.site_matrix(programme, None))
    counts = selectors.state_counts([s for row in rows for s in row.stories])
    assert counts == [("idea", "Замысел", 3)]


def test_a_schedules_slots_by_date_then_region_and_what_each_site_got(
    shelf, programme, federal, django_assert_num_queries
):
    from videos.models import ScheduleSlot, ScheduleState, ScheduleVersion

    version = ScheduleVersion.objects.create(
        programme=programme, number=1, state=ScheduleState.SOLVED, created_by=federal
    )
    day = datetime.date(2026, 9, 1)
    # All on one day, entered out of order: by region name, then by story.
    rows = [(shelf["second"], day, 0), (shelf["first"], day, 1), (shelf["dagestan"], day, 2)]
    for story, release_on, rank in rows:
        ScheduleSlot.objects.create(
            version=version, story=story, release_on=release_on, preference_rank=rank
        )
    with django_assert_num_queries(1):
        slots = list(selectors.version_slots(version))
        assert all(s.story.pilot_site.region.name for s in slots)
        assert not any(hasattr(s.story, "pin") or hasattr(s.story, "proposal") for s in slots)
    assert [s.story for s in slots] == [shelf["dagestan"], shelf["first"], shelf["second"]]
    fair = selectors.fairness(slots)
    assert [(f.region, f.stories, f.first_choice, f.other_choice, f.outside) for f in fair] == [
        ("Республика Дагестан", 1, 0, 1, 0),
        ("Республика Татарстан", 2, 1, 0, 1),
    ]
    assert selectors.published_schedule(programme) is None  # a solved draft is not public
    newer = ScheduleVersion.objects.create(
        programme=programme,
        number=2,
        state=ScheduleState.PUBLISHED,
        created_by=federal,
        published_by=federal,
        baseline=version,
    )
    with django_assert_num_queries(1):
        versions = list(selectors.schedule_versions(programme))
        assert [(v.created_by, v.published_by, v.baseline) for v in versions] == [
            (federal, federal, version),
            (federal, None, None),
        ]
    assert versions == [newer, version]
    assert selectors.published_schedule(programme) == newer
    assert selectors.published_schedule(None) is None
    assert selectors.published_schedule(ProgrammeFactory(year=2019)) is None


def test_the_reports_stories_in_two_queries_by_site_then_number(
    shelf, programme, site_a, site_b, django_assert_num_queries
):
    ids = sorted([site_a.pk, site_b.pk])
    with django_assert_num_queries(2):
        rows = selectors.report_stories(programme.pk, ids)
    by_site = {
        site_a.pk: [shelf["first"].pk, shelf["second"].pk],
        site_b.pk: [shelf["dagestan"].pk],
    }
    assert [row["id"] for row in rows] == [pk for site in ids for pk in by_site[site]]


def test_a_storys_page_reads_everything_at_once(
    shelf, federal, regional_a, spec, django_assert_num_queries
):
    from tests.videos.factories import move_to
    from videos import services

    story = move_to(shelf["first"], "filming", regional=regional_a, federal=federal)
    services.partner_add(story=story, by=regional_a, data={"name": "Студия", "role": "studio"})
    services.person_add(story=story, by=regional_a, data={"full_name": "Иванов"})
    older = passed_cut(story)
    newer = passed_cut(story)
    Cut.objects.filter(pk=older.pk).update(uploaded_at=newer.uploaded_at)  # same moment: by id
    history = list(story.history.order_by("-created_at", "-pk"))
    with django_assert_num_queries(8):
        page = selectors.story_page(story)
    with django_assert_num_queries(0):
        assert page.programme.title and page.pilot_site.region.name and page.pilot_site.centre
        assert page.specification is not None and not hasattr(page, "pin")
        assert not hasattr(page, "proposal")
        assert [p.name for p in page.partners.all()] == ["Студия"]
        assert [p.full_name for p in page.people.all()] == ["Иванов"]
        assert list(page.links.all()) == []
        assert [c.pk for c in page.cuts.all()] == [newer.pk, older.pk]
        assert [h.pk for h in page.history.all()] == [h.pk for h in history]
        assert all(h.actor for h in page.history.all())
        assert [p.questionnaire.organisation.name for p in page.story_practices.all()]


def test_fairness_counts_each_kind_of_wish(site_a, site_b):
    from types import SimpleNamespace

    def slot(site, rank):
        return SimpleNamespace(story=SimpleNamespace(pilot_site=site), preference_rank=rank)

    ranks = {site_a: [1, 1, 2, 3, 0, None], site_b: [2]}
    slots = [slot(site, rank) for site, many in ranks.items() for rank in many]
    assert [
        (f.region, f.stories, f.first_choice, f.other_choice, f.outside)
        for f in selectors.fairness(slots)
    ] == [
        ("Республика Дагестан", 1, 0, 1, 0),
        ("Республика Татарстан", 6, 2, 2, 2),
    ]


def test_a_practices_stories_in_one_query(shelf, practice_a, django_assert_num_queries):
    _publish(shelf["second"])
    with django_assert_num_queries(1):
        shown = selectors.practice_stories(practice_a.pk, None, public=True)
        assert [s.pilot_site.region.name for s in shown] == ["Республика Татарстан"]


def test_each_published_story_has_its_own_poster(shelf, programme):
    posters = {}
    for key in ("first", "dagestan"):
        story = _publish(shelf[key])
        cut = passed_cut(story)
        Cut.objects.filter(pk=cut.pk).update(poster=f"videos/posters/{key}.jpg")
        posters[story.pk] = cut.pk
    found = {s.pk: s.poster_cut_id for s in selectors.public_stories(programme)}
    assert found == posters


def test_staff_lists_follow_the_site_number_and_the_practices_position(
    shelf, programme, federal, practice_a, practice_a2
):
    from videos.models import StoryPractice

    Story.objects.filter(pk=shelf["first"].pk).update(number=3)
    assert list(selectors.staff_stories(federal, programme))[1:] == [
        shelf["second"],
        shelf["first"],
    ]
    StoryPractice.objects.filter(story=shelf["first"], questionnaire=practice_a).update(position=0)
    story = selectors.staff_stories(federal, programme).get(pk=shelf["first"].pk)
    assert [p.questionnaire for p in story.story_practices.all()] == [practice_a, practice_a2]


def test_a_storys_page_lists_the_latest_cut_first(shelf, federal, regional_a):
    story = shelf["first"]
    older = passed_cut(story)
    newer = passed_cut(story)
    Cut.objects.filter(pk=older.pk).update(
        uploaded_at=Cut.objects.get(pk=newer.pk).uploaded_at + datetime.timedelta(hours=1)
    )
    assert [c.pk for c in selectors.story_page(story).cuts.all()] == [older.pk, newer.pk]


def test_a_schedules_slots_come_by_release_date_before_region(shelf, programme, federal):
    """The release schedule reads in date order: a later date of the first region comes after
    an earlier date of the last one, whatever order the solver wrote the slots in."""
    from videos.models import ScheduleSlot, ScheduleState, ScheduleVersion

    version = ScheduleVersion.objects.create(
        programme=programme, number=1, state=ScheduleState.SOLVED, created_by=federal
    )
    september = datetime.date(2026, 9, 1)
    rows = [
        (shelf["dagestan"], september + datetime.timedelta(days=14)),
        (shelf["second"], september),
        (shelf["first"], september + datetime.timedelta(days=7)),
    ]
    for rank, (story, release_on) in enumerate(rows):
        ScheduleSlot.objects.create(
            version=version, story=story, release_on=release_on, preference_rank=rank
        )
    slots = list(selectors.version_slots(version))
    assert [(s.story, s.release_on) for s in slots] == [
        (shelf["second"], september),
        (shelf["first"], september + datetime.timedelta(days=7)),
        (shelf["dagestan"], september + datetime.timedelta(days=14)),
    ]

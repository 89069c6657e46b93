"""One page follows a practice through every step, reachable from each step's pages."""

from __future__ import annotations

from django.urls import reverse

from contest.models import EntryState
from tests.dashboard import factories as make
from videos.models import StoryPractice


def threaded_practice(site):
    selection = make.pilot_practice(site, slot=1)
    practice = selection.questionnaire
    practice.title = "Школа межнационального диалога"
    practice.save(update_fields=["title"])
    seminar = make.event(site, attended=15, title="Семинар на базе школы")
    seminar.practice = practice
    seminar.save(update_fields=["practice"])
    story = make.story(site)
    StoryPractice.objects.create(story=story, questionnaire=practice)
    contest, nomination = make.contest_for(site.programme)
    from contest.models import Entry

    entry = Entry.objects.create(
        contest=contest,
        nomination=nomination,
        questionnaire=practice,
        organisation=practice.organisation,
        region=site.region,
        pilot_site=site,
        state=EntryState.CHECKED,
        title=practice.title,
    )
    return practice, seminar, story, entry


def test_the_thread_follows_the_practice_across_all_steps(roadmap, site_a, federal, login):
    practice, seminar, story, entry = threaded_practice(site_a)
    html = login(federal).get(reverse("practices:thread", args=[practice.pk])).content.decode()
    assert "Путь практики «Школа межнационального диалога»" in html
    assert "Допущена к экспертизе" in html
    assert "Лучшая практика" in html
    assert "Консультация." in html  # the support log
    assert reverse("events:staff-detail", args=[seminar.pk]) in html
    assert reverse("videos:story", args=[story.pk]) in html
    assert reverse("contest:entry", args=[entry.pk]) in html
    assert "Проверена" in html


def test_every_step_links_to_the_thread(roadmap, site_a, federal, login):
    practice, seminar, story, entry = threaded_practice(site_a)
    client = login(federal)
    thread = reverse("practices:thread", args=[practice.pk])
    for url in (
        reverse("practices:detail", args=[practice.pk]),
        reverse("practices:pilot-site", args=[site_a.pk]),
        reverse("events:staff-detail", args=[seminar.pk]),
        reverse("videos:story", args=[story.pk]),
        reverse("contest:entry", args=[entry.pk]),
    ):
        assert thread in client.get(url).content.decode(), url


def test_another_regions_thread_is_404(roadmap, site_a, site_b, regional_b, regional_a, login):
    practice, *_rest = threaded_practice(site_a)
    url = reverse("practices:thread", args=[practice.pk])
    assert login(regional_b).get(url).status_code == 404
    assert login(regional_a).get(url).status_code == 200

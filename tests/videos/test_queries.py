"""Query counts stay flat as rows grow (django_assert_num_queries)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resursnaya_sreda.kernel.models import Target, TargetCode
from tests.videos.factories import move_to, passed_cut, practice_for, story_for
from videos import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(programme):
    Target.objects.create(programme=programme, code=TargetCode.VIDEO_STORIES_PER_SITE, value=50)


def _stories(site, by, n, start=0):
    from practices.models import PilotPractice

    if not PilotPractice.objects.filter(pilot_site=site).exists():
        practice_for(site, "Практика 1", slot=1)
        practice_for(site, "Практика 2", slot=2)
    practices = list(services.allowed_practices(site))
    return [story_for(site, by, practices=practices, title=f"Сюжет {start + i}") for i in range(n)]


def _count(client, url, *, fresh: bool = False) -> int:
    """Queries of one request; ``fresh`` forgets what the cache holds first (the access log
    records a read once a minute, so a slow test would otherwise see it come and go)."""
    if fresh:
        from django.core.cache import cache

        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_staff_list_is_flat(
    many, login, federal, site_a, regional_a, django_capture_on_commit_callbacks
):
    client = login(federal)
    with django_capture_on_commit_callbacks(execute=True):
        _stories(site_a, regional_a, 2)
    few = _count(client, reverse("videos:staff-list"))
    with django_capture_on_commit_callbacks(execute=True):  # the kept matrix is dropped
        _stories(site_a, regional_a, 8, start=10)
    assert _count(client, reverse("videos:staff-list")) == few


def test_the_federal_matrix_is_kept_until_a_story_changes(
    many, login, federal, site_a, regional_a, django_capture_on_commit_callbacks
):
    client = login(federal)
    with django_capture_on_commit_callbacks(execute=True):
        (story,) = _stories(site_a, regional_a, 1)
    url = reverse("videos:staff-list")
    cold = _count(client, url)
    assert _count(client, url) < cold  # the matrix's queries are not made again

    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Переименованный сюжет о дружбе"
        story.save(update_fields=["title"])
    response = client.get(url)
    matrix = response.content.decode().split("Площадки, сюжеты и состояния", 1)[1]
    assert "Переименованный сюжет о дружбе" in matrix

    with django_capture_on_commit_callbacks(execute=True):
        story.delete()
    matrix = client.get(url).content.decode().split("Площадки, сюжеты и состояния", 1)[1]
    assert "Переименованный сюжет о дружбе" not in matrix
    assert "сюжета нет" in matrix


def _publish(stories, regional, federal):
    for story in stories:
        story = move_to(story, "cut_approved", regional=regional, federal=federal)
        services.story_links_save(
            story=story, by=federal, links={"youtube": "https://youtu.be/M7lc1UVf-VE"}
        )


def test_the_public_list_is_flat(
    many, client, site_a, regional_a, federal, django_capture_on_commit_callbacks
):
    url = reverse("videos:public-list")
    with django_capture_on_commit_callbacks(execute=True):
        _publish(_stories(site_a, regional_a, 1), regional_a, federal)
    few = _count(client, url)
    with django_capture_on_commit_callbacks(execute=True):  # the kept cards are dropped
        _publish(_stories(site_a, regional_a, 5, start=10), regional_a, federal)
    assert _count(client, url) == few
    assert client.get(url).content.decode().count('class="col-lg-6"') == 6


def test_the_public_cards_are_kept_until_a_story_or_its_practice_changes(
    many, client, site_a, regional_a, federal, django_capture_on_commit_callbacks
):
    url = reverse("videos:public-list")
    with django_capture_on_commit_callbacks(execute=True):
        (story,) = _stories(site_a, regional_a, 1)
        _publish([story], regional_a, federal)
    cold = _count(client, url)
    assert _count(client, url) < cold  # the cards' queries are not made again
    practice = story.story_practices.get(position=1).questionnaire
    with django_capture_on_commit_callbacks(execute=True):
        practice.title = "Дом дружбы народов: новое название"
        practice.save(update_fields=["title"])
    assert "Дом дружбы народов: новое название" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        story.links.all().delete()
    assert "Смотреть на" not in client.get(url).content.decode()


def test_the_public_list_is_paged(
    many, client, site_a, regional_a, federal, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("videos.views.public.PUBLIC_PAGE_SIZE", 2)
    with django_capture_on_commit_callbacks(execute=True):
        _publish(_stories(site_a, regional_a, 3), regional_a, federal)
    url = reverse("videos:public-list")
    first = client.get(url).content.decode()
    assert first.count('class="col-lg-6"') == 2 and "1 из 2" in first
    for asked in ("2", "50"):
        last = client.get(url, {"page": asked}).content.decode()
        assert last.count('class="col-lg-6"') == 1 and "2 из 2" in last


def test_the_schedule_page_is_flat(
    many, login, federal, programme, site_a, regional_a, django_capture_on_commit_callbacks
):
    from tests.videos.factories import days

    services.rules_save(
        programme=programme,
        by=federal,
        data={"window_start": days(1), "window_end": days(90), "weekdays": [1, 2, 3, 4, 5]},
    )

    def solve():
        with django_capture_on_commit_callbacks(execute=True):
            services.schedule_request(programme=programme, by=federal)

    _stories(site_a, regional_a, 2)
    solve()
    client = login(federal)
    few = _count(client, reverse("videos:schedule"))
    _stories(site_a, regional_a, 10, start=10)
    solve()
    assert _count(client, reverse("videos:schedule")) == few


def test_a_story_page_does_not_grow_with_its_crew_and_history(login, story_a, regional_a, federal):
    story = move_to(story_a, "filming", regional=regional_a, federal=federal)
    client = login(regional_a)
    url = reverse("videos:story", args=[story.pk])
    services.partner_add(story=story, by=regional_a, data={"name": "Студия", "role": "studio"})
    services.person_add(story=story, by=regional_a, data={"full_name": "Иванов"})
    passed_cut(story)
    _count(client, url)  # warms the process's content-type cache the access log uses
    few = _count(client, url, fresh=True)
    for n in range(5):
        services.partner_add(
            story=story, by=regional_a, data={"name": f"Студия {n}", "role": "studio"}
        )
        services.person_add(story=story, by=regional_a, data={"full_name": f"Иванов {n}"})
        passed_cut(story)
    assert _count(client, url, fresh=True) == few

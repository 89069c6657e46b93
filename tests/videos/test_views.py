"""Pages: forms keep what was typed and explain mistakes; confirmations; the practice's page
lists its story; the cabinet says what is due next."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.videos.factories import days, move_to
from videos.models import Story, StoryState

pytestmark = pytest.mark.django_db


def test_regional_staff_create_a_story_for_their_site(
    login, regional_a, site_a, practice_a, practice_a2
):
    client = login(regional_a)
    form = client.get(reverse("videos:create")).content.decode()
    # A search field, not a list of every practice: the list comes from the site's endpoint.
    assert reverse("videos:practice-choices", args=[site_a.pk]) in form
    assert "Школа межнационального диалога" not in form
    response = client.post(
        reverse("videos:create"),
        {
            "pilot_site": site_a.pk,
            "title": "Казань — город дружбы",
            "synopsis": "О двух практиках",
            "script_text": "Сценарий",
            "practices": [practice_a.pk, practice_a2.pk],
        },
    )
    story = Story.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("videos:story", args=[story.pk])
    assert story.pilot_site == site_a and story.practices.count() == 2


def test_a_story_form_with_a_foreign_practice_keeps_the_text(
    login, regional_a, site_a, site_b, practice_a
):
    from tests.videos.factories import practice_for

    foreign = practice_for(site_b, "Чужая практика")
    response = login(regional_a).post(
        reverse("videos:create"),
        {
            "pilot_site": site_a.pk,
            "title": "Мой сюжет",
            "script_text": "Текст, который нельзя терять",
            "practices": [foreign.pk],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Эта практика не относится к площадке." in page or "Выберите корректный вариант" in page
    assert "Текст, который нельзя терять" in page
    assert not Story.objects.exists()


def test_submitting_the_script_is_asked_once_and_says_what_it_fixes(
    login, regional_a, story_a, spec
):
    from videos import services

    services.specification_acknowledge(spec=spec, site=story_a.pilot_site, by=regional_a)
    client = login(regional_a)
    url = reverse("videos:transition", args=[story_a.pk, "submit-script"])
    page = client.get(url).content.decode()
    assert "Отправить сценарий на согласование?" in page
    assert "будут зафиксированы" in page
    story_a.refresh_from_db()
    assert story_a.state == StoryState.IDEA
    response = client.post(url)
    assert response.status_code == 302
    story_a.refresh_from_db()
    assert story_a.state == StoryState.SCRIPT_SUBMITTED


def test_returning_without_a_message_shows_the_error_beside_the_field(
    login, federal, regional_a, story_a
):
    story = move_to(story_a, "script_submitted", regional=regional_a, federal=federal)
    url = reverse("videos:transition", args=[story.pk, "return-script"])
    response = login(federal).post(url, {"message": "   "})
    assert response.status_code == 200
    assert "Напишите, что нужно исправить." in response.content.decode()
    story.refresh_from_db()
    assert story.state == StoryState.SCRIPT_SUBMITTED


def test_the_links_form_explains_each_bad_link_and_keeps_the_others(
    login, federal, regional_a, story_a
):
    story = move_to(story_a, "cut_approved", regional=regional_a, federal=federal)
    response = login(federal).post(
        reverse("videos:publish", args=[story.pk]),
        {
            "youtube": "https://youtu.be/M7lc1UVf-VE",
            "vk": "javascript:alert(1)",
            "rutube": "https://rutube.ru/video/c6cc4d620b1d4338901770a44b3e82f4/",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Допускаются только ссылки, которые начинаются с https://." in page
    assert "c6cc4d620b1d4338901770a44b3e82f4" in page
    story.refresh_from_db()
    assert story.state == StoryState.CUT_APPROVED


def test_the_proposal_form_keeps_dates_when_a_period_is_backwards(login, regional_a, story_a):
    response = login(regional_a).post(
        reverse("videos:proposal", args=[story_a.pk]),
        {
            "ready_on": days(5).isoformat(),
            "prefer_1_start": days(20).isoformat(),
            "prefer_1_end": days(10).isoformat(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "кончается раньше, чем начинается" in page
    assert days(20).isoformat() in page


def test_the_rules_form_names_a_bad_reserved_line(login, federal, programme):
    response = login(federal).post(
        reverse("videos:rules"),
        {
            "window_start": days(1).isoformat(),
            "window_end": days(60).isoformat(),
            "weekdays": ["2", "4"],
            "releases_per_day": 1,
            "min_gap_days": 1,
            "review_days": 7,
            "site_spacing_days": 14,
            "reserved_text": "01.07.2026 — выпуск о конкурсе\n31.02.2026",
        },
    )
    assert response.status_code == 200
    assert "Строка 2: дата должна быть в виде ДД.ММ.ГГГГ." in response.content.decode()


def test_the_practice_page_lists_its_published_story(
    client, story_a, regional_a, federal, practice_a
):
    from videos import services

    practice_a.published_at = practice_a.submitted_at
    practice_a.save()
    url = reverse("practices:practice", args=[practice_a.pk])
    assert "Видеосюжет" not in client.get(url).content.decode()  # not yet published
    story = move_to(story_a, "cut_approved", regional=regional_a, federal=federal)
    services.story_links_save(
        story=story, by=federal, links={"youtube": "https://youtu.be/M7lc1UVf-VE"}
    )
    page = client.get(url).content.decode()
    assert "Видеосюжет" in page
    assert reverse("videos:public-story", args=[story.pk]) in page


def test_the_regional_cabinet_says_what_is_due(login, regional_a, story_a, spec):
    page = login(regional_a).get(reverse("accounts:cabinet")).content.decode()
    assert "Видеосюжеты" in page
    assert "подтвердить ознакомление с техническими требованиями (редакция 1)" in page
    assert "написать сценарий и отправить его на согласование" in page


def test_the_federal_cabinet_counts_what_waits_for_a_decision(login, federal, regional_a, story_a):
    move_to(story_a, "script_submitted", regional=regional_a, federal=federal)
    page = login(federal).get(reverse("accounts:cabinet")).content.decode()
    assert "Ждут решения: сценариев 1, монтажей 0." in page


def test_the_public_page_loads_nothing_from_a_platform_before_the_click(
    client, story_a, regional_a, federal
):
    from videos import services

    story = move_to(story_a, "cut_approved", regional=regional_a, federal=federal)
    services.story_links_save(
        story=story, by=federal, links={"youtube": "https://youtu.be/M7lc1UVf-VE"}
    )
    page = client.get(reverse("videos:public-list")).content.decode()
    assert "<iframe" not in page
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?rel=0"' in page
    # No element points anywhere outside the portal (data-embed-src is only an attribute).
    assert re.findall(r'\s(?:src|href)="https?://[^"]*(?:youtube|vk|rutube|ytimg)', page) == []
    assert story.title in page and "Республика Татарстан" in page


def test_the_federal_centre_chooses_the_site_first(login, federal, site_a, site_b, practice_a):
    client = login(federal)
    choice = client.get(reverse("videos:create")).content.decode()
    assert 'name="pilot_site"' in choice and "Республика Дагестан" in choice
    form = client.get(reverse("videos:create"), {"pilot_site": site_a.pk}).content.decode()
    assert reverse("videos:practice-choices", args=[site_a.pk]) in form
    assert "Республика Татарстан" in form


def test_the_schedule_page_names_sites_without_proposals_and_pinned_stories(
    login, federal, regional_a, story_a, story_b
):
    from videos.models import ReleasePin, ReleaseProposal

    ReleaseProposal.objects.create(story=story_a, ready_on=days(5), submitted_by=regional_a)
    ReleasePin.objects.create(story=story_a, release_on=days(30), pinned_by=federal)
    html = login(federal).get(reverse("videos:schedule")).content.decode()
    summary = re.sub(r"\s+", " ", html.split("Сюжетов в программе:", 1)[1].split("</div>", 1)[0])
    assert summary.startswith(" 2. Без предложений по датам: ")
    assert story_b.pilot_site.region.name in summary
    assert story_a.pilot_site.region.name not in summary.split("Закреплены:")[0]
    assert f"Закреплены: «{story_a.title}» — {days(30):%d.%m.%Y}." in summary

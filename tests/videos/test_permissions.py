"""Who sees what: federal, regional A, regional B, expert, applicant, anonymous.
Another region's story, its files and uploads are 404."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.videos.factories import move_to, passed_cut
from videos.models import Cut

pytestmark = pytest.mark.django_db

ROLES = ["federal", "regional_a", "regional_b", "expert", "applicant", "anonymous"]


@pytest.fixture
def people(federal, regional_a, regional_b, expert, applicant):
    return {
        "federal": federal,
        "regional_a": regional_a,
        "regional_b": regional_b,
        "expert": expert,
        "applicant": applicant,
        "anonymous": None,
    }


def _status(login, people, role, url):
    return login(people[role]).get(url).status_code


STAFF_PAGE = {
    "federal": 200,
    "regional_a": 200,
    "regional_b": 404,
    "expert": 404,
    "applicant": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["videos:story", "videos:edit", "videos:proposal"])
def test_a_story_page_matrix(login, people, story_a, role, name):
    url = reverse(name, args=[story_a.pk])
    assert _status(login, people, role, url) == STAFF_PAGE[role]


@pytest.mark.parametrize("role", ROLES)
def test_the_review_page_is_the_federal_centres(login, people, story_a, role):
    story = move_to(
        story_a, "script_submitted", regional=people["regional_a"], federal=people["federal"]
    )
    url = reverse("videos:transition", args=[story.pk, "approve-script"])
    expected = {**STAFF_PAGE, "regional_a": 403}[role]
    assert _status(login, people, role, url) == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_script_file_and_the_cut_follow_the_story(login, people, story_a, role):
    story_a.script_file.save("script.txt", ContentFile(b"script"), save=False)
    story_a.script_file_name = "Сценарий.txt"
    story_a.save()
    cut = passed_cut(story_a)
    cut.preview.save("preview.mp4", ContentFile(b"\x00" * 100), save=False)
    cut.poster.save("poster.jpg", ContentFile(b"\xff\xd8\xff" + b"\x00" * 50), save=False)
    cut.save()
    expected = {**STAFF_PAGE, "anonymous": 404}[role]
    for url in (
        reverse("files:download", args=["videos-script", story_a.pk]),
        reverse("files:download", args=["videos-preview", cut.pk]),
        reverse("files:download", args=["videos-poster", cut.pk]),
    ):
        assert _status(login, people, role, url) == expected, url


def test_a_published_storys_poster_is_public_and_its_preview_is_not(
    client, story_a, regional_a, federal
):
    story = move_to(story_a, "cut_approved", regional=regional_a, federal=federal)
    cut = Cut.objects.get(story=story)
    cut.poster.save("poster.jpg", ContentFile(b"\xff\xd8\xff" + b"\x00" * 50), save=False)
    cut.preview.save("preview.mp4", ContentFile(b"\x00" * 100), save=False)
    cut.save()
    from videos import services

    services.story_links_save(
        story=story, by=federal, links={"youtube": "https://youtu.be/M7lc1UVf-VE"}
    )
    poster = client.get(reverse("files:download", args=["videos-poster", cut.pk]))
    assert poster.status_code == 200
    assert poster["Content-Type"] == "image/jpeg"
    assert b"".join(poster.streaming_content) == b"\xff\xd8\xff" + b"\x00" * 50
    assert client.get(reverse("files:download", args=["videos-preview", cut.pk])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_staff_list_shows_own_stories_only(login, people, story_a, story_b, role):
    response = login(people[role]).get(reverse("videos:staff-list"))
    expected = {**STAFF_PAGE, "regional_b": 200}[role]
    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert (story_a.title in page) == (role in {"federal", "regional_a"})
        assert (story_b.title in page) == (role in {"federal", "regional_b"})


FEDERAL_ONLY = {
    "federal": 200,
    "regional_a": 404,
    "regional_b": 404,
    "expert": 404,
    "applicant": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["videos:schedule", "videos:rules", "videos:specification-edit"])
def test_schedule_and_specification_writing_are_federal(login, people, programme, role, name):
    assert _status(login, people, role, reverse(name)) == FEDERAL_ONLY[role]


@pytest.mark.parametrize("role", ROLES)
def test_a_federal_action_posted_by_others_changes_nothing(login, people, programme, role):
    from videos.models import ScheduleVersion

    login(people[role]).post(reverse("videos:solve"))
    assert ScheduleVersion.objects.exists() == (role == "federal")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name", ["videos:public-list", "videos:public-schedule", "videos:public-schedule-ics"]
)
def test_public_pages_are_open_to_everyone(login, people, programme, role, name):
    assert _status(login, people, role, reverse(name)) == 200


def test_an_unpublished_story_has_no_public_page(client, story_a):
    assert client.get(reverse("videos:public-story", args=[story_a.pk])).status_code == 404


def test_regional_staff_cannot_acknowledge_for_another_site(login, regional_b, site_a, spec):
    from videos.models import SpecificationAck

    response = login(regional_b).post(reverse("videos:specification-acknowledge", args=[site_a.pk]))
    assert response.status_code == 404
    assert not SpecificationAck.objects.exists()

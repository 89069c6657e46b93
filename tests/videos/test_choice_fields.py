"""A story's practices: a search served by the site's endpoint, scoped as the form (a matrix),
and a multiple choice that works without JavaScript (names separated by «;»)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.videos.factories import practice_for
from videos.models import Story

pytestmark = pytest.mark.django_db


def choices(site) -> str:
    return reverse("videos:practice-choices", args=[site.pk])


def _texts(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["text"] for item in response.json()["results"]]


# role -> status of the endpoint of site A, of site B
MATRIX = {
    "federal": (200, 200),
    "regional_a": (200, 404),
    "regional_b": (404, 200),
    "expert": (404, 404),
    "applicant": (404, 404),
    None: (403, 403),
}


@pytest.mark.parametrize("role", MATRIX)
def test_who_may_ask_for_a_sites_practices(request, login, site_a, site_b, role):
    client = login(request.getfixturevalue(role) if role else None)
    own, other = MATRIX[role]
    assert client.get(choices(site_a)).status_code == own
    assert client.get(choices(site_b)).status_code == other


def test_a_sites_list_never_holds_another_regions_practice(
    login, regional_a, federal, site_a, site_b, practice_a
):
    practice_for(site_b, "Школа дружбы Дербента")
    for user in (regional_a, federal):
        found = _texts(login(user).get(choices(site_a), {"q": "школа"}))
        assert found == [f"{practice_a.title} — {practice_a.organisation}"]


def _story(site, **data):
    return {"pilot_site": site.pk, "title": "Казань — город дружбы", "script_text": "Текст", **data}


def test_without_javascript_names_separated_by_semicolons_are_chosen(
    login, regional_a, site_a, practice_a, practice_a2
):
    response = login(regional_a).post(
        reverse("videos:create"),
        _story(site_a, practices__search="школа межнационального; Фестиваль национальных культур"),
    )
    assert response.status_code == 302
    assert set(Story.objects.get().practices.all()) == {practice_a, practice_a2}


def test_a_name_that_fits_several_offers_them_and_keeps_the_rest(
    login, regional_a, site_a, practice_a, practice_a2
):
    practice_for(site_a, "Школа юного журналиста", slot=3)
    page = (
        login(regional_a)
        .post(
            reverse("videos:create"),
            _story(site_a, practices__search="Фестиваль национальных культур; школа"),
        )
        .content.decode()
    )
    assert not Story.objects.exists()
    assert "Под «школа» подходит несколько вариантов" in page
    # The name made out is chosen (a checked box), the ambiguous one stays typed, its
    # matches are offered as boxes to tick.
    assert f'name="practices" value="{practice_a2.pk}"' in page
    assert 'value="школа"' in page
    assert f'name="practices__pick" value="{practice_a.pk}"' in page


def test_a_ticked_match_and_a_kept_box_are_both_chosen(
    login, regional_a, site_a, practice_a, practice_a2
):
    response = login(regional_a).post(
        reverse("videos:create"),
        _story(
            site_a,
            practices=[practice_a2.pk],
            practices__pick=[practice_a.pk],
            practices__search="",
        ),
    )
    assert response.status_code == 302
    assert set(Story.objects.get().practices.all()) == {practice_a, practice_a2}


def test_a_name_of_another_regions_practice_is_not_found(
    login, regional_a, site_a, site_b, practice_a
):
    practice_for(site_b, "Чужая практика Дербента")
    page = (
        login(regional_a)
        .post(reverse("videos:create"), _story(site_a, practices__search="Чужая практика"))
        .content.decode()
    )
    assert "По запросу «Чужая практика» ничего не найдено" in page
    assert not Story.objects.exists()


def test_the_edit_form_shows_the_chosen_practices_as_checked_boxes(
    login, regional_a, story_a, practice_a
):
    page = login(regional_a).get(reverse("videos:edit", args=[story_a.pk])).content.decode()
    assert f'name="practices" value="{practice_a.pk}"' in page and practice_a.title in page

"""An edition's chapters: the practices are a search served by the edition's endpoint, for the
collection's editor only, offering what the page would (not what is already a chapter)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contest import services
from contest.models import Chapter
from tests.contest.test_collection import best_practices  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_edition(federal, programme, best_practices):  # noqa: F811
    return services.edition_create(by=federal, programme=programme, foreword="", how_to_use="")


def choices(edition) -> str:
    return reverse("collection:edition-practice-choices", args=[edition.pk])


MATRIX = {"federal": 200, "regional_a": 404, "expert": 404, "applicant": 404, None: 403}


@pytest.mark.parametrize("role", MATRIX)
def test_only_the_editor_may_search_an_editions_practices(request, login, empty_edition, role):
    client = login(request.getfixturevalue(role) if role else None)
    assert client.get(choices(empty_edition)).status_code == MATRIX[role]


def test_the_search_offers_what_is_not_yet_a_chapter(
    login,
    federal,
    empty_edition,
    best_practices,  # noqa: F811
):
    services.chapter_add(edition=empty_edition, questionnaire=best_practices[0], by=federal)
    found = login(federal).get(choices(empty_edition), {"q": "практика номер"}).json()
    texts = [item["text"] for item in found["results"]]
    assert len(texts) == 3 and not any("Практика номер 1 " in text for text in texts)


def test_the_page_holds_a_search_not_every_practice(login, federal, empty_edition):
    page = login(federal).get(reverse("collection:edition-manage", args=[empty_edition.pk]))
    html = page.content.decode()
    assert choices(empty_edition) in html and "Практика номер 2" not in html


def test_chapters_are_made_of_names_typed_without_javascript(
    login,
    federal,
    empty_edition,
    best_practices,  # noqa: F811
):
    response = login(federal).post(
        reverse("collection:edition-manage", args=[empty_edition.pk]),
        {"action": "add", "practices__search": "Практика номер 2; Практика номер 3"},
    )
    assert response.status_code == 302
    chosen = set(
        Chapter.objects.filter(edition=empty_edition).values_list("questionnaire", flat=True)
    )
    assert chosen == {best_practices[1].pk, best_practices[2].pk}

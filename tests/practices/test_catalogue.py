"""The public catalogue: published practices only, searchable, filterable, no personal data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from practices import services
from practices.models import QuestionnaireState
from practices.services.questionnaires import build_search_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_a(submitted_a, federal):
    return services.questionnaire_publish(questionnaire=submitted_a, by=federal)


@pytest.mark.smoke
def test_the_catalogue_opens_for_anyone(client, step1):
    response = client.get(reverse("practices:catalogue"))
    assert response.status_code == 200
    assert "Лучшие практики" in response.content.decode()


def test_only_published_practices_are_listed(client, published_a, submitted_b):
    response = client.get(reverse("practices:catalogue"))
    assert [p.pk for p in response.context["practices"]] == [published_a.pk]


def test_an_unpublished_practice_page_is_404(client, submitted_a):
    assert client.get(reverse("practices:practice", args=[submitted_a.pk])).status_code == 404


def test_the_practice_page_shows_no_personal_data(client, published_a):
    content = client.get(reverse("practices:practice", args=[published_a.pk])).content.decode()
    assert published_a.title in content
    assert published_a.results_quantitative in content
    for private in (published_a.contact_name, published_a.contact_email, published_a.contact_phone):
        assert private not in content


def test_the_catalogue_list_shows_no_personal_data(client, published_a):
    content = client.get(reverse("practices:catalogue")).content.decode()
    assert published_a.contact_email not in content
    assert published_a.contact_phone not in content


def test_search_finds_by_a_word_of_the_description(
    client, published_a, make_questionnaire, organisation_b, federal
):
    other = make_questionnaire(
        organisation_b,
        state=QuestionnaireState.SUBMITTED,
        title="Фестиваль национальных кухонь",
        problem="Горцы и равнинные жители редко встречаются.",
    )
    services.questionnaire_publish(questionnaire=other, by=federal)
    response = client.get(reverse("practices:catalogue") + "?q=фестиваль")
    assert [p.pk for p in response.context["practices"]] == [other.pk]
    response = client.get(reverse("practices:catalogue") + "?q=Подростки")
    assert [p.pk for p in response.context["practices"]] == [published_a.pk]


def test_filter_by_region(client, published_a, make_questionnaire, organisation_b, federal):
    other = make_questionnaire(organisation_b, state=QuestionnaireState.SUBMITTED)
    services.questionnaire_publish(questionnaire=other, by=federal)
    response = client.get(reverse("practices:catalogue") + f"?region={organisation_b.region_id}")
    assert [p.pk for p in response.context["practices"]] == [other.pk]


def test_filter_by_direction(client, published_a):
    url = reverse("practices:catalogue") + f"?direction={published_a.direction_id}"
    assert [p.pk for p in client.get(url).context["practices"]] == [published_a.pk]
    other = published_a.direction.__class__.objects.exclude(pk=published_a.direction_id).first()
    url = reverse("practices:catalogue") + f"?direction={other.pk}"
    assert list(client.get(url).context["practices"]) == []


def test_a_bad_filter_value_shows_the_whole_catalogue(client, published_a):
    response = client.get(reverse("practices:catalogue") + "?region=abc&direction=%27%3B")
    assert response.status_code == 200
    assert [p.pk for p in response.context["practices"]] == [published_a.pk]
    assert published_a.title in response.content.decode()


def test_the_catalogue_paginates(client, published_a, monkeypatch):
    from practices.views import catalogue

    monkeypatch.setattr(catalogue, "CATALOGUE_PAGE_SIZE", 1)
    response = client.get(reverse("practices:catalogue") + "?page=99")
    assert response.context["page_obj"].number == 1


def test_a_searchs_kept_count_follows_publishing_and_unpublishing(
    client,
    published_a,
    make_questionnaire,
    organisation_b,
    federal,
    django_capture_on_commit_callbacks,
):
    url = reverse("practices:catalogue") + "?q=фестиваль"
    assert "Фестиваль национальных кухонь" not in client.get(url).content.decode()
    assert client.get(url).context["page_obj"].paginator.count == 0  # now kept
    other = make_questionnaire(
        organisation_b, state=QuestionnaireState.SUBMITTED, title="Фестиваль национальных кухонь"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.questionnaire_publish(questionnaire=other, by=federal)
    response = client.get(url)
    assert response.context["page_obj"].paginator.count == 1
    assert "Фестиваль национальных кухонь" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.questionnaire_unpublish(questionnaire=other, by=federal)
    assert client.get(url).context["page_obj"].paginator.count == 0


def test_each_search_keeps_its_own_count_and_an_edit_of_a_practice_renews_them(
    client, published_a, django_capture_on_commit_callbacks
):
    url = reverse("practices:catalogue")
    assert client.get(url, {"q": "фестиваль"}).context["page_obj"].paginator.count == 0
    assert client.get(url, {"q": "Подростки"}).context["page_obj"].paginator.count == 1
    # An edit saved elsewhere (the admin): the row is saved, and every kept count is renewed.
    with django_capture_on_commit_callbacks(execute=True):
        published_a.title = "Фестиваль подростков"
        published_a.search_document = build_search_document(published_a)
        published_a.save()
    assert client.get(url, {"q": "фестиваль"}).context["page_obj"].paginator.count == 1
    with django_capture_on_commit_callbacks(execute=True):
        published_a.delete()
    assert client.get(url, {"q": "Подростки"}).context["page_obj"].paginator.count == 0

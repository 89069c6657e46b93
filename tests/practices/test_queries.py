"""A list page runs the same number of queries for 5 rows as for 50."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practices.models import Attachment, AttachmentKind, Direction, Questionnaire
from practices.views import catalogue, review
from tests.factories import MunicipalityFactory, OrganisationFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _whole_list_on_one_page(monkeypatch):
    # Every row is rendered, so a query per row could not hide on a later page.
    monkeypatch.setattr(review, "STAFF_PAGE_SIZE", 100)
    monkeypatch.setattr(catalogue, "CATALOGUE_PAGE_SIZE", 100)


def _load(programme, count, *, published=False, region_code="16"):
    directions = list(Direction.objects.all())
    now = timezone.now()
    rows = []
    for number in range(count):
        organisation = OrganisationFactory(region=region(region_code))
        municipality = MunicipalityFactory(region=organisation.region)
        rows.append(
            Questionnaire(
                programme=programme,
                organisation=organisation,
                municipality=municipality,
                direction=directions[number % len(directions)],
                title=f"Практика {number}",
                state="submitted",
                submitted_at=now,
                consent_publication=True,
                published_at=now if published else None,
                search_document=f"практика {number}",
            )
        )
    created = Questionnaire.objects.bulk_create(rows)
    if published:
        Attachment.objects.bulk_create(
            Attachment(
                questionnaire=q, kind=AttachmentKind.PHOTO, file="x.jpg", display_name="x.jpg"
            )
            for q in created
        )
    return created


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response


@pytest.mark.parametrize(
    ("role", "url", "published"),
    [
        ("regional_a", "practices:review-list", False),
        ("federal", "practices:review-list", False),
        ("anonymous", "practices:catalogue", True),
    ],
)
def test_list_queries_do_not_grow_with_rows(
    request,
    login,
    programme,
    step1,
    regional_a,
    federal,
    role,
    url,
    published,
    django_assert_num_queries,
):
    client = login(request.getfixturevalue(role))
    _load(programme, 5, published=published)
    small, response = _queries(client, reverse(url))
    assert len(response.context["page_obj"].object_list) == 5
    _load(programme, 45, published=published)
    cache.clear()  # rows written directly: the catalogue's kept region list is looked up again
    with django_assert_num_queries(small):
        response = client.get(reverse(url))
    assert len(response.context["page_obj"].object_list) == 50
    if published:
        # The region list and the count come from the cache; the page of rows does not.
        with django_assert_num_queries(small - 2):
            response = client.get(reverse(url))
        assert response.context["page_obj"].paginator.count == 50


def test_filtered_and_searched_regional_list_is_also_flat(
    login, programme, step1, regional_a, django_assert_num_queries
):
    client = login(regional_a)
    direction = Direction.objects.order_by("position").first()
    url = reverse("practices:review-list") + f"?q=практика&state=submitted&direction={direction.pk}"
    _load(programme, 5)
    small, _response = _queries(client, url)
    _load(programme, 45)
    with django_assert_num_queries(small):
        client.get(url)

"""The letters pages by role: the lists and every object page × every role; another region's
addressee, mailing, letter, letterhead or seminar letter is a 404, on GET and on POST."""

from __future__ import annotations

import pytest
from django.urls import reverse

from letters import permissions as policy
from letters import services
from letters.models import Addressee
from tests.letters.factories import administration

pytestmark = pytest.mark.django_db

LISTS = [
    "letters:mailing-list",
    "letters:mailing-new",
    "letters:addressee-list",
    "letters:template-list",
    "letters:register",
    "letters:letterhead-list",
    "letters:campaign-list",
]


@pytest.fixture
def world(programme, site_a, regional_a, letterhead_a, make_event):
    """Site A's addressee, mailing, letter and seminar (all invisible to site B's staff)."""
    addressee = administration(site_a, by=regional_a)
    seminar = make_event(days=30)
    mailing = services.mailing_create(
        by=regional_a,
        letterhead=letterhead_a,
        programme=programme,
        kind="seminar",
        title="Письмо о семинаре",
        text=services.template_for(programme=programme, site=site_a, kind="seminar"),
        targets=[services.Target.of(addressee)],
        facts=services_facts(seminar.pk),
    )
    return {
        "addressee": addressee,
        "mailing": mailing,
        "letter": mailing.letters.get(),
        "seminar": seminar,
        "letterhead": letterhead_a,
    }


def services_facts(event_id):
    from resursnaya_sreda.kernel.correspondence import event_source

    return event_source().facts(event_id)


def _object_urls(world):
    return [
        reverse("letters:addressee-edit", args=[world["addressee"].pk]),
        reverse("letters:mailing-detail", args=[world["mailing"].pk]),
        reverse("letters:mailing-progress", args=[world["mailing"].pk]),
        reverse("letters:letter-pdf", args=[world["letter"].pk]),
        reverse("letters:letterhead-edit", args=[world["letterhead"].pk]),
        reverse("letters:seminar-letter", args=[world["seminar"].pk]),
        reverse("letters:reply-create", args=[world["letter"].pk]),
    ]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("federal", 200),
        ("regional_a", 200),
        ("expert", 404),
        ("applicant", 404),
        ("anonymous", 302),
    ],
)
def test_list_pages_by_role(request, login, programme, site_a, name, role, status):
    user = request.getfixturevalue(role)
    response = login(user).get(reverse(name))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("federal", 200),
        ("regional_a", 200),
        ("regional_b", 404),
        ("expert", 404),
        ("applicant", 404),
        ("anonymous", 302),
    ],
)
def test_object_pages_by_role(request, login, world, role, status):
    user = request.getfixturevalue(role)
    client = login(user)
    for url in _object_urls(world):
        assert client.get(url).status_code == status, url


def test_another_regions_staff_cannot_post_to_its_objects(login, regional_b, world):
    client = login(regional_b)
    addressee = world["addressee"]
    response = client.post(
        reverse("letters:addressee-edit", args=[addressee.pk]), {"organisation": "Взлом"}
    )
    assert response.status_code == 404
    assert Addressee.objects.get(pk=addressee.pk).organisation != "Взлом"
    assert (
        client.post(
            reverse("letters:seminar-letter", args=[world["seminar"].pk]), {"send": "1"}
        ).status_code
        == 404
    )


def test_regional_staff_see_only_their_regions_addressees(
    login, site_a, site_b, regional_a, regional_b
):
    administration(site_a, by=regional_a, name="Администрация Казани")
    administration(site_b, by=regional_b, name="Администрация Махачкалы")
    page = login(regional_a).get(reverse("letters:addressee-list")).content.decode()
    assert "Администрация Казани" in page and "Администрация Махачкалы" not in page


@pytest.fixture
def world_b(programme, site_b, regional_b, make_event):
    """Site B's addressee, mailing and letterhead: with them present, site A's pages must
    still open site A's records (the lookup is by id, not the only one there is)."""
    letterhead = services.letterhead_for_site(site_b)
    mailing = services.mailing_create(
        by=regional_b,
        letterhead=letterhead,
        programme=programme,
        kind="information",
        title="Рассылка Б",
        text=services.template_for(programme=programme, site=None, kind="information"),
        targets=[services.Target.of(administration(site_b, by=regional_b, name="Махачкала"))],
    )
    return {"mailing": mailing, "letterhead": letterhead}


def test_each_region_opens_its_own_records_beside_the_others(
    login, world, world_b, regional_a, regional_b
):
    client = login(regional_a)
    for url in _object_urls(world):
        assert client.get(url).status_code == 200, url
    b_urls = [
        reverse("letters:mailing-detail", args=[world_b["mailing"].pk]),
        reverse("letters:letter-pdf", args=[world_b["mailing"].letters.get().pk]),
        reverse("letters:letterhead-edit", args=[world_b["letterhead"].pk]),
        reverse("letters:addressee-edit", args=[world_b["mailing"].letters.get().addressee_id]),
    ]
    for url in b_urls:
        assert client.get(url).status_code == 404, url
    page = login(regional_b).get(b_urls[0]).content.decode()
    assert "Рассылка Б" in page and "Письмо о семинаре" not in page


def test_an_object_and_what_its_page_shows_are_one_query(world, federal, django_assert_num_queries):
    policy.require_letters(federal)  # the roles are read once per request
    with django_assert_num_queries(1):
        addressee = policy.get_addressee_for_user(federal, world["addressee"].pk)
        assert addressee.region.name and addressee.municipality.name
    with django_assert_num_queries(1):
        mailing = policy.get_mailing_for_user(federal, world["mailing"].pk)
        assert mailing.region.name and mailing.letterhead.organisation
    with django_assert_num_queries(1):
        letter = policy.get_letter_for_user(federal, world["letter"].pk)
        assert letter.mailing.title and letter.letterhead.pilot_site.region_id

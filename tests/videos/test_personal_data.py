"""Video stories and 152-ФЗ: reads of the people filmed and the partners' contacts recorded
(none for pages without them), names and contacts anonymised after retention with the
register unchanged, a partner's contact exported and erased."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.engine import registry
from reports.engine.render import render_document
from resursnaya_sreda.kernel import access_log, personal_data
from resursnaya_sreda.kernel.models import PersonalDataAccess
from videos import services
from videos.models import FilmingPartner, OnScreenPerson, Specification

pytestmark = pytest.mark.django_db


def entries():
    return list(PersonalDataAccess.objects.order_by("pk"))


@pytest.fixture
def crew(story_a, regional_a):
    services.person_add(
        story=story_a, by=regional_a, data={"full_name": "Снятая Светлана", "role": "автор"}
    )
    services.partner_add(
        story=story_a,
        by=regional_a,
        data={"name": "ТРК «Город»", "role": "local_tv", "contact": "Иван, ivan@trk.example"},
    )
    return story_a


@pytest.mark.parametrize(
    "role, status, recorded",
    [("federal", 200, 1), ("regional_a", 200, 1), ("regional_b", 404, 0), ("applicant", 404, 0)],
)
def test_the_story_page_with_people_writes_one_entry(request, crew, login, role, status, recorded):
    user = request.getfixturevalue(role)
    response = login(user).get(reverse("videos:story", args=[crew.pk]))
    assert response.status_code == status
    assert len(entries()) == recorded
    if recorded:
        assert entries()[0].parameters == {"people": 1, "partner_contacts": 1}
        assert "Снятая Светлана" in response.content.decode()


def test_a_story_without_people_or_contacts_writes_nothing(story_a, regional_a, login):
    assert login(regional_a).get(reverse("videos:story", args=[story_a.pk])).status_code == 200
    assert entries() == []


@pytest.mark.parametrize(
    "name", ["videos:staff-list", "videos:public-list", "videos:specification"]
)
def test_pages_without_personal_data_write_nothing(crew, spec, regional_a, login, name):
    assert login(regional_a).get(reverse(name)).status_code == 200
    assert entries() == []


def test_the_people_and_partners_register_themselves():
    assert access_log.holds_personal_data(OnScreenPerson)
    assert access_log.holds_personal_data(FilmingPartner)
    assert not access_log.holds_personal_data(Specification)


def _register(user):
    kind = registry.get("videos-register")
    form = kind.get_form({}, user=user)
    assert form.is_valid(), form.errors
    out = io.BytesIO()
    render_document(kind(form.cleaned_data, user=user), "xlsx", out)
    return [
        list(r)
        for r in load_workbook(io.BytesIO(out.getvalue())).active.iter_rows(values_only=True)
    ]


def test_anonymising_keeps_the_rows_and_the_register(crew, federal, programme):
    before = _register(federal)
    counts = personal_data.programme_anonymise(programme=programme)
    assert counts["videos-people"] == 1
    assert counts["videos-partners"] == 1
    assert _register(federal) == before
    person = OnScreenPerson.objects.get(story=crew)
    assert person.full_name.startswith("Человек в кадре") and person.role == ""
    assert FilmingPartner.objects.get(story=crew).contact == ""
    assert crew.people.count() == 1
    again = personal_data.programme_anonymise(programme=programme)
    assert again["videos-people"] == again["videos-partners"] == 0


def test_a_partners_contact_is_exported_and_erased(crew, federal):
    [section] = dict(personal_data.person_data("ivan@trk.example"))["videos"]
    assert section.table == [
        (crew.title, "ТРК «Город»", "Местное телевидение", "Иван, ivan@trk.example")
    ]
    record = personal_data.person_erase(email="ivan@trk.example", by=federal, reason="Заявление")
    assert record.counts["videos"] == 1
    assert dict(personal_data.person_data("ivan@trk.example"))["videos"] == []


def test_only_the_story_page_records_among_all_videos_pages(crew, spec, federal, login):
    """The matrix over every videos URL, read by a federal coordinator: one entry for the
    story's page with its people, none for any other page."""
    from django.core.cache import cache

    from tests.security.urls import app_urls

    person = crew.people.get()
    partner = crew.partners.get()
    client = login(federal)
    written = {}
    urls = app_urls(
        "videos",
        pk=crew.pk,
        person_pk=person.pk,
        partner_pk=partner.pk,
        site_pk=crew.pilot_site_id,
        number=1,
    )
    for url in urls:
        cache.clear()
        before = PersonalDataAccess.objects.count()
        client.get(url.path)
        written[url.name] = PersonalDataAccess.objects.count() - before
    assert len(written) > 20
    assert {name: n for name, n in written.items() if n} == {"videos:story": 1}

"""The applicant's «my organisations»: create with checked INN/OGRN, edit their own only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resursnaya_sreda.accounts.models import Membership, Role
from resursnaya_sreda.kernel.models import Organisation, OrganisationKind
from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, region

pytestmark = pytest.mark.django_db

NEW = "/accounts/organisations/new/"
LIST = "/accounts/organisations/"
VALID_INN = "7707083893"
VALID_OGRN = "1027700132195"


@pytest.fixture
def new_applicant(db):
    """An applicant just registered: the role without an organisation yet."""
    membership = MembershipFactory(role=Role.APPLICANT, organisation=None)
    return membership.user


def data(**overrides):
    values = {
        "name": "Автономная некоммерческая организация «Радуга»",
        "short_name": "АНО «Радуга»",
        "kind": OrganisationKind.NGO,
        "region": region("16").pk,
        "inn": VALID_INN,
        "ogrn": VALID_OGRN,
        "address": "г. Казань, ул. Баумана, 1",
        "phone": "+7 843 000-00-00",
        "email": "raduga@example.org",
        "website": "raduga.example.org",
    }
    values.update(overrides)
    return values


def test_first_organisation_attaches_to_the_applicant_role(login, new_applicant):
    response = login(new_applicant).post(NEW, data())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organisation-list")
    organisation = Organisation.objects.get(inn=VALID_INN)
    assert organisation.website == "https://raduga.example.org"
    memberships = list(Membership.objects.filter(user=new_applicant))
    assert [(m.role, m.organisation) for m in memberships] == [(Role.APPLICANT, organisation)]


def test_second_organisation_adds_another_applicant_role(login, applicant):
    login(applicant).post(NEW, data())
    assert Membership.objects.filter(user=applicant, role=Role.APPLICANT).count() == 2


def test_wrong_inn_checksum_is_explained_and_nothing_typed_is_lost(login, applicant):
    response = login(applicant).post(NEW, data(inn="7707083894"))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["inn"]
    assert "Контрольная цифра ИНН не сходится" in form.errors["inn"][0]
    body = response.content.decode()
    for typed in (
        "АНО «Радуга»",
        "7707083894",
        VALID_OGRN,
        "г. Казань, ул. Баумана, 1",
        "raduga@example.org",
    ):
        assert typed in body
    assert not Organisation.objects.filter(short_name="АНО «Радуга»").exists()


def test_wrong_inn_length_is_explained(login, applicant):
    response = login(applicant).post(NEW, data(inn="12345"))
    assert "ИНН состоит из 10 цифр" in response.context["form"].errors["inn"][0]


def test_wrong_ogrn_is_explained_beside_its_field(login, applicant):
    response = login(applicant).post(NEW, data(ogrn="1027700132196"))
    form = response.context["form"]
    assert list(form.errors) == ["ogrn"]
    assert "Контрольная цифра ОГРН не сходится" in form.errors["ogrn"][0]
    assert VALID_INN in response.content.decode()


def test_spaces_in_inn_and_ogrn_are_forgiven(login, applicant):
    login(applicant).post(NEW, data(inn="7707 083 893", ogrn="1 027700 132195"))
    assert Organisation.objects.filter(inn=VALID_INN, ogrn=VALID_OGRN).exists()


def test_inn_already_registered_gets_a_clear_message(login, applicant):
    OrganisationFactory(inn=VALID_INN)
    response = login(applicant).post(NEW, data())
    assert "уже зарегистрирована на портале" in response.context["form"].errors["inn"][0]


def test_municipality_from_another_region_is_refused(login, applicant):
    elsewhere = MunicipalityFactory(region=region("05"), name="Дербент")
    response = login(applicant).post(NEW, data(municipality=elsewhere.pk))
    assert "в другом регионе" in response.context["form"].errors["municipality"][0]


def test_applicant_edits_their_organisation(login, applicant, applicant_organisation):
    url = reverse("accounts:organisation-update", args=[applicant_organisation.pk])
    response = login(applicant).post(
        url, data(name="АНО «Дружба народов» (новое)", inn="", ogrn="")
    )
    assert response.status_code == 302
    applicant_organisation.refresh_from_db()
    assert applicant_organisation.name == "АНО «Дружба народов» (новое)"


def test_editing_keeps_its_own_inn_without_calling_it_a_duplicate(
    login, applicant, applicant_organisation
):
    Organisation.objects.filter(pk=applicant_organisation.pk).update(inn=VALID_INN)
    url = reverse("accounts:organisation-update", args=[applicant_organisation.pk])
    assert login(applicant).post(url, data()).status_code == 302


def test_someone_elses_organisation_is_404(login, applicant):
    other = OrganisationFactory()
    url = reverse("accounts:organisation-update", args=[other.pk])
    assert login(applicant).get(url).status_code == 404
    assert login(applicant).post(url, data()).status_code == 404


def test_list_shows_only_own_organisations(login, applicant, applicant_organisation):
    OrganisationFactory(name="Чужая организация")
    body = login(applicant).get(LIST).content.decode()
    assert "АНО «Дружба народов»" in body
    assert "Чужая организация" not in body


def test_list_query_count_does_not_grow_with_rows(login, applicant):
    client = login(applicant)

    def add(count):
        for _ in range(count):
            MembershipFactory(
                user=applicant, role=Role.APPLICANT, organisation=OrganisationFactory()
            )

    with CaptureQueriesContext(connection) as small:
        client.get(LIST)
    add(12)
    with CaptureQueriesContext(connection) as large:
        response = client.get(LIST)
    assert len(response.context["organisations"]) == 13
    assert len(large) == len(small)

"""The personal cabinet per role, and the registry other apps add their sections to."""

from __future__ import annotations

import pytest
from django.urls import reverse

from resursnaya_sreda.accounts import cabinet
from resursnaya_sreda.accounts.models import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

CABINET = "/accounts/cabinet/"


def sections(response):
    """This app's sections (and the tests'); other apps add theirs beside them."""
    return [
        section.key
        for section in response.context["sections"]
        if section.key.startswith(("accounts-", "test-"))
    ]


def test_cabinet_is_the_page_after_login():
    assert reverse("accounts:cabinet") == CABINET


def test_federal_cabinet_links_admin_invitations_and_news(login, federal):
    response = login(federal).get(CABINET)
    body = response.content.decode()
    assert sections(response) == ["accounts-profile", "accounts-federal"]
    assert "Федеральный координатор" in body
    assert reverse("admin:index") in body
    assert reverse("accounts:invitation-list") in body
    assert reverse("accounts:invitation-create") in body
    assert reverse("public:news-list") in body


def test_federal_cabinet_counts_pending_invitations(login, federal):
    from resursnaya_sreda.accounts.services import invitation_create

    invitation_create(invited_by=federal, email="x@example.org", role=Role.EXPERT)
    invitation_create(invited_by=federal, email="y@example.org", role=Role.EXPERT)
    response = login(federal).get(CABINET)
    links = response.context["sections"][1].links
    assert [link.badge for link in links if link.url == reverse("accounts:invitation-list")] == [
        "2"
    ]


def test_regional_cabinet_shows_their_site_region_and_centre(login, regional_a, site_b):
    response = login(regional_a).get(CABINET)
    body = response.content.decode()
    assert sections(response) == ["accounts-profile", "accounts-regional"]
    assert "Республика Татарстан" in body
    assert regional_a.memberships.get().pilot_site.centre.name in body
    assert "Республика Дагестан" not in body


def test_expert_cabinet_explains_blind_scoring_in_the_admin_without_a_fake_list(login, expert):
    response = login(expert).get(CABINET)
    body = response.content.decode()
    assert sections(response) == ["accounts-profile", "accounts-expert"]
    assert "вы оцениваете в админке" in body
    assert "оценки других экспертов вам не видны" in body
    assert "<table" not in body


def test_applicant_cabinet_lists_organisations_and_step_one_dates(login, applicant, step_one):
    response = login(applicant).get(CABINET)
    body = response.content.decode()
    assert sections(response) == ["accounts-profile", "accounts-applicant"]
    assert "АНО «Дружба народов»" in body
    assert reverse("accounts:organisation-create") in body
    assert step_one.starts_on.strftime("%d.%m.%Y") in body
    assert step_one.ends_on.strftime("%d.%m.%Y") in body
    assert "Приём анкет лучших практик открыт." in body


def test_applicant_cabinet_without_a_programme_says_dates_are_not_published(login, applicant):
    body = login(applicant).get(CABINET).content.decode()
    assert "Сроки текущего этапа программы пока не опубликованы." in body


def test_person_with_several_roles_sees_every_section(login, regional_a):
    MembershipFactory(user=regional_a, role=Role.EXPERT)
    response = login(regional_a).get(CABINET)
    assert sections(response) == ["accounts-profile", "accounts-regional", "accounts-expert"]


def test_person_without_a_role_is_told_to_ask_the_coordinator(login):
    response = login(UserFactory()).get(CABINET)
    assert sections(response) == ["accounts-profile", "accounts-no-role"]
    assert "пока нет роли" in response.content.decode()


def test_profile_section_names_the_person_and_their_roles(login, regional_a):
    body = login(regional_a).get(CABINET).content.decode()
    assert "Региональный Артём Альбертович" in body
    assert "regional-a@test.example" in body
    assert "Сотрудник регионального центра: Республика Татарстан" in body


def test_anonymous_is_sent_to_login(client):
    response = client.get(CABINET)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/cabinet/")


# --- The registry -----------------------------------------------------------------------------


@pytest.fixture
def extra_section():
    calls = []

    @cabinet.register("test-extra", order=35)
    def build(user):
        calls.append(user)
        if user.email.startswith("regional"):
            return cabinet.CabinetSection(
                title="Раздел другого приложения",
                description="Текст раздела",
                links=(cabinet.CabinetLink("Ссылка раздела", "/somewhere/"),),
            )
        return None

    yield calls
    cabinet.unregister("test-extra")


def test_registered_section_is_shown_in_its_order(login, regional_a, extra_section):
    response = login(regional_a).get(CABINET)
    assert sections(response) == ["accounts-profile", "accounts-regional", "test-extra"]
    body = response.content.decode()
    assert "Раздел другого приложения" in body
    assert 'href="/somewhere/"' in body


def test_section_returning_none_is_left_out(login, expert, extra_section):
    response = login(expert).get(CABINET)
    assert "test-extra" not in sections(response)
    assert [user.pk for user in extra_section] == [expert.pk]


def test_registering_a_key_again_replaces_the_builder(extra_section, regional_a):
    cabinet.register("test-extra", order=5)(lambda user: cabinet.CabinetSection(title="Новый"))
    found = [s for s in cabinet.sections_for(regional_a) if s.key == "test-extra"]
    assert [(s.title, s.order) for s in found] == [("Новый", 5)]


def test_section_with_its_own_template_gets_its_context(login, regional_a):
    @cabinet.register("test-template", order=99)
    def build(user):
        return cabinet.CabinetSection(
            title="Свой шаблон",
            template="accounts/cabinet/regional.html",
            context={"sites": []},
        )

    try:
        response = login(regional_a).get(CABINET)
    finally:
        cabinet.unregister("test-template")
    assert "Свой шаблон" in response.content.decode()


def test_cabinet_query_count_is_small(login, applicant, step_one, django_assert_max_num_queries):
    client = login(applicant)
    with django_assert_max_num_queries(10):
        client.get(CABINET)

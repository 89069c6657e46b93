"""Step 3 pages: permissions as a matrix, proposing, the two-per-site message, the support log."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from practices.models import PilotPractice, PilotPracticeState, QuestionnaireState
from practices.services import commission as commission_services
from practices.services import pilot_sites as pilot_site_services
from tests.factories import OrganisationFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def tatarstan(make_questionnaire):
    return [
        make_questionnaire(
            OrganisationFactory(region=region("16")),
            state=QuestionnaireState.SUBMITTED,
            title=f"Татарская практика {i}",
        )
        for i in range(3)
    ]


def site_url(site):
    return reverse("practices:pilot-site", args=[site.pk])


# role -> (overview status, own-site-A status)
MATRIX = {
    "federal": (200, 200),
    "regional_a": (200, 200),
    "regional_b": (200, 404),
    "expert": (404, 404),
    "applicant": (404, 404),
}


@pytest.mark.parametrize("role", MATRIX)
def test_permission_matrix(request, login, site_a, site_b, role):
    client = login(request.getfixturevalue(role))
    overview, site_page = MATRIX[role]
    assert client.get(reverse("practices:pilot-sites")).status_code == overview
    assert client.get(site_url(site_a)).status_code == site_page


def test_anonymous_is_sent_to_log_in(client, site_a):
    response = client.get(site_url(site_a))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_regional_overview_lists_only_own_site_with_count(
    login, regional_a, site_a, site_b, tatarstan
):
    pilot_site_services.pilot_practice_propose(
        pilot_site=site_a, questionnaire=tatarstan[0], by=regional_a
    )
    response = login(regional_a).get(reverse("practices:pilot-sites"))
    assert [s.pk for s in response.context["sites"]] == [site_a.pk]
    assert response.context["sites"][0].practice_count == 1
    assert "1 из 2" in response.content.decode()


def test_federal_overview_shows_each_sites_count(
    login, federal, regional_a, site_a, site_b, tatarstan
):
    for q in tatarstan[:2]:
        pilot_site_services.pilot_practice_propose(
            pilot_site=site_a, questionnaire=q, by=regional_a
        )
    sites = {
        s.pk: s.practice_count
        for s in login(federal).get(reverse("practices:pilot-sites")).context["sites"]
    }
    assert sites == {site_a.pk: 2, site_b.pk: 0}


def test_propose_from_the_page(login, regional_a, site_a, tatarstan):
    response = login(regional_a).post(site_url(site_a), {"questionnaire": tatarstan[0].pk})
    assert response.status_code == 302
    assert PilotPractice.objects.get().questionnaire == tatarstan[0]


def test_another_regions_questionnaire_is_refused_beside_the_field(
    login, regional_a, site_a, submitted_b
):
    response = login(regional_a).post(site_url(site_a), {"questionnaire": submitted_b.pk})
    assert response.status_code == 200
    assert "Выберите поданную анкету своего региона." in response.content.decode()
    assert not PilotPractice.objects.exists()


def test_third_practice_page_says_two_already(login, regional_a, site_a, tatarstan):
    for q in tatarstan[:2]:
        pilot_site_services.pilot_practice_propose(
            pilot_site=site_a, questionnaire=q, by=regional_a
        )
    client = login(regional_a)
    assert "уже 2 практики" in client.get(site_url(site_a)).content.decode()
    response = client.post(site_url(site_a), {"questionnaire": tatarstan[2].pk})
    assert "уже 2 практики" in response.content.decode()
    assert PilotPractice.objects.count() == 2


def test_federal_confirms_on_the_page(login, federal, regional_a, site_a, tatarstan):
    practice = pilot_site_services.pilot_practice_propose(
        pilot_site=site_a, questionnaire=tatarstan[0], by=regional_a
    )
    url = reverse("practices:pilot-practice-action", args=[practice.pk, "confirm"])
    assert login(regional_a).post(url).status_code == 403
    login(federal).post(url)
    assert PilotPractice.objects.get().state == PilotPracticeState.CONFIRMED


def test_other_region_cannot_touch_a_practice(login, regional_a, regional_b, site_a, tatarstan):
    practice = pilot_site_services.pilot_practice_propose(
        pilot_site=site_a, questionnaire=tatarstan[0], by=regional_a
    )
    client = login(regional_b)
    assert (
        client.post(
            reverse("practices:pilot-practice-action", args=[practice.pk, "remove"])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("practices:pilot-practice-support-add", args=[practice.pk])).status_code
        == 404
    )


def test_support_log_entry_from_the_page(login, regional_a, site_a, tatarstan):
    practice = pilot_site_services.pilot_practice_propose(
        pilot_site=site_a, questionnaire=tatarstan[0], by=regional_a
    )
    client = login(regional_a)
    url = reverse("practices:pilot-practice-support-add", args=[practice.pk])
    response = client.post(
        url, {"date": "2020-10-01", "kind": "informational", "text": "Статья в газете"}
    )
    assert response.status_code == 302
    page = client.get(site_url(site_a)).content.decode()
    assert "Статья в газете" in page and "01.10.2020" in page


def test_support_log_bad_input_keeps_the_text(login, regional_a, site_a, tatarstan):
    practice = pilot_site_services.pilot_practice_propose(
        pilot_site=site_a, questionnaire=tatarstan[0], by=regional_a
    )
    response = login(regional_a).post(
        reverse("practices:pilot-practice-support-add", args=[practice.pk]),
        {"date": "", "kind": "methodological", "text": "Важный текст"},
    )
    assert response.status_code == 200
    assert "Важный текст" in response.content.decode()
    assert not practice.support_log.exists()


def test_applicant_sees_the_refusal_reason(login, applicant, submitted_a, federal, commission):
    commission_services.admission_decide(
        questionnaire=submitted_a, by=federal, admitted=False, reason="Практика не муниципальная"
    )
    content = (
        login(applicant).get(reverse("practices:detail", args=[submitted_a.pk])).content.decode()
    )
    assert "не допущена к экспертизе" in content
    assert "Практика не муниципальная" in content


def test_support_log_file_is_stored_and_served_only_to_the_sites_staff(
    login, regional_a, regional_b, federal, site_a, tatarstan, photo_upload
):
    from practices.models import SupportEntry

    practice = pilot_site_services.pilot_practice_propose(
        pilot_site=site_a, questionnaire=tatarstan[0], by=regional_a
    )
    client = login(regional_a)
    response = client.post(
        reverse("practices:pilot-practice-support-add", args=[practice.pk]),
        {"date": "2020-10-02", "kind": "methodological", "text": "Семинар", "upload": photo_upload},
    )
    assert response.status_code == 302
    entry = SupportEntry.objects.get()
    assert entry.file_name == "фото.jpg"
    assert client.get(entry.file.url).status_code == 200
    assert login(regional_b).get(entry.file.url).status_code == 404
    assert login(federal).get(entry.file.url).status_code == 200


def test_a_support_log_line_without_a_file_serves_nothing(
    login, regional_a, federal, site_a, tatarstan, django_assert_num_queries
):
    import datetime

    from practices.permissions import get_support_file_for_user

    practice = pilot_site_services.pilot_practice_propose(
        pilot_site=site_a, questionnaire=tatarstan[0], by=regional_a
    )
    entry = pilot_site_services.support_entry_add(
        practice=practice,
        by=regional_a,
        date=datetime.date(2020, 10, 3),
        kind="informational",
        text="Звонок",
    )
    url = reverse("files:download", kwargs={"key": "practices-supportentry", "pk": entry.pk})
    assert login(regional_a).get(url).status_code == 404
    assert login(federal).get(url).status_code == 404
    with pytest.raises(Http404):  # not only the download: the lookup itself finds nothing
        get_support_file_for_user(regional_a, entry.pk)
    entry.file.name = "practices/support/zvonok.pdf"
    entry.save(update_fields=["file"])
    get_support_file_for_user(regional_a, entry.pk)  # the roles are read once per request
    with django_assert_num_queries(1):
        found = get_support_file_for_user(regional_a, entry.pk)
        assert found.practice.pilot_site == site_a


def test_a_pilot_site_and_its_practice_are_one_query_each(
    regional_a, site_a, tatarstan, django_assert_num_queries
):
    from practices.permissions import get_pilot_practice_for_user, get_pilot_site_for_user

    practice = pilot_site_services.pilot_practice_propose(
        pilot_site=site_a, questionnaire=tatarstan[0], by=regional_a
    )
    get_pilot_site_for_user(regional_a, site_a.pk)  # the roles are read once per request
    with django_assert_num_queries(1):
        site = get_pilot_site_for_user(regional_a, site_a.pk)
        assert site.region.name and site.programme.title
    with django_assert_num_queries(1):
        assert get_pilot_practice_for_user(regional_a, practice.pk).pilot_site == site_a


def test_support_log_refuses_a_file_that_is_not_what_it_claims(
    login, regional_a, site_a, tatarstan
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    practice = pilot_site_services.pilot_practice_propose(
        pilot_site=site_a, questionnaire=tatarstan[0], by=regional_a
    )
    fake = SimpleUploadedFile("отчёт.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = login(regional_a).post(
        reverse("practices:pilot-practice-support-add", args=[practice.pk]),
        {"date": "2020-10-02", "kind": "methodological", "text": "Семинар", "upload": fake},
    )
    assert response.status_code == 200
    assert not practice.support_log.exists()
    assert "Семинар" in response.content.decode()


def test_cabinet_shows_the_experts_progress_and_staff_the_pilot_practices(
    login, expert, regional_a, site_a
):
    expert_page = login(expert).get(reverse("accounts:cabinet")).content.decode()
    assert "Мои заявки на оценку" in expert_page
    assert reverse("admin:practices_experttask_changelist") in expert_page
    regional_page = login(regional_a).get(reverse("accounts:cabinet")).content.decode()
    assert reverse("practices:pilot-sites") in regional_page

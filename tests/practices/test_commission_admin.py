"""The commission in the admin: the expert's own list and scoring page, the federal ranking."""

from __future__ import annotations

import pytest
from django.urls import reverse

from practices.models import (
    CommissionMember,
    MemberRole,
    Review,
    ReviewState,
)
from practices.services import commission as commission_services
from tests.factories import OrganisationFactory, region
from tests.practices.conftest import criteria_ids, score

pytestmark = pytest.mark.django_db

TASKS = "admin:practices_experttask_changelist"


@pytest.fixture
def expert_member(expert, commission):
    CommissionMember.objects.create(commission=commission, user=expert, role=MemberRole.EXPERT)
    return expert


@pytest.fixture
def tasks(admitted, federal, expert_member):
    """Two questionnaires assigned to the fixture expert."""
    return [
        commission_services.assignment_create(
            questionnaire=admitted(OrganisationFactory(region=region("16")), title=f"Анкета {i}"),
            expert=expert_member,
            by=federal,
        )
        for i in (1, 2)
    ]


def change_url(assignment):
    return reverse("admin:practices_experttask_change", args=[assignment.pk])


def post_scores(client, assignment, commission, a, b, *, submit, comment="ок"):
    first, second = criteria_ids(commission)
    data = {
        f"score_{first}": a,
        f"comment_{first}": "",
        f"score_{second}": b,
        f"comment_{second}": comment,
        "overall_comment": "Вывод",
        "recommendation": "recommend",
    }
    data["submit" if submit else "save"] = "1"
    return client.post(change_url(assignment), data)


def test_expert_sees_only_my_tasks_in_the_admin_index(login, tasks, expert_member):
    content = login(expert_member).get(reverse("admin:index")).content.decode()
    assert "Мои заявки на оценку" in content
    assert "Оценки экспертов" not in content
    assert "Анкеты практик" not in content


def test_expert_list_shows_own_tasks_and_progress(login, tasks, expert_member, commission):
    score(tasks[0], expert_member, commission, 8, 5)
    response = login(expert_member).get(reverse(TASKS))
    content = response.content.decode()
    assert "Оценено 1 из 2" in content
    assert "Анкета 1" in content and "Анкета 2" in content


def test_expert_list_hides_other_experts_tasks(login, tasks, make_expert, admitted, federal):
    other = make_expert("other")
    commission_services.assignment_create(
        questionnaire=admitted(OrganisationFactory(region=region("05")), title="Чужая"),
        expert=other,
        by=federal,
    )
    content = login(tasks[0].expert).get(reverse(TASKS)).content.decode()
    assert "Чужая" not in content


def test_another_experts_assignment_by_url_is_404(login, tasks, make_expert):
    assert login(make_expert("nosy")).get(change_url(tasks[0])).status_code == 404


def test_scoring_page_shows_questionnaire_and_criteria(login, tasks, expert_member):
    content = login(expert_member).get(change_url(tasks[0])).content.decode()
    assert "Анкета 1" in content
    assert "Подростки разных национальностей" in content  # the answers, read-only
    assert "Польза" in content and "Тиражируемость" in content


def test_draft_then_submit_from_the_page(login, tasks, expert_member, commission):
    client = login(expert_member)
    response = post_scores(client, tasks[0], commission, 8, "", submit=False)
    assert response.status_code == 302
    assert Review.objects.get(assignment=tasks[0]).state == ReviewState.DRAFT
    response = post_scores(client, tasks[0], commission, 8, 5, submit=True)
    assert response.status_code == 302
    review = Review.objects.get(assignment=tasks[0])
    assert review.state == ReviewState.SUBMITTED
    assert float(review.total) == 7.0


def test_bad_score_is_shown_beside_the_field_and_typed_text_kept(
    login, tasks, expert_member, commission
):
    response = post_scores(
        login(expert_member), tasks[0], commission, 11, 5, submit=True, comment="Мой текст"
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Балл от 0 до 10." in content
    assert "Мой текст" in content
    assert not Review.objects.filter(assignment=tasks[0]).exists()


def test_submitted_review_is_locked_on_the_page(login, tasks, expert_member, commission):
    score(tasks[0], expert_member, commission, 8, 5)
    client = login(expert_member)
    content = client.get(change_url(tasks[0])).content.decode()
    assert "Изменить её нельзя" in content
    assert 'name="submit"' not in content
    post_scores(client, tasks[0], commission, 1, 1, submit=True)
    assert float(Review.objects.get(assignment=tasks[0]).total) == 7.0


def test_expert_cannot_open_reviews_or_ranking(login, tasks, expert_member, commission):
    client = login(expert_member)
    assert client.get(reverse("admin:practices_review_changelist")).status_code == 403
    ranking = reverse("admin:practices_commission_ranking", args=[commission.pk])
    assert client.get(ranking).status_code == 404


def test_conflict_from_the_page_frees_the_assignment(login, tasks, expert_member):
    client = login(expert_member)
    response = client.post(
        change_url(tasks[0]), {"conflict": "1", "conflict_reason": "Бывший коллега"}
    )
    assert response.status_code == 302
    assert client.get(change_url(tasks[0])).status_code == 404


@pytest.mark.parametrize("who", ["regional_a", "applicant", "anonymous_client"])
def test_non_admin_roles_do_not_reach_the_expert_page(request, login, client, tasks, who):
    user = None if who == "anonymous_client" else request.getfixturevalue(who)
    response = login(user).get(change_url(tasks[0])) if user else client.get(change_url(tasks[0]))
    assert response.status_code == 302  # to the admin login
    assert "/login/" in response["Location"]


def test_federal_sees_the_ranking_with_numbers(login, federal, tasks, expert_member, commission):
    score(tasks[0], expert_member, commission, 8, 5)
    url = reverse("admin:practices_commission_ranking", args=[commission.pk])
    response = login(federal).get(url + "?z=1&o=median")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Анкета 1" in content
    assert "7,00" in content or "7.00" in content


def test_federal_sees_all_reviews(login, federal, tasks, expert_member, commission):
    score(tasks[0], expert_member, commission, 8, 5)
    response = login(federal).get(reverse("admin:practices_review_changelist"))
    assert response.status_code == 200
    assert "Анкета 1" in response.content.decode()


def test_manual_assignment_to_own_organisation_shows_the_reason(
    login, federal, admitted, make_expert, applicant_organisation
):
    questionnaire = admitted(applicant_organisation)
    insider = make_expert("insider", organisation=applicant_organisation)
    response = login(federal).post(
        reverse("admin:practices_assignment_add"),
        {"questionnaire": questionnaire.pk, "expert": insider.pk, "due_on": ""},
    )
    assert response.status_code == 200
    assert "организации-заявителе" in response.content.decode()


def test_automatic_assignment_action(login, federal, admitted, make_expert, commission):
    admitted(OrganisationFactory(region=region("16")))
    make_expert("x1"), make_expert("x2")
    response = login(federal).post(
        reverse("admin:practices_commission_changelist"),
        {"action": "assign_automatically", "_selected_action": [commission.pk]},
        follow=True,
    )
    assert "Создано назначений: 2." in response.content.decode()


def test_expert_list_query_count_does_not_grow(
    login, admitted, federal, expert_member, django_assert_max_num_queries, commission
):
    client = login(expert_member)

    def add(n):
        for _ in range(n):
            commission_services.assignment_create(
                questionnaire=admitted(OrganisationFactory(region=region("16"))),
                expert=expert_member,
                by=federal,
            )

    add(2)
    client.get(reverse(TASKS))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse(TASKS))
    add(8)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse(TASKS))
    assert len(large) == len(small)


def test_ranking_page_query_count_does_not_grow(login, federal, admitted, make_expert, commission):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    experts = [make_expert(f"q{i}") for i in range(3)]
    client = login(federal)
    url = reverse("admin:practices_commission_ranking", args=[commission.pk]) + "?z=1"

    def add(n):
        for _ in range(n):
            questionnaire = admitted(OrganisationFactory(region=region("16")))
            for expert in experts[:2]:
                assignment = commission_services.assignment_create(
                    questionnaire=questionnaire, expert=expert, by=federal
                )
                score(assignment, expert, commission, 6, 6)

    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add(6)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_admit_action_on_questionnaires(login, federal, submitted_a, commission):
    from practices.models import Admission

    response = login(federal).post(
        reverse("admin:practices_questionnaire_changelist"),
        {"action": "admit", "_selected_action": [submitted_a.pk]},
        follow=True,
    )
    assert "Допущено к экспертизе: 1." in response.content.decode()
    assert Admission.objects.get(questionnaire=submitted_a).admitted is True


ADMIN_PAGES = {
    # page -> status for (federal, expert); regional staff, applicants and anonymous users are
    # sent to the admin login (302) everywhere.
    "ranking": (200, 404),
    "admin:practices_review_changelist": (200, 403),
    "admin:practices_assignment_changelist": (200, 403),
    "admin:practices_commission_changelist": (200, 403),
    "admin:practices_decision_changelist": (200, 403),
    "admin:practices_admission_changelist": (200, 403),
    "admin:practices_pilotpractice_changelist": (200, 403),
    "admin:practices_experttask_changelist": (403, 200),
}


@pytest.mark.parametrize("page", ADMIN_PAGES)
@pytest.mark.parametrize("role", ["federal", "expert", "regional_a", "applicant", None])
def test_admin_permission_matrix(request, client, login, commission, page, role):
    if page == "ranking":
        url = reverse("admin:practices_commission_ranking", args=[commission.pk])
    else:
        url = reverse(page)
    response = login(request.getfixturevalue(role)).get(url) if role else client.get(url)
    if role in ("federal", "expert"):
        assert response.status_code == ADMIN_PAGES[page][0 if role == "federal" else 1]
    else:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_expert_reads_attachments_of_assigned_questionnaires_only(
    login, tasks, expert_member, make_expert, applicant, photo_upload
):
    from practices import services
    from practices.uploads import attachment_file_field

    questionnaire = tasks[0].questionnaire
    questionnaire.state = "returned"
    questionnaire.save()
    from resursnaya_sreda.accounts.models import Membership, Role

    Membership.objects.create(
        user=applicant, role=Role.APPLICANT, organisation=questionnaire.organisation
    )
    upload = attachment_file_field().clean(photo_upload)
    attachment = services.attachment_add(questionnaire=questionnaire, by=applicant, upload=upload)
    questionnaire.state = "submitted"
    questionnaire.save()
    url = reverse("files:download", args=["practices-attachment", attachment.pk])
    response = login(expert_member).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert login(make_expert("stranger")).get(url).status_code == 404


def test_expert_opening_a_questionnaire_on_the_site_by_url_is_404(login, tasks, make_expert):
    url = reverse("practices:detail", args=[tasks[0].questionnaire_id])
    assert login(make_expert("by-url")).get(url).status_code == 404

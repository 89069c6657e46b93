"""What a first applicant and expert meet: required answers marked and listed per section,
«Добавить организацию и начать» ending in the questionnaire, confirmations before what cannot
be undone, the expert's page with its materials once and the total as a person writes it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from practices.models import CommissionMember, MemberRole, Questionnaire
from practices.services import commission as commission_services
from resursnaya_sreda.accounts.models import Role
from tests.accounts.test_organisations import VALID_INN, data
from tests.factories import MembershipFactory, OrganisationFactory, region
from tests.practices.conftest import QuestionnaireFactory, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert_member(expert, commission):
    CommissionMember.objects.create(commission=commission, user=expert, role=MemberRole.EXPERT)
    return expert


@pytest.fixture
def tasks(admitted, federal, expert_member):
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


@pytest.fixture
def empty_draft(programme, step1, applicant, applicant_organisation):
    return QuestionnaireFactory(
        programme=programme, organisation=applicant_organisation, created_by=applicant
    )


def edit_page(client, questionnaire, section):
    return client.get(reverse("practices:edit", args=[questionnaire.pk, section])).content.decode()


def test_required_fields_of_a_section_are_marked(login, applicant, empty_draft):
    page = edit_page(login(applicant), empty_draft, "partners")
    assert re.search(r'<label\s+for="id_resources"[^>]*>\s*Ресурсы[^<]*\*', page)
    # Partners are optional: no star.
    label = re.search(r'<label\s+for="id_partners_ngo"[^>]*>([^<]*)<', page).group(1)
    assert "*" not in label
    assert "Поля со звёздочкой (*) нужны, чтобы отправить анкету" in page


def test_each_section_lists_what_is_still_missing_there(login, applicant, empty_draft):
    page = edit_page(login(applicant), empty_draft, "description")
    missing = page.split('id="section-missing"')[1].split("</div>\n    {% endif %}")[0]
    assert "Что ещё не заполнено в этом разделе" in page
    assert 'href="#id_problem"' in missing
    assert 'href="#id_people_reached"' in missing
    # Only this section's gaps: the contacts are listed on their own section.
    assert "id_contact_email" not in missing.split("</ul>")[0]


def test_the_missing_list_does_not_block_saving_a_draft(login, applicant, empty_draft):
    client = login(applicant)
    response = client.post(
        reverse("practices:edit", args=[empty_draft.pk, "description"]),
        {"version": empty_draft.version, "problem": "Мало общаются", "next": "1"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/edit/partners/")
    empty_draft.refresh_from_db()
    assert empty_draft.problem == "Мало общаются"
    page = edit_page(client, empty_draft, "description")
    missing = page.split('id="section-missing"')[1].split("</ul>")[0]
    assert "id_problem" not in missing
    assert "id_goals" in missing


def test_a_complete_section_lists_nothing(login, applicant, draft_a):
    assert 'id="section-missing"' not in edit_page(login(applicant), draft_a, "practice")


def test_the_municipality_gap_links_to_the_field_that_is_typed(login, applicant, empty_draft):
    page = edit_page(login(applicant), empty_draft, "practice")
    assert 'href="#id_municipality_name"' in page
    assert 'id="id_municipality_name"' in page


def test_submit_asks_once_saying_what_cannot_be_undone(login, applicant, draft_a):
    page = edit_page(login(applicant), draft_a, "review")
    button = re.search(r'<button[^>]*data-confirm="([^"]*)"[^>]*>\s*<i class="bi bi-send', page)
    assert button, "the submit button carries its question"
    assert "изменить её нельзя" in button.group(1)


def test_add_organisation_and_start_lands_in_the_questionnaire(login, programme, step1):
    user = MembershipFactory(role=Role.APPLICANT, organisation=None).user
    client = login(user)
    apply_page = client.get(reverse("practices:apply")).content.decode()
    start = reverse("accounts:organisation-create") + "?then=questionnaire"
    assert start in apply_page
    form = client.get(start).content.decode()
    assert 'name="then" value="questionnaire"' in form
    assert "Сохранить и начать анкету" in form
    response = client.post(
        reverse("accounts:organisation-create"), {**data(), "then": "questionnaire"}
    )
    questionnaire = Questionnaire.objects.get(organisation__inn=VALID_INN)
    assert response.status_code == 302
    assert response["Location"] == reverse("practices:edit", args=[questionnaire.pk, "practice"])
    assert questionnaire.created_by == user
    assert questionnaire.programme == programme


def test_adding_an_organisation_without_a_next_step_goes_to_the_list(login, programme, step1):
    user = MembershipFactory(role=Role.APPLICANT, organisation=None).user
    response = login(user).post(
        reverse("accounts:organisation-create"), {**data(), "then": "something-else"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organisation-list")
    assert not Questionnaire.objects.exists()


def test_start_after_organisation_when_the_window_is_closed_goes_to_the_list(
    login, programme, closed_step1
):
    user = MembershipFactory(role=Role.APPLICANT, organisation=None).user
    response = login(user).post(
        reverse("accounts:organisation-create"), {**data(), "then": "questionnaire"}
    )
    assert response["Location"] == reverse("accounts:organisation-list")
    assert not Questionnaire.objects.exists()


def test_expert_page_shows_the_materials_block_once(login, tasks, expert_member):
    page = login(expert_member).get(change_url(tasks[0])).content.decode()
    assert page.count(">Материалы<") == 1
    assert page.count("Файлы не приложены.") == 1
    assert "Файлов нет." not in page


def test_expert_total_is_written_as_a_person_writes_it(
    login,
    tasks,
    expert_member,
    commission,
):
    score(tasks[0], expert_member, commission, 8, 6)  # (8×2 + 6×1) / 3 = 7,33…
    page = login(expert_member).get(change_url(tasks[0])).content.decode()
    total = re.search(r"Итог: ([\d,]+)", page).group(1)
    assert total == "7,33"
    score(tasks[1], expert_member, commission, 7, 9)  # (14 + 9) / 3 = 7,666…
    score_page = login(expert_member).get(change_url(tasks[1])).content.decode()
    assert re.search(r"Итог: 7,67<", score_page)


def test_expert_submit_asks_before_the_score_is_locked(login, tasks, expert_member):
    page = login(expert_member).get(change_url(tasks[0])).content.decode()
    assert re.search(r'name="submit"[^>]*data-confirm="Отправить оценку\?[^"]*нельзя', page)
    assert "js/confirm.js" in page


# --- Numbers agree with their nouns ---------------------------------------------------------


def test_the_review_section_counts_its_problems_in_russian(
    login, applicant, make_questionnaire, applicant_organisation, step1
):
    draft = make_questionnaire(applicant_organisation, by=applicant)
    draft.goals = ""
    draft.resources = ""
    draft.save()
    page = (
        login(applicant).get(reverse("practices:edit", args=[draft.pk, "review"])).content.decode()
    )
    assert "Чтобы отправить анкету, исправьте 2 замечания:" in page


def test_the_pilot_sites_page_agrees_the_target(login, federal, programme, site_a):
    page = login(federal).get(reverse("practices:pilot-sites")).content.decode()
    assert "выбирает 2 лучшие муниципальные практики своего региона" in page


# --- Deadlines say whose clock they mean ------------------------------------------------------


def test_the_start_page_deadline_names_moscow_time(client, programme, step1):
    page = client.get(reverse("practices:apply")).content.decode()
    end = step1.ends_on.strftime("%d.%m.%Y")
    assert f"до 23:59 {end} (Москва, UTC+3)" in page
    assert 'id="local-deadline"' not in page


def test_a_vladivostok_applicant_also_sees_the_deadline_on_their_clock(login, programme, step1):
    import datetime

    organisation = OrganisationFactory(region=region("25"))
    user = MembershipFactory(role=Role.APPLICANT, organisation=organisation).user
    page = login(user).get(reverse("practices:apply")).content.decode()
    next_day = (step1.ends_on + datetime.timedelta(days=1)).strftime("%d.%m.%Y")
    local = re.search(r'id="local-deadline">([^<]*)<', page).group(1)
    assert local == f"до 06:59 {next_day} (Владивосток, UTC+10)"


def test_the_review_section_says_until_when_in_moscow_time(login, applicant, draft_a, step1):
    page = edit_page(login(applicant), draft_a, "review")
    assert f"до 23:59 {step1.ends_on:%d.%m.%Y} (Москва, UTC+3)" in page


# --- Phone-sized lists ------------------------------------------------------------------------


def test_the_review_list_filters_fold_until_a_filter_is_used(login, regional_a, programme, step1):
    client = login(regional_a)
    page = client.get(reverse("practices:review-list")).content.decode()
    details = re.search(r"<details class=\"list-filters[^>]*>", page).group(0)
    assert "data-fold-narrow" in details and " open" not in details
    assert "js/fold.js" in page
    page = client.get(reverse("practices:review-list") + "?q=школа").content.decode()
    assert re.search(r"<details class=\"list-filters[^>]*\bopen\b", page)


def test_a_catalogue_practice_without_a_photo_has_a_cover_band(client, make_questionnaire):
    from django.utils import timezone

    from practices.models import QuestionnaireState

    practice = make_questionnaire(
        OrganisationFactory(region=region("05")),
        state=QuestionnaireState.SUBMITTED,
        title="Практика без фото",
    )
    Questionnaire.objects.filter(pk=practice.pk).update(published_at=timezone.now())
    page = client.get(reverse("practices:catalogue")).content.decode()
    card = page.split("Практика без фото")[0].rsplit("<article", 1)[1]
    assert "practice-cover-empty" in card
    assert str(region("05")) in card


def test_the_review_reminder_says_whose_clock_the_deadline_is_on(
    admitted, federal, make_expert, commission, mailoutbox, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    due = timezone.localdate() + datetime.timedelta(days=1)
    commission_services.assignment_create(
        questionnaire=admitted(OrganisationFactory(region=region("16"))),
        expert=make_expert("soon"),
        by=federal,
        due_on=due,
    )
    with django_capture_on_commit_callbacks(execute=True):
        commission_services.send_review_reminders()
    assert f"нужно отправить до 23:59 {due:%d.%m.%Y} (Москва, UTC+3)." in mailoutbox[0].body


def test_the_expert_page_says_whose_clock_the_deadline_is_on(login, tasks, expert_member):
    import datetime

    tasks[0].due_on = datetime.date(2026, 5, 31)
    tasks[0].save()
    page = login(expert_member).get(change_url(tasks[0])).content.decode()
    assert re.search(r'id="due">до 23:59 31\.05\.2026 \(Москва, UTC\+3\)<', page)

"""Drafts never lose work: sections save without required fields, in the background too, and
two tabs never silently overwrite each other."""

from __future__ import annotations

import pytest
from django.urls import reverse

from practices import services
from practices.models import Questionnaire
from resursnaya_sreda.kernel.models import Municipality

pytestmark = pytest.mark.django_db


def _edit(pk, section="practice"):
    return reverse("practices:edit", args=[pk, section])


def _autosave(pk, section="practice"):
    return reverse("practices:autosave", args=[pk, section])


@pytest.fixture
def empty_draft(make_questionnaire, applicant, applicant_organisation):
    return make_questionnaire(applicant_organisation, complete=False, by=applicant)


def test_a_section_saves_without_required_fields(login, applicant, empty_draft):
    response = login(applicant).post(
        _edit(empty_draft.pk), {"version": empty_draft.version, "title": "Только название"}
    )
    assert response.status_code == 302
    empty_draft.refresh_from_db()
    assert empty_draft.title == "Только название"
    assert empty_draft.version == 2


def test_save_and_next_goes_to_the_next_section(login, applicant, empty_draft):
    response = login(applicant).post(
        _edit(empty_draft.pk), {"version": empty_draft.version, "title": "Т", "next": "1"}
    )
    assert response["Location"] == _edit(empty_draft.pk, "description")


def test_coming_back_shows_what_was_saved(login, applicant, empty_draft):
    client = login(applicant)
    client.post(
        _edit(empty_draft.pk, "description"),
        {"version": empty_draft.version, "problem": "Проблема описана"},
    )
    content = client.get(_edit(empty_draft.pk, "description")).content.decode()
    assert "Проблема описана" in content


def test_a_typed_municipality_is_matched_without_regard_to_case(
    login, applicant, empty_draft, municipality_a
):
    login(applicant).post(
        _edit(empty_draft.pk), {"version": empty_draft.version, "municipality_name": "казань"}
    )
    empty_draft.refresh_from_db()
    assert empty_draft.municipality == municipality_a


def test_a_new_municipality_is_added_to_the_organisations_region(login, applicant, empty_draft):
    login(applicant).post(
        _edit(empty_draft.pk), {"version": empty_draft.version, "municipality_name": "Елабуга"}
    )
    empty_draft.refresh_from_db()
    assert empty_draft.municipality.name == "Елабуга"
    assert empty_draft.municipality.region == empty_draft.organisation.region
    assert Municipality.objects.filter(name="Елабуга").count() == 1


def test_a_wrong_field_keeps_its_text_and_the_rest_is_saved(login, applicant, empty_draft):
    response = login(applicant).post(
        _edit(empty_draft.pk, "contacts"),
        {
            "version": empty_draft.version,
            "contact_name": "Иванова Анна",
            "contact_email": "не-адрес",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="не-адрес"' in content
    assert "Введите правильный адрес электронной почты" in content
    empty_draft.refresh_from_db()
    assert empty_draft.contact_name == "Иванова Анна"
    assert empty_draft.contact_email == ""


def test_second_tab_saving_an_old_version_is_refused_and_keeps_its_text(
    login, applicant, empty_draft
):
    client = login(applicant)
    opened_version = empty_draft.version
    client.post(
        _edit(empty_draft.pk),
        {"version": opened_version, "title": "Из первой вкладки", "editor_token": "tab1"},
    )
    response = client.post(
        _edit(empty_draft.pk),
        {"version": opened_version, "title": "Из второй вкладки", "editor_token": "tab2"},
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "Из второй вкладки" in content
    assert "в другой вкладке" in content
    empty_draft.refresh_from_db()
    assert empty_draft.title == "Из первой вкладки"


def test_the_same_tab_may_save_over_its_own_lost_background_save(login, applicant, empty_draft):
    client = login(applicant)
    client.post(
        _autosave(empty_draft.pk),
        {"version": empty_draft.version, "title": "Фон", "editor_token": "tab1"},
    )
    # The button's form still carries the version the page was opened with.
    response = client.post(
        _edit(empty_draft.pk),
        {"version": empty_draft.version, "title": "Кнопка", "editor_token": "tab1"},
    )
    assert response.status_code == 302
    empty_draft.refresh_from_db()
    assert empty_draft.title == "Кнопка"


def test_autosave_answers_with_the_new_version(login, applicant, empty_draft):
    response = login(applicant).post(
        _autosave(empty_draft.pk), {"version": empty_draft.version, "title": "В фоне"}
    )
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert response.json()["version"] == empty_draft.version + 1


def test_autosave_of_an_old_version_answers_409_and_changes_nothing(login, applicant, empty_draft):
    services.questionnaire_save_draft(
        questionnaire=empty_draft,
        by=applicant,
        version=empty_draft.version,
        changes={"title": "Другое устройство"},
        editor_token="other",
    )
    response = login(applicant).post(
        _autosave(empty_draft.pk),
        {"version": empty_draft.version, "title": "Эта вкладка", "editor_token": "this"},
    )
    assert response.status_code == 409
    assert response.json()["stale"] is True
    empty_draft.refresh_from_db()
    assert empty_draft.title == "Другое устройство"


def test_autosave_reports_wrong_fields_and_saves_the_rest(login, applicant, empty_draft):
    response = login(applicant).post(
        _autosave(empty_draft.pk, "description"),
        {"version": empty_draft.version, "problem": "Есть", "people_reached": "около ста"},
    )
    body = response.json()
    assert "people_reached" in body["errors"]
    empty_draft.refresh_from_db()
    assert empty_draft.problem == "Есть"
    assert empty_draft.people_reached is None


def test_an_unchanged_save_keeps_the_version(applicant, empty_draft):
    saved = services.questionnaire_save_draft(
        questionnaire=empty_draft, by=applicant, version=empty_draft.version, changes={}
    )
    assert saved.version == empty_draft.version


def test_after_the_deadline_a_draft_is_readable_but_not_saved(
    login, applicant, empty_draft, closed_step1
):
    client = login(applicant)
    page = client.get(_edit(empty_draft.pk))
    assert page.status_code == 200
    assert "Приём анкет закрыт" in page.content.decode()
    response = client.post(_edit(empty_draft.pk), {"version": empty_draft.version, "title": "X"})
    assert response.status_code == 403
    assert Questionnaire.objects.get(pk=empty_draft.pk).title == ""


def test_after_the_deadline_no_new_questionnaire_can_be_started(login, applicant, closed_step1):
    response = login(applicant).post(reverse("practices:create"), {})
    assert response.status_code == 302
    assert Questionnaire.objects.count() == 0


def test_the_start_page_names_the_deadline(client, step1):
    content = client.get(reverse("practices:apply")).content.decode()
    assert step1.ends_on.strftime("%d.%m.%Y") in content


def test_the_start_page_says_submission_is_closed_after_the_deadline(client, closed_step1):
    content = client.get(reverse("practices:apply")).content.decode()
    assert "Приём анкет закрыт" in content
    assert "Новые анкеты не принимаются" in content


def test_create_view_starts_a_draft_and_opens_the_first_section(
    login, applicant, applicant_organisation, step1
):
    response = login(applicant).post(
        reverse("practices:create"), {"organisation": applicant_organisation.pk}
    )
    questionnaire = Questionnaire.objects.get()
    assert response["Location"] == _edit(questionnaire.pk)
    assert questionnaire.organisation == applicant_organisation


def test_create_for_someone_elses_organisation_is_refused(login, applicant, organisation_b, step1):
    response = login(applicant).post(
        reverse("practices:create"), {"organisation": organisation_b.pk}
    )
    assert response.status_code == 200  # the form says «выберите из списка»
    assert Questionnaire.objects.count() == 0


def test_the_review_section_links_each_problem_to_its_field(login, applicant, empty_draft):
    content = login(applicant).get(_edit(empty_draft.pk, "review")).content.decode()
    assert f'href="{_edit(empty_draft.pk, "description")}#id_problem"' in content
    assert f'href="{_edit(empty_draft.pk, "contacts")}#id_consent_personal_data"' in content


def test_submit_view_of_an_incomplete_draft_shows_the_list(login, applicant, empty_draft):
    client = login(applicant)
    response = client.post(reverse("practices:submit", args=[empty_draft.pk]), follow=True)
    content = response.content.decode()
    assert "Анкету пока нельзя отправить" in content
    assert "Поле не заполнено" in content


def test_double_clicked_submit_submits_once(
    login, applicant, draft_a, regional_a, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(applicant)
    url = reverse("practices:submit", args=[draft_a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
        second = client.post(url, follow=True)
    assert first.status_code == 302
    assert "Анкета уже отправлена" in second.content.decode()
    assert draft_a.history.filter(action="submit").count() == 1
    assert len(mailoutbox) == 2  # one to the applicant, one to the regional centre


def test_consent_records_its_time_and_wording_version(applicant, empty_draft):
    saved = services.questionnaire_save_draft(
        questionnaire=empty_draft,
        by=applicant,
        version=empty_draft.version,
        changes={"consent_personal_data": True},
    )
    assert saved.consent_personal_data_at is not None
    assert saved.consent_version

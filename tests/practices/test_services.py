"""The questionnaire's state machine: each transition, its history row and its letters."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from practices import services
from practices.models import HistoryAction, QuestionnaireHistory, QuestionnaireState, ReturnReason

pytestmark = pytest.mark.django_db


def test_create_starts_a_draft_with_a_history_row(
    applicant, applicant_organisation, programme, step1
):
    questionnaire = services.questionnaire_create(
        by=applicant, organisation=applicant_organisation, programme=programme
    )
    assert questionnaire.state == QuestionnaireState.DRAFT
    assert list(questionnaire.history.values_list("action", flat=True)) == [HistoryAction.CREATE]


def test_create_twice_in_a_row_reuses_the_untouched_draft(
    applicant, applicant_organisation, programme, step1
):
    first = services.questionnaire_create(
        by=applicant, organisation=applicant_organisation, programme=programme
    )
    second = services.questionnaire_create(
        by=applicant, organisation=applicant_organisation, programme=programme
    )
    assert first.pk == second.pk


def test_create_for_an_organisation_not_represented_is_refused(
    applicant, organisation_b, programme, step1
):
    with pytest.raises(PermissionDenied):
        services.questionnaire_create(
            by=applicant, organisation=organisation_b, programme=programme
        )


def test_submit_moves_a_complete_draft_to_submitted_and_records_who(draft_a, applicant):
    questionnaire = services.questionnaire_submit(questionnaire=draft_a, by=applicant)
    assert questionnaire.state == QuestionnaireState.SUBMITTED
    assert questionnaire.submitted_at is not None
    entry = questionnaire.history.get(action=HistoryAction.SUBMIT)
    assert (entry.from_state, entry.to_state, entry.actor) == ("draft", "submitted", applicant)


def test_submit_mails_the_applicant_and_the_pilot_sites_staff(
    draft_a, applicant, regional_a, regional_b, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.questionnaire_submit(questionnaire=draft_a, by=applicant)
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == [applicant.email, regional_a.email]


def test_submit_of_an_incomplete_draft_lists_every_missing_field(
    make_questionnaire, applicant, applicant_organisation
):
    draft = make_questionnaire(applicant_organisation, complete=False, title="Только название")
    with pytest.raises(services.IncompleteError, match="Анкету пока нельзя отправить") as caught:
        services.questionnaire_submit(questionnaire=draft, by=applicant)
    anchors = {problem.anchor for problem in caught.value.problems}
    assert {"id_problem", "id_goals", "id_contact_email", "id_consent_personal_data"} <= anchors
    assert "id_title" not in anchors
    draft.refresh_from_db()
    assert draft.state == QuestionnaireState.DRAFT


def test_second_submit_is_refused_and_leaves_one_history_row(draft_a, applicant):
    services.questionnaire_submit(questionnaire=draft_a, by=applicant)
    with pytest.raises(services.TransitionError, match="в состоянии «Подана»"):
        services.questionnaire_submit(questionnaire=draft_a, by=applicant)
    assert draft_a.history.filter(action=HistoryAction.SUBMIT).count() == 1


def test_submit_after_the_deadline_is_refused(draft_a, applicant, closed_step1):
    with pytest.raises(services.SubmissionClosedError, match="Приём анкет закрыт"):
        services.questionnaire_submit(questionnaire=draft_a, by=applicant)


def test_take_into_review_by_regional_staff(submitted_a, regional_a):
    questionnaire = services.questionnaire_take_into_review(
        questionnaire=submitted_a, by=regional_a
    )
    assert questionnaire.state == QuestionnaireState.UNDER_REVIEW


def test_take_into_review_by_another_regions_staff_is_refused(submitted_a, regional_b):
    with pytest.raises(PermissionDenied):
        services.questionnaire_take_into_review(questionnaire=submitted_a, by=regional_b)


def test_return_needs_a_message(submitted_a, regional_a):
    with pytest.raises(ValidationError, match="Напишите, что нужно исправить"):
        services.questionnaire_return(questionnaire=submitted_a, by=regional_a, message="   ")


def test_return_stores_the_message_and_mails_the_applicant(
    submitted_a, regional_a, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        questionnaire = services.questionnaire_return(
            questionnaire=submitted_a, by=regional_a, message="Добавьте фотографии."
        )
    assert questionnaire.state == QuestionnaireState.RETURNED
    assert questionnaire.return_message == "Добавьте фотографии."
    entry = questionnaire.history.get(action=HistoryAction.RETURN)
    assert (entry.actor, entry.message) == (regional_a, "Добавьте фотографии.")
    assert [m.to for m in mailoutbox] == [[applicant.email]]
    assert "Добавьте фотографии." in mailoutbox[0].body


def test_mark_incomplete_is_a_return_with_its_reason(submitted_a, regional_a):
    questionnaire = services.questionnaire_mark_incomplete(
        questionnaire=submitted_a, by=regional_a, message="Нет результатов."
    )
    assert questionnaire.state == QuestionnaireState.RETURNED
    assert questionnaire.return_reason == ReturnReason.INCOMPLETE
    assert questionnaire.history.filter(action=HistoryAction.MARK_INCOMPLETE).exists()


def test_resubmit_after_a_return(submitted_a, regional_a, applicant):
    services.questionnaire_return(questionnaire=submitted_a, by=regional_a, message="Исправьте.")
    questionnaire = services.questionnaire_send(questionnaire=submitted_a, by=applicant)
    assert questionnaire.state == QuestionnaireState.RESUBMITTED
    assert questionnaire.return_reason == ""


def test_resubmit_is_allowed_after_the_deadline(submitted_a, regional_a, applicant, closed_step1):
    services.questionnaire_return(questionnaire=submitted_a, by=regional_a, message="Исправьте.")
    questionnaire = services.questionnaire_resubmit(questionnaire=submitted_a, by=applicant)
    assert questionnaire.state == QuestionnaireState.RESUBMITTED


def test_withdraw_is_final(submitted_a, applicant):
    questionnaire = services.questionnaire_withdraw(
        questionnaire=submitted_a, by=applicant, message="Передумали"
    )
    assert questionnaire.state == QuestionnaireState.WITHDRAWN
    with pytest.raises(services.TransitionError, match="Анкета уже отозвана"):
        services.questionnaire_withdraw(questionnaire=submitted_a, by=applicant)


def test_staff_may_not_withdraw(submitted_a, regional_a):
    with pytest.raises(PermissionDenied):
        services.questionnaire_withdraw(questionnaire=submitted_a, by=regional_a)


def test_publish_by_federal_sets_published_and_records_it(submitted_a, federal):
    questionnaire = services.questionnaire_publish(questionnaire=submitted_a, by=federal)
    assert questionnaire.is_published
    assert questionnaire.history.filter(action=HistoryAction.PUBLISH, actor=federal).exists()


def test_regional_staff_may_not_publish(submitted_a, regional_a):
    with pytest.raises(PermissionDenied):
        services.questionnaire_publish(questionnaire=submitted_a, by=regional_a)


def test_a_draft_cannot_be_published(draft_a, federal):
    with pytest.raises(services.TransitionError, match="в состоянии «Черновик»"):
        services.questionnaire_publish(questionnaire=draft_a, by=federal)


def test_publish_without_consent_to_publication_is_refused(
    make_questionnaire, applicant_organisation, federal
):
    questionnaire = make_questionnaire(
        applicant_organisation, state=QuestionnaireState.SUBMITTED, consent_publication=False
    )
    with pytest.raises(services.TransitionError, match="Организация не дала согласия на"):
        services.questionnaire_publish(questionnaire=questionnaire, by=federal)


def test_returning_a_published_practice_takes_it_out_of_the_catalogue(submitted_a, federal):
    services.questionnaire_publish(questionnaire=submitted_a, by=federal)
    questionnaire = services.questionnaire_return(
        questionnaire=submitted_a, by=federal, message="Уточните результаты."
    )
    assert not questionnaire.is_published


def test_every_transition_writes_one_history_row(submitted_a, regional_a, applicant, federal):
    services.questionnaire_take_into_review(questionnaire=submitted_a, by=regional_a)
    services.questionnaire_return(questionnaire=submitted_a, by=regional_a, message="Исправьте.")
    services.questionnaire_resubmit(questionnaire=submitted_a, by=applicant)
    services.questionnaire_publish(questionnaire=submitted_a, by=federal)
    actions = list(
        QuestionnaireHistory.objects.filter(questionnaire=submitted_a).values_list(
            "action", "from_state", "to_state"
        )
    )
    assert actions == [
        ("submit", "draft", "submitted"),
        ("take_into_review", "submitted", "under_review"),
        ("return", "under_review", "returned"),
        ("resubmit", "returned", "resubmitted"),
        ("publish", "resubmitted", "resubmitted"),
    ]


def test_staff_comment_by_another_region_is_refused(submitted_a, regional_b):
    with pytest.raises(PermissionDenied):
        services.staff_comment_add(questionnaire=submitted_a, by=regional_b, text="Чужое")

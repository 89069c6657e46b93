"""Who reads, changes, reviews and publishes a questionnaire and its files: the edges of each rule.

Each test is a situation a person would notice if the rule broke: another region's draft in a
regional list, a document of a published practice downloadable by anyone, an expert reading a
questionnaire that is not assigned to them.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from practices import permissions
from practices.models import (
    Assignment,
    AssignmentState,
    Attachment,
    AttachmentKind,
    ExtraAnswer,
    ExtraQuestion,
    QuestionKind,
    Questionnaire,
    QuestionnaireState,
)
from resursnaya_sreda.accounts.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, ProgrammeFactory, UserFactory
from tests.practices.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

S = QuestionnaireState


@pytest.fixture
def draft_b(make_questionnaire, organisation_b, applicant_b):
    return make_questionnaire(organisation_b, by=applicant_b)


@pytest.fixture
def region_a_draft(make_questionnaire, regional_a):
    """A draft of another organisation in region A: the applicant's private work."""
    return make_questionnaire(OrganisationFactory(name="АНО «Соседи»", region=regional_a_region()))


def regional_a_region():
    from tests.factories import region

    return region("16")


def _ids(queryset):
    return {q.pk for q in queryset}


# --- Lists: whose questionnaires appear ---------------------------------------------------------


def test_regional_list_has_the_regions_submitted_ones_but_not_its_drafts(
    submitted_a, region_a_draft, submitted_b, regional_a
):
    assert _ids(permissions.visible_questionnaires(regional_a)) == {submitted_a.pk}


def test_federal_list_has_every_region_but_no_drafts(
    submitted_a, submitted_b, region_a_draft, federal
):
    assert _ids(permissions.visible_questionnaires(federal)) == {submitted_a.pk, submitted_b.pk}


def test_applicant_list_has_own_drafts_and_nobody_elses(draft_a, draft_b, applicant):
    assert _ids(permissions.visible_questionnaires(applicant)) == {draft_a.pk}


def test_a_person_without_a_role_sees_no_questionnaire(submitted_a, anonymous):
    assert _ids(permissions.visible_questionnaires(anonymous)) == set()
    assert _ids(permissions.visible_questionnaires(UserFactory())) == set()


def test_applicant_who_is_also_regional_staff_sees_both_parts(
    draft_b, submitted_a, region_a_draft, submitted_b, organisation_b, site_a
):
    """Own organisation's draft in region B, plus region A's submitted ones; not A's drafts."""
    user = UserFactory(email="both@test.example")
    MembershipFactory(user=user, role=Role.APPLICANT, organisation=organisation_b)
    MembershipFactory(user=user, role=Role.REGIONAL, pilot_site=site_a)
    assert _ids(permissions.visible_questionnaires(user)) == {
        draft_b.pk,
        submitted_a.pk,
        submitted_b.pk,
    }
    assert permissions.can_view_questionnaire(user, draft_b)
    assert permissions.can_edit_questionnaire(user, draft_b)
    assert permissions.can_view_questionnaire(user, submitted_a)
    assert not permissions.can_edit_questionnaire(user, submitted_a)
    assert not permissions.can_view_questionnaire(user, region_a_draft)


def test_a_given_list_is_narrowed_not_replaced(submitted_a, submitted_b, federal):
    only_b = Questionnaire.objects.filter(pk=submitted_b.pk)
    assert _ids(permissions.visible_questionnaires(federal, only_b)) == {submitted_b.pk}


def test_the_register_is_for_staff(applicant, regional_a, federal, expert, anonymous):
    assert permissions.can_see_register(regional_a)
    assert permissions.can_see_register(federal)
    assert not permissions.can_see_register(applicant)
    assert not permissions.can_see_register(expert)
    assert not permissions.can_see_register(anonymous)


# --- One questionnaire: who may do what, state by state ---------------------------------------


@pytest.mark.parametrize("state", [S.DRAFT, S.RETURNED])
def test_the_applicant_edits_and_submits_only_a_draft_or_a_returned_one(
    make_questionnaire, applicant, applicant_organisation, applicant_b, regional_a, state
):
    questionnaire = make_questionnaire(applicant_organisation, state=state)
    assert permissions.can_edit_questionnaire(applicant, questionnaire)
    assert permissions.can_submit_questionnaire(applicant, questionnaire)
    assert not permissions.can_edit_questionnaire(applicant_b, questionnaire)
    assert not permissions.can_edit_questionnaire(regional_a, questionnaire)


@pytest.mark.parametrize("state", [S.SUBMITTED, S.UNDER_REVIEW, S.RESUBMITTED, S.WITHDRAWN])
def test_a_sent_questionnaire_is_frozen_for_the_applicant(
    make_questionnaire, applicant, applicant_organisation, state
):
    questionnaire = make_questionnaire(applicant_organisation, state=state)
    assert permissions.can_view_questionnaire(applicant, questionnaire)
    assert not permissions.can_edit_questionnaire(applicant, questionnaire)
    assert not permissions.can_submit_questionnaire(applicant, questionnaire)
    with pytest.raises(PermissionDenied):
        permissions.get_editable_questionnaire_for_user(applicant, questionnaire.pk)


def test_withdrawing_is_the_representatives_and_only_once(
    make_questionnaire, applicant, applicant_organisation, applicant_b, federal
):
    questionnaire = make_questionnaire(applicant_organisation, state=S.SUBMITTED)
    assert permissions.can_withdraw_questionnaire(applicant, questionnaire)
    assert not permissions.can_withdraw_questionnaire(applicant_b, questionnaire)
    assert not permissions.can_withdraw_questionnaire(federal, questionnaire)
    questionnaire.state = S.WITHDRAWN
    assert not permissions.can_withdraw_questionnaire(applicant, questionnaire)


@pytest.mark.parametrize("state", [S.SUBMITTED, S.UNDER_REVIEW, S.RESUBMITTED])
def test_regional_staff_review_their_regions_questionnaire_while_it_waits(
    make_questionnaire, applicant_organisation, regional_a, regional_b, applicant, state
):
    questionnaire = make_questionnaire(applicant_organisation, state=state)
    assert permissions.can_review_questionnaire(regional_a, questionnaire)
    assert permissions.can_comment_questionnaire(regional_a, questionnaire)
    assert permissions.is_staff_for(regional_a, questionnaire)
    assert not permissions.can_review_questionnaire(regional_b, questionnaire)
    assert not permissions.can_comment_questionnaire(regional_b, questionnaire)
    assert not permissions.can_review_questionnaire(applicant, questionnaire)


@pytest.mark.parametrize("state", [S.RETURNED, S.WITHDRAWN])
def test_a_returned_or_withdrawn_questionnaire_is_not_reviewed_again(
    make_questionnaire, applicant_organisation, regional_a, state
):
    questionnaire = make_questionnaire(applicant_organisation, state=state)
    assert permissions.can_view_questionnaire(regional_a, questionnaire)
    assert permissions.can_comment_questionnaire(regional_a, questionnaire)
    assert not permissions.can_review_questionnaire(regional_a, questionnaire)


def test_staff_do_not_open_a_draft_of_their_region(region_a_draft, regional_a, federal):
    for user in (regional_a, federal):
        assert not permissions.can_view_questionnaire(user, region_a_draft)
        assert not permissions.is_staff_for(user, region_a_draft)
        assert not permissions.can_comment_questionnaire(user, region_a_draft)
        with pytest.raises(Http404):
            permissions.get_questionnaire_for_user(user, region_a_draft.pk)


def test_a_representative_who_is_not_staff_may_not_review(submitted_a, applicant, regional_a):
    with pytest.raises(PermissionDenied):
        permissions.get_reviewable_questionnaire_for_user(applicant, submitted_a.pk)
    found = permissions.get_reviewable_questionnaire_for_user(regional_a, submitted_a.pk)
    assert found.pk == submitted_a.pk
    # The page shows the organisation's region without another query per row.
    assert found.organisation.region.name


def test_an_unknown_id_is_a_404_like_another_regions(submitted_a, submitted_b, regional_a):
    with pytest.raises(Http404):
        permissions.get_questionnaire_for_user(regional_a, submitted_b.pk)
    with pytest.raises(Http404):
        permissions.get_questionnaire_for_user(regional_a, 10**9)
    assert permissions.get_questionnaire_for_user(regional_a, submitted_a.pk) == submitted_a


def test_the_pdf_is_of_a_sent_questionnaire_only(draft_a, applicant, applicant_b, submitted_b):
    assert not permissions.can_download_pdf(applicant, draft_a)
    draft_a.state = S.SUBMITTED
    assert permissions.can_download_pdf(applicant, draft_a)
    assert not permissions.can_download_pdf(applicant, submitted_b)
    assert permissions.can_download_pdf(applicant_b, submitted_b)


def test_creating_a_questionnaire_needs_an_organisation(applicant, regional_a, expert):
    assert permissions.can_create_questionnaire(applicant)
    assert not permissions.can_create_questionnaire(regional_a)
    assert not permissions.can_create_questionnaire(expert)


# --- Publishing by hand -------------------------------------------------------------------------


@pytest.fixture
def publishable(make_questionnaire, applicant_organisation):
    return make_questionnaire(
        applicant_organisation, state=S.UNDER_REVIEW, consent_publication=True
    )


def test_federal_publishes_by_hand_in_a_programme_without_a_commission(
    publishable, federal, regional_a
):
    assert permissions.can_publish_questionnaire(federal, publishable)
    assert not permissions.can_publish_questionnaire(regional_a, publishable)


def test_nothing_is_published_without_the_consent_to_publish(publishable, federal):
    publishable.consent_publication = False
    assert not permissions.can_publish_questionnaire(federal, publishable)
    assert not permissions.can_publish_questionnaire(federal, publishable, by_decision=True)


@pytest.mark.parametrize("state", [S.DRAFT, S.RETURNED, S.WITHDRAWN])
def test_a_questionnaire_out_of_review_is_not_published(publishable, federal, state):
    publishable.state = state
    assert not permissions.can_publish_questionnaire(federal, publishable)


def test_with_a_commission_only_its_decision_publishes(publishable, federal, commission):
    assert permissions.commission_decides(publishable)
    assert not permissions.can_publish_questionnaire(federal, publishable)
    assert permissions.can_publish_questionnaire(federal, publishable, by_decision=True)


def test_another_programmes_commission_does_not_take_publishing_away(publishable, federal):
    from practices.services import commission as commission_services

    commission_services.commission_for(ProgrammeFactory(title="Другая программа"))
    assert not permissions.commission_decides(publishable)
    assert permissions.can_publish_questionnaire(federal, publishable)


# --- Files: attachments and extra answers -------------------------------------------------------


def _attachment(questionnaire, kind):
    attachment = Attachment(questionnaire=questionnaire, kind=kind, display_name="файл.jpg")
    attachment.file.save("file.jpg", ContentFile(jpeg_bytes()), save=False)
    attachment.save()
    return attachment


def _download(client, key, pk):
    return client.get(reverse("files:download", args=[key, pk]))


@pytest.fixture
def published_a(submitted_a):
    submitted_a.published_at = timezone.now()
    submitted_a.save()
    return submitted_a


def test_a_published_practices_photo_is_public_but_its_documents_are_not(
    published_a, client, applicant, anonymous
):
    photo = _attachment(published_a, AttachmentKind.PHOTO)
    document = _attachment(published_a, AttachmentKind.DOCUMENT)
    presentation = _attachment(published_a, AttachmentKind.PRESENTATION)
    response = _download(client, "practices-attachment", photo.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == jpeg_bytes()
    for hidden in (document, presentation):
        assert not permissions.can_view_attachment(anonymous, hidden)
        assert _download(client, "practices-attachment", hidden.pk).status_code == 404
        assert permissions.can_view_attachment(applicant, hidden)


def test_an_unpublished_practices_photo_is_not_public(submitted_a, anonymous, applicant_b):
    photo = _attachment(submitted_a, AttachmentKind.PHOTO)
    assert not permissions.can_view_attachment(anonymous, photo)
    assert not permissions.can_view_attachment(applicant_b, photo)
    with pytest.raises(Http404):
        permissions.get_attachment_for_user(applicant_b, photo.pk)
    with pytest.raises(Http404):
        permissions.get_attachment_for_user(applicant_b, 10**9)


def _assign(expert_user, questionnaire, state=AssignmentState.ACTIVE):
    return Assignment.objects.create(questionnaire=questionnaire, expert=expert_user, state=state)


def test_an_expert_reads_files_of_the_assigned_questionnaire_only(
    submitted_a, submitted_b, make_expert
):
    expert = make_expert("first")
    document_a = _attachment(submitted_a, AttachmentKind.DOCUMENT)
    document_b = _attachment(submitted_b, AttachmentKind.DOCUMENT)
    _assign(expert, submitted_b)
    assert permissions.is_assigned_expert(expert, submitted_b)
    assert permissions.can_view_attachment(expert, document_b)
    assert permissions.get_attachment_for_user(expert, document_b.pk) == document_b
    # An active assignment elsewhere opens nothing here.
    assert not permissions.is_assigned_expert(expert, submitted_a)
    assert not permissions.can_view_attachment(expert, document_a)


def test_a_declared_conflict_closes_the_files_to_the_expert(submitted_a, make_expert):
    expert = make_expert("conflicted")
    document = _attachment(submitted_a, AttachmentKind.DOCUMENT)
    _assign(expert, submitted_a, state=AssignmentState.CONFLICT)
    assert not permissions.is_assigned_expert(expert, submitted_a)
    assert not permissions.can_view_attachment(expert, document)


def test_another_experts_assignment_opens_nothing(submitted_a, make_expert):
    assigned, other = make_expert("assigned"), make_expert("other")
    _assign(assigned, submitted_a)
    assert permissions.is_assigned_expert(assigned, submitted_a)
    assert not permissions.is_assigned_expert(other, submitted_a)


def test_an_assignment_without_the_expert_role_opens_nothing(submitted_a, applicant_b):
    _assign(applicant_b, submitted_a)
    assert not permissions.is_assigned_expert(applicant_b, submitted_a)


@pytest.fixture
def file_answer(submitted_a):
    question = ExtraQuestion.objects.create(
        programme=submitted_a.programme, text="Устав", kind=QuestionKind.FILE, position=1
    )
    answer = ExtraAnswer(questionnaire=submitted_a, question=question, file_name="устав.jpg")
    answer.file.save("charter.jpg", ContentFile(jpeg_bytes(color=(1, 2, 3))), save=False)
    answer.save()
    return answer


def test_an_extra_answers_file_is_served_to_the_applicant_with_its_bytes(
    login, file_answer, applicant
):
    response = _download(login(applicant), "practices-extraanswer", file_answer.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == jpeg_bytes(color=(1, 2, 3))
    assert "attachment" in response["Content-Disposition"]


def test_an_extra_answers_file_follows_the_questionnaire(
    login, file_answer, applicant_b, regional_a, regional_b, anonymous
):
    response = _download(login(regional_a), "practices-extraanswer", file_answer.pk)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == jpeg_bytes(color=(1, 2, 3))
    for user in (applicant_b, regional_b, anonymous):
        response = _download(login(user), "practices-extraanswer", file_answer.pk)
        assert response.status_code == 404, user


def test_an_extra_answers_file_is_the_assigned_experts_only(file_answer, submitted_b, make_expert):
    assigned, elsewhere = make_expert("assigned"), make_expert("elsewhere")
    _assign(assigned, file_answer.questionnaire)
    _assign(elsewhere, submitted_b)
    assert permissions.get_answer_for_user(assigned, file_answer.pk) == file_answer
    with pytest.raises(Http404):
        permissions.get_answer_for_user(elsewhere, file_answer.pk)


def test_a_text_answer_has_no_file_to_serve(submitted_a, applicant):
    question = ExtraQuestion.objects.create(
        programme=submitted_a.programme, text="Кто автор?", kind=QuestionKind.TEXT, position=2
    )
    answer = ExtraAnswer.objects.create(questionnaire=submitted_a, question=question, text="Мы")
    with pytest.raises(Http404):
        permissions.get_answer_for_user(applicant, answer.pk)
    with pytest.raises(Http404):
        permissions.get_answer_for_user(applicant, 10**9)

"""Who may see and do what with questionnaires. Every view and selector asks here.

Applicants see the questionnaires of the organisations they represent; regional staff see the
submitted questionnaires of organisations in their pilot sites' regions; federal coordinators see
every submitted one. Anything else is a 404, so an id from another region confirms nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from practices.models import (
    EDITABLE_STATES,
    REVIEWABLE_STATES,
    STAFF_VISIBLE_STATES,
    Assignment,
    AssignmentState,
    Attachment,
    Commission,
    ExtraAnswer,
    Questionnaire,
    QuestionnaireState,
)
from resursnaya_sreda.accounts import permissions as roles


def staff_scope_q(user: Any) -> Q | None:
    """The filter for questionnaires the user handles as staff; None when not staff at all."""
    if roles.is_federal(user):
        return Q(state__in=STAFF_VISIBLE_STATES)
    regions = roles.region_ids(user)
    if regions:
        return Q(state__in=STAFF_VISIBLE_STATES, organisation__region_id__in=sorted(regions))
    return None


def applicant_scope_q(user: Any) -> Q | None:
    organisations = roles.organisation_ids(user)
    if organisations:
        return Q(organisation_id__in=sorted(organisations))
    return None


def visible_questionnaires(user: Any, queryset: QuerySet[Questionnaire] | None = None) -> QuerySet:
    """Every questionnaire the user may open, as applicant or as staff."""
    queryset = Questionnaire.objects.all() if queryset is None else queryset
    conditions = [q for q in (staff_scope_q(user), applicant_scope_q(user)) if q is not None]
    if not conditions:
        return queryset.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return queryset.filter(combined)


def _represents(user: Any, questionnaire: Questionnaire) -> bool:
    return questionnaire.organisation_id in roles.organisation_ids(user)


def _staff_of(user: Any, questionnaire: Questionnaire) -> bool:
    """Federal, or regional staff of the questionnaire's organisation's region."""
    if questionnaire.state not in STAFF_VISIBLE_STATES:
        return False
    if roles.is_federal(user):
        return True
    return questionnaire.organisation.region_id in roles.region_ids(user)


def can_view_questionnaire(user: Any, questionnaire: Questionnaire) -> bool:
    """Representatives of the organisation, and staff of its region once it was submitted."""
    return _represents(user, questionnaire) or _staff_of(user, questionnaire)


def is_staff_for(user: Any, questionnaire: Questionnaire) -> bool:
    """The user looks at this questionnaire as federal or regional staff (sees comments)."""
    return _staff_of(user, questionnaire)


def can_create_questionnaire(user: Any) -> bool:
    return bool(roles.organisation_ids(user))


def can_edit_questionnaire(user: Any, questionnaire: Questionnaire) -> bool:
    """Only a representative, only a draft or a returned questionnaire.

    Whether the step's dates still allow it is a separate question (``services.window_allows_edit``)
    so that the page can say why it is read-only.
    """
    return _represents(user, questionnaire) and questionnaire.state in EDITABLE_STATES


def can_submit_questionnaire(user: Any, questionnaire: Questionnaire) -> bool:
    return can_edit_questionnaire(user, questionnaire)


def can_withdraw_questionnaire(user: Any, questionnaire: Questionnaire) -> bool:
    return _represents(user, questionnaire) and questionnaire.state != QuestionnaireState.WITHDRAWN


def can_review_questionnaire(user: Any, questionnaire: Questionnaire) -> bool:
    """Take into review, return for revision, mark incomplete."""
    return _staff_of(user, questionnaire) and questionnaire.state in REVIEWABLE_STATES


def can_comment_questionnaire(user: Any, questionnaire: Questionnaire) -> bool:
    return _staff_of(user, questionnaire)


def commission_decides(questionnaire: Questionnaire) -> bool:
    """Once the programme has an expert commission, its decisions fill the catalogue."""
    return Commission.objects.filter(programme_id=questionnaire.programme_id).exists()


def can_publish_questionnaire(
    user: Any, questionnaire: Questionnaire, *, by_decision: bool = False
) -> bool:
    """Federal coordinators publish by hand only in a programme without an expert commission;
    with one, publication follows the commission's «лучшая практика» (``by_decision``)."""
    return (
        roles.is_federal(user)
        and questionnaire.state in REVIEWABLE_STATES
        and questionnaire.consent_publication
        and (by_decision or not commission_decides(questionnaire))
    )


def can_download_pdf(user: Any, questionnaire: Questionnaire) -> bool:
    """The PDF is of a submitted questionnaire; a draft has nothing to print yet."""
    return (
        can_view_questionnaire(user, questionnaire)
        and questionnaire.state != QuestionnaireState.DRAFT
    )


def is_assigned_expert(user: Any, questionnaire: Questionnaire) -> bool:
    """An expert reads the materials of the questionnaires assigned to them (and only those)."""
    return (
        roles.is_expert(user)
        and Assignment.objects.filter(
            questionnaire=questionnaire, expert_id=user.pk, state=AssignmentState.ACTIVE
        ).exists()
    )


def can_view_attachment(user: Any, attachment: Attachment) -> bool:
    """Photos of a published practice are public; everything else follows the questionnaire."""
    questionnaire = attachment.questionnaire
    if attachment.is_photo and questionnaire.is_published:
        return True
    return can_view_questionnaire(user, questionnaire) or is_assigned_expert(user, questionnaire)


def can_see_register(user: Any) -> bool:
    return staff_scope_q(user) is not None


# --- Fetching for views ----------------------------------------------------------------------


def get_questionnaire_for_user(user: Any, pk: int, *, for_update: bool = False) -> Questionnaire:
    """The questionnaire if the user may see it, else 404 (never confirm another's id)."""
    queryset = Questionnaire.objects.select_related(
        "programme",
        "organisation__region",
        "organisation__municipality",
        "municipality",
        "direction",
    )
    try:
        questionnaire = queryset.get(pk=pk)
    except Questionnaire.DoesNotExist as exc:
        raise Http404 from exc
    if not can_view_questionnaire(user, questionnaire):
        raise Http404
    return questionnaire


def get_editable_questionnaire_for_user(user: Any, pk: int) -> Questionnaire:
    """404 when the user may not see it; PermissionDenied when they see it but may not edit."""
    questionnaire = get_questionnaire_for_user(user, pk)
    if not can_edit_questionnaire(user, questionnaire):
        raise PermissionDenied
    return questionnaire


def get_reviewable_questionnaire_for_user(user: Any, pk: int) -> Questionnaire:
    questionnaire = get_questionnaire_for_user(user, pk)
    if not is_staff_for(user, questionnaire):
        # A representative who is not staff may see it but may not review it.
        raise PermissionDenied
    return questionnaire


def get_attachment_for_user(user: Any, pk: int) -> Attachment:
    """For the kernel's file URLs: a published practice's photos for anyone, else as the
    questionnaire."""
    try:
        attachment = Attachment.objects.select_related(
            "questionnaire__organisation", "questionnaire__programme"
        ).get(pk=pk)
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc
    if not can_view_attachment(user, attachment):
        raise Http404
    return attachment


def get_answer_for_user(user: Any, pk: int) -> ExtraAnswer:
    try:
        answer = ExtraAnswer.objects.select_related("questionnaire__organisation").get(pk=pk)
    except ExtraAnswer.DoesNotExist as exc:
        raise Http404 from exc
    questionnaire = answer.questionnaire
    if not answer.file or not (
        can_view_questionnaire(user, questionnaire) or is_assigned_expert(user, questionnaire)
    ):
        raise Http404
    return answer

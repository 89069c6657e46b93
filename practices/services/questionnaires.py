"""Writes on questionnaires. One function per change of state, each writing the history.

Views, admin actions, the demo loader and tests call these same functions; none takes a request.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practices import notifications
from practices import permissions as policy
from practices.completeness import Problem, find_problems
from practices.models import (
    CONSENT_VERSION,
    REVIEWABLE_STATES,
    Attachment,
    ExtraAnswer,
    ExtraQuestion,
    HistoryAction,
    QuestionKind,
    Questionnaire,
    QuestionnaireHistory,
    QuestionnaireState,
    ReturnReason,
    StaffComment,
)
from practices.sections import EDITABLE_FIELDS
from practices.selectors.questionnaires import forget_catalogue_regions
from practices.services.errors import (
    IncompleteError,
    QuestionnaireError,
    StaleVersionError,
    SubmissionClosedError,
    TransitionError,
)
from practices.uploads import kind_for_upload
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.models import Municipality, Organisation, Programme, RoadmapStep
from resursnaya_sreda.kernel.uploads import CheckedUpload, atomic_with_files, delete_on_commit

QUESTIONNAIRE_STEP = 1
MAX_ATTACHMENTS = 20


# --- The step-1 window ----------------------------------------------------------------------


def questionnaire_step(programme: Programme) -> RoadmapStep | None:
    return programme.steps.filter(number=QUESTIONNAIRE_STEP).first()


def window_state(programme: Programme, day: datetime.date | None = None) -> str:
    """``ahead``, ``current`` or ``done`` for step 1 of the programme; ``none`` without dates."""
    step = questionnaire_step(programme)
    if step is None:
        return "none"
    return step.state_on(day)


def window_allows_submit(programme: Programme, day: datetime.date | None = None) -> bool:
    return window_state(programme, day) == "current"


def window_allows_edit(questionnaire: Questionnaire, day: datetime.date | None = None) -> bool:
    """A draft may be prepared until the deadline; a returned one may be fixed at any time,
    because the regional centre asked for it."""
    if questionnaire.state == QuestionnaireState.RETURNED:
        return True
    return window_state(questionnaire.programme, day) in {"ahead", "current"}


# --- Helpers ------------------------------------------------------------------------------------


def _lock(questionnaire: Questionnaire) -> Questionnaire:
    return (
        Questionnaire.objects.select_for_update(of=("self",))
        .select_related("programme", "organisation__region", "municipality", "direction")
        .get(pk=questionnaire.pk)
    )


def _record(
    questionnaire: Questionnaire,
    *,
    action: str,
    by: Any,
    from_state: str,
    message: str = "",
) -> QuestionnaireHistory:
    entry = QuestionnaireHistory(
        questionnaire=questionnaire,
        action=action,
        from_state=from_state,
        to_state=questionnaire.state,
        actor=by if getattr(by, "is_authenticated", False) else None,
        message=message,
    )
    entry.full_clean(exclude=["questionnaire", "actor"])
    entry.save()
    return entry


def _set_state(questionnaire: Questionnaire, state: str) -> None:
    questionnaire.state = state
    questionnaire.state_changed_at = timezone.now()


def build_search_document(questionnaire: Questionnaire) -> str:
    """The public words of a practice, lower-cased (SQLite's LIKE folds only ASCII)."""
    parts = [
        questionnaire.title,
        questionnaire.organisation.name,
        questionnaire.organisation.short_name,
        questionnaire.municipality.name if questionnaire.municipality_id else "",
        questionnaire.direction.name if questionnaire.direction_id else "",
        questionnaire.problem,
        questionnaire.goals,
        questionnaire.target_groups,
        questionnaire.geography,
        questionnaire.results_quantitative,
        questionnaire.results_qualitative,
        questionnaire.replication,
    ]
    return " ".join(part for part in parts if part).lower()


def _save(questionnaire: Questionnaire, *, exclude_clean: tuple[str, ...] = ()) -> None:
    questionnaire.search_document = build_search_document(questionnaire)
    questionnaire.full_clean(
        exclude=["programme", "organisation", "created_by", "last_edited_by", *exclude_clean],
        validate_unique=False,
    )
    questionnaire.save()


# --- Drafts ---------------------------------------------------------------------------------


@transaction.atomic
def questionnaire_create(
    *, by: Any, organisation: Organisation, programme: Programme
) -> Questionnaire:
    """Start a draft for an organisation the user represents.

    A double click on «Начать» must not leave two empty drafts: an untouched draft the same
    person started for the same organisation in the last minutes is reused.
    """
    if organisation.pk not in roles.organisation_ids(by):
        raise PermissionDenied
    if window_state(programme) not in {"ahead", "current"}:
        raise SubmissionClosedError(_("Приём анкет в этой программе закрыт."))
    recent = (
        Questionnaire.objects.filter(
            programme=programme,
            organisation=organisation,
            created_by=by,
            state=QuestionnaireState.DRAFT,
            version=1,
            title="",
            created_at__gte=timezone.now() - datetime.timedelta(minutes=10),
        )
        .order_by("-pk")
        .first()
    )
    if recent is not None:
        return recent
    questionnaire = Questionnaire(
        programme=programme,
        organisation=organisation,
        created_by=by,
        last_edited_by=by,
        municipality=organisation.municipality,
    )
    _save(questionnaire)
    _record(questionnaire, action=HistoryAction.CREATE, by=by, from_state="")
    return questionnaire


def _answer_changes(
    questionnaire: Questionnaire, answers: Mapping[int, Any], questions: dict[int, ExtraQuestion]
) -> bool:
    """Store extra answers; returns whether anything changed. Values arrive already cleaned."""
    existing = {a.question_id: a for a in questionnaire.extra_answers.all()}
    changed = False
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None:
            continue
        answer = existing.get(question_id) or ExtraAnswer(
            questionnaire=questionnaire, question=question
        )
        if answer.pk is None and value in (None, "", False):
            continue  # nothing to store for a question never answered
        before = (answer.text, answer.number, answer.file.name if answer.file else None)
        if question.kind == QuestionKind.NUMBER:
            answer.number = None if value in (None, "") else decimal.Decimal(value)
        elif question.kind == QuestionKind.FILE:
            if value is None:
                continue  # no new file: keep the one stored
            delete_on_commit(answer.file)
            if value is False:
                answer.file = ""
                answer.file_name = ""
            else:
                answer.file = value
                answer.file_name = value.display_name
        else:
            answer.text = (value or "").strip()
        after = (answer.text, answer.number, answer.file.name if answer.file else None)
        if before != after or answer.pk is None:
            answer.full_clean(exclude=["questionnaire", "question", "file"], validate_unique=False)
            answer.save()
            changed = True
    return changed


@atomic_with_files()
def questionnaire_save_draft(
    *,
    questionnaire: Questionnaire,
    by: Any,
    version: int,
    changes: Mapping[str, Any],
    answers: Mapping[int, Any] | None = None,
    editor_token: str = "",
) -> Questionnaire:
    """Save whatever the applicant typed, required or not, unless someone else saved since.

    ``version`` is the one the form was opened with. A save from the same open page
    (``editor_token``) may carry an older version when its previous background save's answer
    got lost; a save from any other page on an old version is refused, never merged silently.
    """
    locked = _lock(questionnaire)
    if not policy.can_edit_questionnaire(by, locked):
        raise TransitionError(
            _("Анкету в состоянии «%(state)s» изменить нельзя.")
            % {"state": locked.get_state_display()}
        )
    if not window_allows_edit(locked):
        raise SubmissionClosedError(
            _("Приём анкет закончился: черновик можно прочитать, но не изменить.")
        )
    same_page = bool(editor_token) and editor_token == locked.last_editor_token
    if locked.version != version and not same_page:
        editor = locked.last_edited_by
        raise StaleVersionError(
            locked.version, str(editor) if editor else _("неизвестно"), locked.updated_at
        )
    changes = dict(changes)
    if "municipality_name" in changes:
        typed = changes.pop("municipality_name")
        changes["municipality"] = municipality_for(locked.organisation, typed) if typed else None
    changed = False
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} is not an editable questionnaire field")
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed = True
    if "consent_personal_data" in changes:
        if locked.consent_personal_data and locked.consent_personal_data_at is None:
            locked.consent_personal_data_at = timezone.now()
            locked.consent_version = CONSENT_VERSION
        elif not locked.consent_personal_data:
            locked.consent_personal_data_at = None
            locked.consent_version = ""
    if answers:
        questions = {q.pk: q for q in locked.programme.extra_questions.filter(is_active=True)}
        changed = _answer_changes(locked, answers, questions) or changed
    if changed:
        locked.version += 1
        locked.last_edited_by = by
        locked.last_editor_token = editor_token
        _save(locked)
    elif not same_page and editor_token:
        # Nothing new, but this page now holds the latest version.
        Questionnaire.objects.filter(pk=locked.pk).update(last_editor_token=editor_token)
        locked.last_editor_token = editor_token
    return locked


def municipality_for(organisation: Organisation, name: str) -> Municipality:
    """The municipality of the organisation's region called ``name``, added if not listed yet.

    Matched without regard to case in Python: SQLite folds only ASCII, and a region has at
    most a few hundred municipalities.
    """
    name = " ".join(name.split())[:255]
    wanted = name.casefold()
    for municipality in Municipality.objects.filter(region_id=organisation.region_id):
        if municipality.name.casefold() == wanted:
            return municipality
    municipality = Municipality(region_id=organisation.region_id, name=name)
    municipality.full_clean()
    municipality.save()
    return municipality


@atomic_with_files()
def attachment_add(
    *,
    questionnaire: Questionnaire,
    by: Any,
    upload: CheckedUpload,
    caption: str = "",
) -> Attachment:
    """Attach a file the form's upload field already checked by content and re-encoded."""
    locked = _lock(questionnaire)
    if not policy.can_edit_questionnaire(by, locked) or not window_allows_edit(locked):
        raise TransitionError(_("К этой анкете сейчас нельзя добавить файлы."))
    if locked.attachments.count() >= MAX_ATTACHMENTS:
        raise QuestionnaireError(
            _("К анкете можно приложить не больше %(n)s файлов. Удалите лишние.")
            % {"n": MAX_ATTACHMENTS}
        )
    attachment = Attachment(
        questionnaire=locked,
        kind=kind_for_upload(upload),
        caption=" ".join(caption.split()),
        uploaded_by=by,
    )
    attachment.attach(upload)
    attachment.full_clean(exclude=["questionnaire", "uploaded_by", "file", "thumbnail"])
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by: Any) -> None:
    locked = _lock(attachment.questionnaire)
    if not policy.can_edit_questionnaire(by, locked) or not window_allows_edit(locked):
        raise TransitionError(_("Из этой анкеты сейчас нельзя удалять файлы."))
    # The files go only once the row is gone for good.
    delete_on_commit(attachment.file)
    delete_on_commit(attachment.thumbnail)
    attachment.delete()


# --- Transitions -------------------------------------------------------------------------------


def questionnaire_problems(questionnaire: Questionnaire) -> list[Problem]:
    """What still stops the questionnaire from being submitted."""
    questions = list(questionnaire.programme.extra_questions.filter(is_active=True))
    answers = {a.question_id: a for a in questionnaire.extra_answers.all()}
    return find_problems(questionnaire, questions, answers)


def _require_state(questionnaire: Questionnaire, allowed: tuple[str, ...]) -> None:
    if questionnaire.state not in allowed:
        raise TransitionError(
            _("Действие недоступно: анкета сейчас в состоянии «%(state)s».")
            % {"state": questionnaire.get_state_display()}
        )


def _submit(
    questionnaire: Questionnaire,
    *,
    by: Any,
    from_states: tuple[str, ...],
    to_state: str,
    action: str,
) -> Questionnaire:
    locked = _lock(questionnaire)
    # The state is checked under the row lock: a double-clicked submit waits here and then
    # finds the questionnaire already submitted.
    _require_state(locked, from_states)
    if not policy.can_submit_questionnaire(by, locked):
        raise PermissionDenied
    if to_state == QuestionnaireState.SUBMITTED and not window_allows_submit(locked.programme):
        step = questionnaire_step(locked.programme)
        raise SubmissionClosedError(
            _("Приём анкет закрыт%(when)s. Черновик сохранён, его можно прочитать.")
            % {"when": _(" %(d)s") % {"d": step.ends_on.strftime("%d.%m.%Y")} if step else ""}
        )
    problems = questionnaire_problems(locked)
    if problems:
        raise IncompleteError(problems)
    from_state = locked.state
    _set_state(locked, to_state)
    locked.submitted_at = timezone.now()
    locked.return_reason = ""
    locked.version += 1
    _save(locked)
    _record(locked, action=action, by=by, from_state=from_state)
    notifications.submitted(locked, resubmitted=action == HistoryAction.RESUBMIT)
    return locked


@transaction.atomic
def questionnaire_submit(*, questionnaire: Questionnaire, by: Any) -> Questionnaire:
    """Draft → submitted, if complete and before the deadline; tells the pilot site's staff."""
    return _submit(
        questionnaire,
        by=by,
        from_states=(QuestionnaireState.DRAFT,),
        to_state=QuestionnaireState.SUBMITTED,
        action=HistoryAction.SUBMIT,
    )


@transaction.atomic
def questionnaire_resubmit(*, questionnaire: Questionnaire, by: Any) -> Questionnaire:
    """Returned → resubmitted once fixed; allowed after the deadline (the centre asked)."""
    return _submit(
        questionnaire,
        by=by,
        from_states=(QuestionnaireState.RETURNED,),
        to_state=QuestionnaireState.RESUBMITTED,
        action=HistoryAction.RESUBMIT,
    )


@transaction.atomic
def questionnaire_send(*, questionnaire: Questionnaire, by: Any) -> Questionnaire:
    """The applicant's one «Отправить» button: submit a draft or resubmit a returned one."""
    # The row's state decides, not the caller's copy (a page opened before a return).
    locked = _lock(questionnaire)
    if locked.state == QuestionnaireState.RETURNED:
        return questionnaire_resubmit(questionnaire=locked, by=by)
    return questionnaire_submit(questionnaire=locked, by=by)


@transaction.atomic
def questionnaire_take_into_review(*, questionnaire: Questionnaire, by: Any) -> Questionnaire:
    """Submitted or resubmitted → under review, by the region's staff."""
    locked = _lock(questionnaire)
    _require_state(locked, (QuestionnaireState.SUBMITTED, QuestionnaireState.RESUBMITTED))
    if not policy.can_review_questionnaire(by, locked):
        raise PermissionDenied
    from_state = locked.state
    _set_state(locked, QuestionnaireState.UNDER_REVIEW)
    _save(locked)
    _record(locked, action=HistoryAction.TAKE_INTO_REVIEW, by=by, from_state=from_state)
    notifications.taken_into_review(locked)
    return locked


@transaction.atomic
def questionnaire_return(
    *,
    questionnaire: Questionnaire,
    by: Any,
    message: str,
    reason: str = ReturnReason.REVISION,
) -> Questionnaire:
    """Back to the applicant for revision, always with the reviewer's message."""
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Напишите, что нужно исправить.")})
    locked = _lock(questionnaire)
    _require_state(locked, REVIEWABLE_STATES)
    if not policy.can_review_questionnaire(by, locked):
        raise PermissionDenied
    from_state = locked.state
    _set_state(locked, QuestionnaireState.RETURNED)
    locked.return_reason = reason
    locked.return_message = message
    # A questionnaire returned while published leaves the catalogue until it is published again.
    locked.published_at = None
    transaction.on_commit(forget_catalogue_regions)
    _save(locked)
    action = (
        HistoryAction.MARK_INCOMPLETE if reason == ReturnReason.INCOMPLETE else HistoryAction.RETURN
    )
    _record(locked, action=action, by=by, from_state=from_state, message=message)
    notifications.returned(locked, message=message)
    return locked


@transaction.atomic
def questionnaire_mark_incomplete(
    *, questionnaire: Questionnaire, by: Any, message: str
) -> Questionnaire:
    """A return whose reason is that answers or materials are missing (shown as a badge)."""
    return questionnaire_return(
        questionnaire=questionnaire, by=by, message=message, reason=ReturnReason.INCOMPLETE
    )


@transaction.atomic
def questionnaire_withdraw(
    *, questionnaire: Questionnaire, by: Any, message: str = ""
) -> Questionnaire:
    """The applicant takes the questionnaire back for good."""
    locked = _lock(questionnaire)
    if locked.state == QuestionnaireState.WITHDRAWN:
        raise TransitionError(_("Анкета уже отозвана."))
    if not policy.can_withdraw_questionnaire(by, locked):
        raise PermissionDenied
    from_state = locked.state
    _set_state(locked, QuestionnaireState.WITHDRAWN)
    locked.published_at = None
    transaction.on_commit(forget_catalogue_regions)
    _save(locked)
    _record(locked, action=HistoryAction.WITHDRAW, by=by, from_state=from_state, message=message)
    if from_state != QuestionnaireState.DRAFT:
        notifications.withdrawn(locked, message=message)
    return locked


@transaction.atomic
def questionnaire_publish(
    *, questionnaire: Questionnaire, by: Any, by_decision: bool = False
) -> Questionnaire:
    """Show the practice in the public catalogue: by hand in a programme without an expert
    commission, else as the commission's decision ``services.commission.decision_make``."""
    locked = _lock(questionnaire)
    if locked.is_published:
        raise TransitionError(_("Практика уже опубликована."))
    _require_state(locked, REVIEWABLE_STATES)
    if not locked.consent_publication:
        raise TransitionError(_("Организация не дала согласия на публикацию."))
    if not by_decision and policy.commission_decides(locked):
        raise TransitionError(
            _("В этой программе практики публикуются решением экспертной комиссии.")
        )
    if not policy.can_publish_questionnaire(by, locked, by_decision=by_decision):
        raise PermissionDenied
    locked.published_at = timezone.now()
    _save(locked)
    transaction.on_commit(forget_catalogue_regions)
    _record(locked, action=HistoryAction.PUBLISH, by=by, from_state=locked.state)
    notifications.published(locked)
    return locked


@transaction.atomic
def questionnaire_unpublish(
    *, questionnaire: Questionnaire, by: Any, message: str = ""
) -> Questionnaire:
    locked = _lock(questionnaire)
    if not locked.is_published:
        raise TransitionError(_("Практика не опубликована."))
    if not roles.is_federal(by):
        raise PermissionDenied
    locked.published_at = None
    transaction.on_commit(forget_catalogue_regions)
    _save(locked)
    _record(locked, action=HistoryAction.UNPUBLISH, by=by, from_state=locked.state, message=message)
    return locked


@transaction.atomic
def staff_comment_add(*, questionnaire: Questionnaire, by: Any, text: str) -> StaffComment:
    """A note for colleagues; the applicant never sees it."""
    if not policy.can_comment_questionnaire(by, questionnaire):
        raise PermissionDenied
    comment = StaffComment(questionnaire=questionnaire, author=by, text=(text or "").strip())
    if not comment.text:
        raise ValidationError({"text": _("Комментарий пуст.")})
    comment.full_clean(exclude=["questionnaire", "author"])
    comment.save()
    return comment

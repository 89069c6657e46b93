"""Entries from the applicant's side: start from a selected practice, fill in, submit."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contest import notifications
from contest import permissions as policy
from contest.completeness import EntryForm, find_problems
from contest.models import (
    AttachmentRequirement,
    Entry,
    EntryAction,
    EntryAnswer,
    EntryAttachment,
    EntryHistory,
    EntryState,
    FileKinds,
    Nomination,
    PrefillSource,
)
from contest.services.common import (
    ContestError,
    IncompleteError,
    StaleVersionError,
    TransitionError,
    actor,
    lock_entry,
    set_state,
)
from practices.models import (
    AttachmentKind,
    Outcome,
    PilotPractice,
    Questionnaire,
    QuestionnaireState,
)
from resursnaya_sreda.kernel.models import PilotSite
from resursnaya_sreda.kernel.plural import plural
from resursnaya_sreda.kernel.questions import QuestionKind
from resursnaya_sreda.kernel.uploads import CheckedUpload, atomic_with_files, delete_on_commit

#: Core fields of the entry the form may change (the rest comes from the practice).
EDITABLE_FIELDS = ("title", "contact_name", "contact_position", "contact_phone", "contact_email")


def selected_q(programme_id: int) -> Q:
    """Questionnaires selected for the contest: a step-3 practice of a pilot site of the
    programme, or a best practice by the expert commission's decision."""
    return (
        Q(programme_id=programme_id)
        & ~Q(state__in=[QuestionnaireState.DRAFT, QuestionnaireState.WITHDRAWN])
        & (
            Q(pilot_practices__pilot_site__programme_id=programme_id)
            | Q(decision__outcome=Outcome.BEST)
        )
    )


def is_selected(questionnaire: Questionnaire) -> bool:
    return Questionnaire.objects.filter(
        selected_q(questionnaire.programme_id), pk=questionnaire.pk
    ).exists()


def prefill_value(questionnaire: Questionnaire, source: str) -> Any:
    """The questionnaire's answer a contest question starts from."""
    if source == PrefillSource.PARTNERS:
        return "\n".join(
            f"{label[:1].upper()}{label[1:]}: {text}" for label, text in questionnaire.partner_items
        )
    if source == PrefillSource.PEOPLE_REACHED:
        value = questionnaire.people_reached
        return None if value is None else decimal.Decimal(value)
    return getattr(questionnaire, source) or ""


def _copy_file(entry: Entry, requirement: AttachmentRequirement, source: Any, by: Any) -> None:
    """A copy of the questionnaire's file: later changes to either leave the other alone."""
    with source.file.open("rb") as handle:
        data = handle.read()
    attachment = EntryAttachment(
        entry=entry,
        requirement=requirement,
        display_name=source.display_name,
        content_type=source.content_type,
        size=len(data),
        copied_from_questionnaire=True,
        uploaded_by=actor(by),
    )
    attachment.file.save(source.display_name, ContentFile(data), save=False)
    attachment.save()


def _copy_matching_files(entry: Entry, questionnaire: Questionnaire, by: Any) -> None:
    """The presentation and a photo the questionnaire already has go to matching slots."""
    wanted = {
        FileKinds.PRESENTATION: AttachmentKind.PRESENTATION,
        FileKinds.IMAGES: AttachmentKind.PHOTO,
    }
    for requirement in entry.contest.requirements.filter(is_active=True):
        kind = wanted.get(requirement.kinds)
        if kind is None:
            continue
        source = questionnaire.attachments.filter(kind=kind).order_by("pk").first()
        if source is not None and source.size <= requirement.max_size:
            _copy_file(entry, requirement, source, by)


@atomic_with_files()
def entry_start(*, by: Any, questionnaire: Questionnaire, nomination: Nomination) -> Entry:
    """Start an entry of a selected practice in a nomination, prefilled from its questionnaire.

    Refused for a practice that was not selected, beyond the organiser's number of entries per
    practice, for a nomination already entered, and outside the contest's dates.
    """
    contest = nomination.contest
    if not policy.can_start_entry_for(by, questionnaire):
        raise PermissionDenied
    if questionnaire.programme_id != contest.programme_id or not is_selected(questionnaire):
        raise ContestError(
            _(
                "Заявку можно подать только от отобранной практики: одной из двух практик "
                "пилотной площадки (шаг 3) или признанной лучшей экспертной комиссией."
            )
        )
    if not contest.is_open():
        raise ContestError(
            _("Приём заявок открыт с %(start)s до %(end)s.")
            % {
                "start": contest.entries_open_on.strftime("%d.%m.%Y"),
                "end": timezone.localtime(contest.deadline).strftime("%d.%m.%Y %H:%M"),
            }
        )
    # The practice's row is locked so two simultaneous starts count each other.
    Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
    existing = Entry.objects.filter(contest=contest, questionnaire=questionnaire)
    if existing.filter(nomination=nomination).exists():
        raise ContestError(
            _("У этой практики уже есть заявка в номинации «%(n)s».") % {"n": nomination.title}
        )
    if existing.count() >= contest.max_entries_per_practice:
        raise ContestError(
            _("По правилам организатора от одной практики — не больше %(n)s заявок.")
            % {"n": contest.max_entries_per_practice}
        )
    organisation = questionnaire.organisation
    site = PilotSite.objects.filter(
        programme_id=contest.programme_id, region_id=organisation.region_id
    ).first()
    entry = Entry(
        contest=contest,
        nomination=nomination,
        questionnaire=questionnaire,
        pilot_practice=PilotPractice.objects.filter(
            questionnaire=questionnaire, pilot_site__programme_id=contest.programme_id
        ).first(),
        organisation=organisation,
        region_id=organisation.region_id,
        pilot_site=site,
        created_by=actor(by),
        last_edited_by=actor(by),
        title=questionnaire.title,
        municipality_id=questionnaire.municipality_id,
        direction_id=questionnaire.direction_id,
        contact_name=questionnaire.contact_name,
        contact_position=questionnaire.contact_position,
        contact_phone=questionnaire.contact_phone,
        contact_email=questionnaire.contact_email,
        state_changed_at=timezone.now(),
    )
    entry.full_clean(exclude=["diploma"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        raise ContestError(_("У этой практики уже есть заявка в этой номинации.")) from exc
    for question in contest.questions.filter(is_active=True).exclude(source=""):
        value = prefill_value(questionnaire, question.source)
        if value in (None, ""):
            continue
        answer = EntryAnswer(entry=entry, question=question)
        if question.kind == QuestionKind.NUMBER:
            answer.number = value
        else:
            answer.text = str(value)
        answer.save()
    _copy_matching_files(entry, questionnaire, by)
    EntryHistory.objects.create(
        entry=entry, action=EntryAction.CREATE, to_state=entry.state, actor=actor(by)
    )
    return entry


def _answer_changes(entry: Entry, answers: Mapping[int, Any]) -> bool:
    questions = {q.pk: q for q in entry.contest.questions.filter(is_active=True)}
    existing = {a.question_id: a for a in entry.answers.all()}
    changed = False
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None:
            continue
        answer = existing.get(question_id) or EntryAnswer(entry=entry, question=question)
        before = (answer.text, answer.number)
        if question.kind == QuestionKind.NUMBER:
            answer.number = None if value in (None, "") else decimal.Decimal(value)
        else:
            answer.text = (value or "").strip()
        if answer.pk is None and not answer.text and answer.number is None:
            continue
        if (answer.text, answer.number) != before or answer.pk is None:
            answer.full_clean(exclude=["entry", "question"], validate_unique=False)
            answer.save()
            changed = True
    return changed


@transaction.atomic
def entry_save_draft(
    *,
    entry: Entry,
    by: Any,
    version: int,
    changes: Mapping[str, Any],
    answers: Mapping[int, Any] | None = None,
    editor_token: str = "",
) -> Entry:
    """Save whatever was typed, required or not, unless someone else saved since this page
    was opened (then nothing is saved and the text stays in the form)."""
    locked = lock_entry(entry)
    if not policy.can_edit_entry(by, locked):
        raise TransitionError(
            _("Заявку в состоянии «%(state)s» изменить нельзя.")
            % {"state": locked.get_state_display()}
        )
    same_page = bool(editor_token) and editor_token == locked.last_editor_token
    if locked.version != version and not same_page:
        editor = locked.last_edited_by
        raise StaleVersionError(
            _(
                "Заявку уже изменили в другой вкладке или другой человек (%(who)s, %(when)s). "
                "Чтобы не затереть те изменения, ваш текст не сохранён — он остался в форме."
            )
            % {
                "who": str(editor) if editor else _("неизвестно"),
                "when": timezone.localtime(locked.updated_at).strftime("%d.%m.%Y %H:%M:%S"),
            },
            locked.version,
        )
    changed = False
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} is not an editable entry field")
        value = (value or "").strip()
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed = True
    if answers:
        changed = _answer_changes(locked, answers) or changed
    if changed:
        locked.version += 1
        locked.last_edited_by = by
        locked.last_editor_token = editor_token
        locked.full_clean(exclude=["diploma"], validate_unique=False, validate_constraints=False)
        locked.save()
    elif editor_token and not same_page:
        Entry.objects.filter(pk=locked.pk).update(last_editor_token=editor_token)
        locked.last_editor_token = editor_token
    return locked


@atomic_with_files()
def entry_attachment_set(
    *, entry: Entry, by: Any, requirement: AttachmentRequirement, upload: CheckedUpload
) -> EntryAttachment:
    """Attach (or replace) the file for one of the organiser's requirements. The upload field
    already checked its type and size against the requirement."""
    locked = lock_entry(entry)
    if not policy.can_edit_entry(by, locked):
        raise TransitionError(_("К этой заявке сейчас нельзя приложить файлы."))
    if requirement.contest_id != locked.contest_id or not requirement.is_active:
        raise ContestError(_("Организатор не запрашивает такое приложение."))
    if upload.size > requirement.max_size:
        raise ContestError(
            _("Файл больше %(n)s МБ — ограничения организатора.") % {"n": requirement.max_size_mb}
        )
    if upload.kind not in requirement.file_kinds:
        raise ContestError(_("Организатор не принимает файлы такого типа для этого приложения."))
    old = EntryAttachment.objects.filter(entry=locked, requirement=requirement).first()
    if old is not None:
        delete_on_commit(old.file)
        delete_on_commit(old.thumbnail)
        old.delete()
    attachment = EntryAttachment(entry=locked, requirement=requirement, uploaded_by=actor(by))
    attachment.attach(upload)
    attachment.full_clean(exclude=["entry", "requirement", "uploaded_by", "file", "thumbnail"])
    attachment.save()
    return attachment


@transaction.atomic
def entry_attachment_delete(*, attachment: EntryAttachment, by: Any) -> None:
    locked = lock_entry(attachment.entry)
    if not policy.can_edit_entry(by, locked):
        raise TransitionError(_("Из этой заявки сейчас нельзя удалять файлы."))
    delete_on_commit(attachment.file)
    delete_on_commit(attachment.thumbnail)
    attachment.delete()


def entry_problems(entry: Entry) -> list[Any]:
    return find_problems(EntryForm.load(entry))


@transaction.atomic
def entry_submit(*, entry: Entry, by: Any) -> Entry:
    """Draft or returned → on the regional centre's check, if complete and before the deadline.
    A second click finds it already submitted."""
    locked = lock_entry(entry)
    if locked.state not in (EntryState.DRAFT, EntryState.RETURNED):
        raise TransitionError(
            _("Заявка уже в состоянии «%(state)s».") % {"state": locked.get_state_display()}
        )
    if not policy.can_submit_entry(by, locked):
        raise PermissionDenied
    if timezone.now() > locked.contest.deadline:
        raise ContestError(
            _("Приём заявок закончился %(when)s.")
            % {"when": timezone.localtime(locked.contest.deadline).strftime("%d.%m.%Y %H:%M")}
        )
    problems = entry_problems(locked)
    if problems:
        raise IncompleteError(
            _("Заявку пока нельзя отправить: исправьте %(n)s.")
            % {"n": plural(len(problems), _("замечание"), _("замечания"), _("замечаний"))},
            problems,
        )
    resubmit = locked.state == EntryState.RETURNED
    locked.submitted_at = timezone.now()
    locked.version += 1
    set_state(
        locked,
        EntryState.SUBMITTED,
        action=EntryAction.RESUBMIT if resubmit else EntryAction.SUBMIT,
        by=by,
    )
    notifications.entry_changed(
        locked,
        action=str(EntryAction.RESUBMIT.label if resubmit else EntryAction.SUBMIT.label),
        to_staff=True,
    )
    return locked

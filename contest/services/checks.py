"""The regional check: the checklist, remarks on fields, return with a message, «проверена»."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest import notifications
from contest import permissions as policy
from contest.completeness import EntryForm, automatic_checks
from contest.models import (
    CheckItem,
    Entry,
    EntryAction,
    EntryCheck,
    EntryState,
    FieldComment,
)
from contest.services.common import ContestError, TransitionError, actor, lock_entry, set_state
from resursnaya_sreda.kernel.plural import plural


@transaction.atomic
def entry_check_set(
    *, entry: Entry, by: Any, item: str, passed: bool, note: str = ""
) -> EntryCheck:
    """Tick (or untick) one item of the checklist, with an optional note."""
    if item not in CheckItem.values:
        raise ValidationError({"item": _("Нет такого пункта проверки.")})
    locked = lock_entry(entry)
    if not policy.can_check_entry(by, locked):
        raise PermissionDenied
    check, _created = EntryCheck.objects.get_or_create(entry=locked, item=item)
    check.passed = passed
    check.note = " ".join((note or "").split())[:500]
    check.checked_by = actor(by)
    check.full_clean(exclude=["entry", "checked_by"], validate_unique=False)
    check.save()
    return check


def field_keys(form: EntryForm) -> dict[str, str]:
    """Fields a remark may be attached to: key → label (the key is the field's id suffix)."""
    keys = {
        "": _("Заявка в целом"),
        "title": _("Название практики"),
        "contacts": _("Руководитель и контакты"),
    }
    for question in form.questions:
        keys[question.anchor] = question.text
    for requirement in form.requirements:
        keys[requirement.anchor] = requirement.title
    return keys


@transaction.atomic
def field_comment_add(*, entry: Entry, by: Any, field: str, text: str) -> FieldComment:
    """A remark beside one field; the applicant sees it there after the entry is returned."""
    locked = lock_entry(entry)
    if not policy.can_check_entry(by, locked):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Напишите замечание.")})
    if field not in field_keys(EntryForm.load(locked)):
        raise ValidationError({"field": _("В форме заявки нет такого поля.")})
    comment = FieldComment(entry=locked, field=field, text=text, author=actor(by))
    comment.full_clean(exclude=["entry", "author", "resolved_by"])
    comment.save()
    return comment


@transaction.atomic
def field_comment_resolve(*, comment: FieldComment, by: Any) -> FieldComment:
    """The remark no longer applies (the applicant fixed the field)."""
    if not policy.is_staff_for(by, comment.entry):
        raise PermissionDenied
    if comment.resolved_at is None:
        comment.resolved_at = timezone.now()
        comment.resolved_by = actor(by)
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


@transaction.atomic
def entry_return(*, entry: Entry, by: Any, message: str) -> Entry:
    """Back to the applicant with a message; the open field remarks go with it."""
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Напишите заявителю, что исправить.")})
    locked = lock_entry(entry)
    if not policy.can_return_entry(by, locked):
        if locked.state not in (EntryState.SUBMITTED, EntryState.CHECKED):
            raise TransitionError(
                _("Заявку в состоянии «%(state)s» вернуть нельзя.")
                % {"state": locked.get_state_display()}
            )
        raise PermissionDenied
    locked.return_message = message
    locked.checked_at = None
    locked.checked_by = None
    set_state(locked, EntryState.RETURNED, action=EntryAction.RETURN, by=by, message=message)
    notifications.entry_changed(locked, action=str(EntryAction.RETURN.label), message=message)
    return locked


def check_blockers(entry: Entry) -> list[str]:
    """Why the entry cannot be marked «проверена» yet, in Russian; [] when it can."""
    blockers = []
    found = automatic_checks(EntryForm.load(entry))
    ticked = {c.item: c.passed for c in entry.checks.all()}
    for item in CheckItem:
        if found[item.value]:
            blockers.append(
                _("«%(item)s»: %(n)s портала.")
                % {
                    "item": item.label,
                    "n": plural(
                        len(found[item.value]), _("замечание"), _("замечания"), _("замечаний")
                    ),
                }
            )
        elif not ticked.get(item.value):
            blockers.append(_("«%(item)s»: пункт не отмечен.") % {"item": item.label})
    open_comments = entry.comments.filter(resolved_at__isnull=True).count()
    if open_comments:
        blockers.append(
            _("Открытых замечаний к полям: %(n)s — верните заявку или снимите их.")
            % {"n": open_comments}
        )
    return blockers


@transaction.atomic
def entry_mark_checked(*, entry: Entry, by: Any) -> Entry:
    """«Проверена»: every checklist item ticked, nothing found by the portal, no open remarks.
    The entry now counts towards the site's target."""
    locked = lock_entry(entry)
    if locked.state != EntryState.SUBMITTED:
        raise TransitionError(
            _("Проверить можно только заявку на проверке; эта — «%(state)s».")
            % {"state": locked.get_state_display()}
        )
    if not policy.can_check_entry(by, locked):
        raise PermissionDenied
    blockers = check_blockers(locked)
    if blockers:
        raise ContestError(_("Заявку нельзя отметить проверенной: ") + " ".join(blockers))
    locked.checked_at = timezone.now()
    locked.checked_by = actor(by)
    locked.return_message = ""
    set_state(locked, EntryState.CHECKED, action=EntryAction.CHECK, by=by)
    notifications.entry_changed(locked, action=str(EntryAction.CHECK.label), to_federal=True)
    return locked

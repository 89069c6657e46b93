"""Writes of the federal view: a roadmap task marked done, a report frozen."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dashboard import permissions as policy
from dashboard.models import TaskMark
from resursnaya_sreda.kernel.models import RoadmapTask


@transaction.atomic
def task_mark_done(*, by: Any, task: RoadmapTask, note: str) -> TaskMark:
    """A federal coordinator records that a task is done and what proves it."""
    if not policy.can_manage_plan(by):
        raise PermissionDenied
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Напишите, что подтверждает выполнение задачи.")})
    if TaskMark.objects.filter(task=task).exists():
        raise ValidationError(_("Задача уже отмечена как выполненная."))
    mark = TaskMark(task=task, note=note, marked_by=by)
    mark.full_clean()
    mark.save()
    return mark

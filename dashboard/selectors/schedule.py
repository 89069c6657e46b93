"""The programme's plan-schedule (roadmap step 1.1): every task with its owner, due date and
state, and the seven steps on a timeline with today's line.

A task is done when a record proves it (the apps register proofs in
``resursnaya_sreda.kernel.indicators``) — for a task every pilot site does, when every site has
such a record — or when a federal coordinator marked it done with a note; it is late when its
step's window has closed without either.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from dashboard.models import TaskMark
from resursnaya_sreda.kernel.indicators import TaskProof, proofs
from resursnaya_sreda.kernel.models import Programme, RoadmapStep, RoadmapTask

TASK_STATES = {
    "done": ("success", _("выполнена")),
    "late": ("danger", _("просрочена")),
    "open": ("warning", _("в работе")),
    "ahead": ("light", _("впереди")),
}


@dataclass
class TaskRow:
    task: RoadmapTask
    step: RoadmapStep
    state: str
    proof: TaskProof | None
    proved: bool
    mark: TaskMark | None
    #: For a task every site does: how many sites have a proving record, of how many.
    sites_done: int | None = None
    sites_total: int | None = None

    @property
    def css(self) -> str:
        return TASK_STATES[self.state][0]

    @property
    def state_label(self) -> str:
        return str(TASK_STATES[self.state][1])


def task_state(step: RoadmapStep, done: bool, today: datetime.date) -> str:
    if done:
        return "done"
    if today > step.ends_on:
        return "late"
    if today < step.starts_on:
        return "ahead"
    return "open"


def plan_schedule(programme: Programme, *, today: datetime.date) -> list[TaskRow]:
    """Every task of the programme in step order; one query per registered proof."""
    tasks = list(
        RoadmapTask.objects.filter(step__programme=programme)
        .select_related("step")
        .order_by("step__number", "number")
    )
    marks = {
        mark.task_id: mark
        for mark in TaskMark.objects.filter(task__step__programme=programme).select_related(
            "marked_by"
        )
    }
    registered = proofs()
    keys = {(t.step.number, t.number) for t in tasks}
    all_sites = set(programme.pilot_sites.values_list("pk", flat=True))
    proved: dict[tuple[int, int], bool] = {}
    sites_done: dict[tuple[int, int], int] = {}
    for key, proof in registered.items():
        if key not in keys:
            continue
        if proof.sites is not None:
            have = all_sites & proof.site_ids(programme)
            sites_done[key] = len(have)
            proved[key] = bool(all_sites) and have == all_sites
        else:
            proved[key] = proof.exists(programme)
    rows = []
    for task in tasks:
        key = (task.step.number, task.number)
        is_proved = proved.get(key, False)
        mark = marks.get(task.pk)
        rows.append(
            TaskRow(
                task=task,
                step=task.step,
                state=task_state(task.step, is_proved or mark is not None, today),
                proof=registered.get(key),
                proved=is_proved,
                mark=mark,
                sites_done=sites_done.get(key),
                sites_total=len(all_sites) if key in sites_done else None,
            )
        )
    return rows


@dataclass
class TimelineStep:
    step: RoadmapStep
    state: str
    late_tasks: int
    tasks: int


def timeline(programme: Programme, rows: list[TaskRow], *, today: datetime.date) -> dict[str, Any]:
    """The seven steps with their windows, and how many tasks of each are late."""
    steps = list(programme.steps.order_by("number"))
    items = [
        TimelineStep(
            step=step,
            state=step.state_on(today),
            late_tasks=sum(1 for r in rows if r.step.pk == step.pk and r.state == "late"),
            tasks=sum(1 for r in rows if r.step.pk == step.pk),
        )
        for step in steps
    ]
    return {
        "steps": items,
        "starts_on": min((s.starts_on for s in steps), default=today),
        "ends_on": max((s.ends_on for s in steps), default=today),
        "today": today,
    }

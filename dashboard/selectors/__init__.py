"""Reads of the federal view: the plan against actual (``plan``), the plan-schedule
(``schedule``)."""

from dashboard.selectors.charts import all_charts
from dashboard.selectors.plan import (
    COLOURS,
    Cell,
    Column,
    Plan,
    build_plan,
    colour,
    drill_down,
    expected_by,
    programme_targets,
)
from dashboard.selectors.schedule import (
    TASK_STATES,
    TaskRow,
    TimelineStep,
    plan_schedule,
    task_state,
    timeline,
)

__all__ = [
    "COLOURS",
    "TASK_STATES",
    "Cell",
    "Column",
    "Plan",
    "TaskRow",
    "TimelineStep",
    "all_charts",
    "build_plan",
    "colour",
    "drill_down",
    "expected_by",
    "plan_schedule",
    "programme_targets",
    "task_state",
    "timeline",
]

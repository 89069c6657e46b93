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
    drill_down_page,
    drill_down_queryset,
    expected_by,
    programme_targets,
    uncounted_rows,
)
from dashboard.selectors.report import added_since, figures_of, report_data
from dashboard.selectors.schedule import (
    TASK_STATES,
    TaskRow,
    TimelineStep,
    plan_schedule,
    task_state,
    timeline,
)
from dashboard.selectors.snapshots import comparison, freeze_periods

__all__ = [
    "COLOURS",
    "TASK_STATES",
    "Cell",
    "Column",
    "Plan",
    "TaskRow",
    "TimelineStep",
    "added_since",
    "all_charts",
    "build_plan",
    "colour",
    "comparison",
    "drill_down",
    "drill_down_page",
    "drill_down_queryset",
    "expected_by",
    "figures_of",
    "freeze_periods",
    "plan_schedule",
    "programme_targets",
    "report_data",
    "task_state",
    "timeline",
    "uncounted_rows",
]

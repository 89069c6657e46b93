"""Fixtures of the public site: a roadmap around today and news items."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from resursnaya_sreda.kernel.models import RoadmapStep, RoadmapTask, Target, TargetCode
from tests.public.factories import NewsItemFactory

# (number, title, start offset, end offset) in days from today: two steps done, two under
# way (one starting today), three ahead (one starting tomorrow).
STEPS = [
    (1, "Выявление лучших практик", -100, -40),
    (2, "Семинары", -60, -1),
    (3, "Отбор практик для конкурса", -5, 20),
    (4, "Видеосюжеты", 0, 10),
    (5, "Всероссийский конкурс", 1, 60),
    (6, "Круглые столы", 90, 120),
    (7, "Итоговый видеомост", 130, 140),
]


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def roadmap(programme, today):
    """Seven steps with two tasks each; targets on steps 2 and 6."""
    steps = []
    for number, title, start, end in STEPS:
        step = RoadmapStep.objects.create(
            programme=programme,
            number=number,
            title=title,
            summary=f"Что происходит на шаге {number}.",
            starts_on=today + datetime.timedelta(days=start),
            ends_on=today + datetime.timedelta(days=end),
        )
        for task_number in (1, 2):
            RoadmapTask.objects.create(
                step=step, number=task_number, text=f"Задача {number}.{task_number} шага"
            )
        steps.append(step)
    Target.objects.create(programme=programme, step=steps[1], code=TargetCode.SEMINARS, value=20)
    Target.objects.create(
        programme=programme, step=steps[5], code=TargetCode.ROUND_TABLE_PARTICIPANTS, value=30
    )
    return steps


@pytest.fixture
def make_news(programme):
    def _make(**kwargs):
        kwargs.setdefault("programme", programme)
        return NewsItemFactory(**kwargs)

    return _make

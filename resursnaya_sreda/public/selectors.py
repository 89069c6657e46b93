"""Reads for the public site: the landing page's programme and the news lists."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel import selectors as kernel_selectors
from resursnaya_sreda.kernel.models import Programme, RoadmapStep, Target
from resursnaya_sreda.public.models import NewsItem, NewsKind
from resursnaya_sreda.public.permissions import news_editable_by

LATEST_NEWS_ON_LANDING = 3
STATE_LABELS = {"done": _("завершён"), "current": _("идёт сейчас"), "ahead": _("впереди")}


def news_published(*, kind: str | None = None) -> QuerySet[NewsItem]:
    """Published items, newest first, with what a news card shows."""
    queryset = NewsItem.objects.filter(is_published=True).select_related("pilot_site__region")
    if kind in NewsKind.values:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-published_at", "-pk")


def news_latest(*, limit: int = LATEST_NEWS_ON_LANDING) -> list[NewsItem]:
    return list(news_published()[:limit])


def news_for_staff(*, user: Any) -> QuerySet[NewsItem]:
    """Items the user may edit, drafts first, then the newest."""
    return (
        news_editable_by(user)
        .select_related("pilot_site__region", "author")
        .order_by("is_published", "-published_at", "-created_at")
    )


def news_related(*, item: NewsItem, limit: int = 3) -> list[NewsItem]:
    return list(news_published().exclude(pk=item.pk)[:limit])


@dataclass
class StepView:
    """A roadmap step as the landing page shows it."""

    step: RoadmapStep
    state: str
    tasks: list[Any]
    targets: list[Target]

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass
class Landing:
    programme: Programme
    steps: list[StepView]
    targets: list[Target]
    pilot_site_count: int
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    current_steps: list[StepView] = field(default_factory=list)
    next_step: StepView | None = None


def landing(*, programme: Programme, today: datetime.date | None = None) -> Landing:
    """Everything the landing page shows of ``programme``, in a fixed number of queries."""
    today = today or timezone.localdate()
    steps = []
    for step in kernel_selectors.programme_steps(programme=programme):
        steps.append(
            StepView(
                step=step,
                state=step.state_on(today),
                tasks=list(step.tasks.all()),
                targets=list(step.targets.all()),
            )
        )
    targets = list(programme.targets.select_related("step").order_by("step__number", "code"))
    return Landing(
        programme=programme,
        steps=steps,
        targets=targets,
        pilot_site_count=programme.pilot_sites.count(),
        starts_on=min((view.step.starts_on for view in steps), default=None),
        ends_on=max((view.step.ends_on for view in steps), default=None),
        current_steps=[view for view in steps if view.state == "current"],
        next_step=next((view for view in steps if view.state == "ahead"), None),
    )

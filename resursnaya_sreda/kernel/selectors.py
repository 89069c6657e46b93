"""Reads of the programme kernel, scoped and prefetched for the page that asks."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from resursnaya_sreda.accounts import permissions
from resursnaya_sreda.accounts.models import Role
from resursnaya_sreda.kernel.models import PilotSite, Programme, RoadmapStep, RoadmapTask


def programme_current() -> Programme | None:
    """The programme the public site shows, or None before one is made current."""
    return Programme.objects.filter(is_current=True).first()


def programme_steps(*, programme: Programme) -> QuerySet[RoadmapStep]:
    """The programme's steps in order, each with its tasks and targets in one query each."""
    return programme.steps.order_by("number").prefetch_related(
        Prefetch("tasks", queryset=RoadmapTask.objects.order_by("number")), "targets"
    )


def pilot_sites_for_user(*, user: Any, programme: Programme) -> QuerySet[PilotSite]:
    """Pilot sites of ``programme`` the user works with: all for federal staff, own for regional."""
    sites = PilotSite.objects.filter(programme=programme).select_related("region", "centre")
    return permissions.filter_by_pilot_site(sites, user, field="pk")


def pilot_sites_with_staff_count(
    queryset: QuerySet[PilotSite] | None = None,
) -> QuerySet[PilotSite]:
    """Pilot sites annotated with ``staff_count``, the number of their regional staff."""
    queryset = PilotSite.objects.all() if queryset is None else queryset
    return queryset.select_related("programme", "region", "centre").annotate(
        staff_count=Count("memberships", filter=Q(memberships__role=Role.REGIONAL), distinct=True)
    )


def object_history(obj: Any) -> QuerySet[Any]:
    """Change log entries of one record, newest first, with their actors."""
    from auditlog.models import LogEntry

    return (
        LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk")
    )

"""Reads of the programme kernel, scoped and prefetched for the page that asks."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from resursnaya_sreda.accounts import permissions
from resursnaya_sreda.accounts.models import Role
from resursnaya_sreda.kernel.models import (
    Municipality,
    Organisation,
    PilotSite,
    Programme,
    Region,
    RoadmapStep,
    RoadmapTask,
)


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


# --- Choices for search-as-you-type fields (kernel/autocomplete/endpoints.py) --------------


def region_choices() -> QuerySet[Region]:
    """Every region, by name: public reference data."""
    return Region.objects.order_by("name")


def municipality_choices() -> QuerySet[Municipality]:
    """Every municipality with its region, by name: public reference data."""
    return Municipality.objects.select_related("region").order_by("name")


def municipalities_for_staff(*, user: Any) -> QuerySet[Municipality]:
    """Municipalities a staff member works in: every region for federal staff, the regions of
    their pilot sites for regional staff, none for anyone else."""
    return permissions.filter_by_region(municipality_choices(), user)


def organisations_for_user(*, user: Any) -> QuerySet[Organisation]:
    """Organisations the user may pick: all for federal staff, those of their regions for
    regional staff, their own for an applicant, none for anyone else."""
    queryset = Organisation.objects.select_related("region").order_by("name")
    if permissions.is_staff_member(user):
        return permissions.filter_by_region(queryset, user)
    own = permissions.organisation_ids(user)
    return queryset.filter(pk__in=own) if own else queryset.none()


def pilot_site_choices(*, user: Any) -> QuerySet[PilotSite]:
    """Pilot sites of every programme the user manages, the current programme's first."""
    queryset = PilotSite.objects.select_related("region", "programme", "centre").order_by(
        "-programme__is_current", "-programme__year", "region__name"
    )
    return permissions.filter_by_pilot_site(queryset, user, field="pk")

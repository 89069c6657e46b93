"""Who sees the federal view: federal coordinators every pilot site, regional staff their own.

Anyone else is refused (403); a site, snapshot or cell the person may not see is a 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.models import PilotSite, Programme


def can_see_dashboard(user: Any) -> bool:
    return roles.is_federal(user) or bool(roles.pilot_site_ids(user))


def require_dashboard(user: Any) -> None:
    if not can_see_dashboard(user):
        raise PermissionDenied


def can_manage_plan(user: Any) -> bool:
    """Marking roadmap tasks done and freezing reports is the federal centre's."""
    return roles.is_federal(user)


def visible_sites(user: Any, programme: Programme) -> list[PilotSite]:
    """The pilot sites the user's dashboard shows, by region name."""
    sites = PilotSite.objects.filter(programme=programme).select_related("region")
    return list(roles.filter_by_pilot_site(sites, user, field="pk").order_by("region__name"))


def get_site_for_user(user: Any, programme: Programme, pk: Any) -> PilotSite:
    for site in visible_sites(user, programme):
        if str(site.pk) == str(pk):
            return site
    raise Http404


def snapshots_visible_to(user: Any) -> Any:
    """Federal coordinators see every frozen report; regional staff those of their sites."""
    from dashboard.models import Snapshot

    queryset = Snapshot.objects.select_related("pilot_site__region", "frozen_by")
    if roles.is_federal(user):
        return queryset
    return queryset.filter(pilot_site_id__in=sorted(roles.pilot_site_ids(user)))


def get_snapshot_for_user(user: Any, pk: Any) -> Any:
    snapshot = snapshots_visible_to(user).filter(pk=pk).first()
    if snapshot is None:
        raise Http404
    return snapshot

"""Who may work on step 3: a pilot site's own regional staff and federal coordinators choose
its two practices and keep their support log. Another site's page, practice or file is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from practices.models import PilotPractice, SupportEntry
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.models import PilotSite


def can_propose_pilot_practice(user: Any, site: PilotSite) -> bool:
    """Propose, remove, and log support for a site's practices (confirming is federal)."""
    return roles.can_manage_pilot_site(user, site)


def managed_pilot_sites(user: Any) -> QuerySet[PilotSite]:
    """The current programme's pilot sites the user works for (all of them when federal)."""
    sites = PilotSite.objects.select_related("region", "programme").filter(
        programme__is_current=True
    )
    return roles.filter_by_pilot_site(sites, user, field="pk")


def get_pilot_site_for_user(user: Any, pk: int) -> PilotSite:
    """A pilot site the user manages; anyone else's is a 404."""
    site = managed_pilot_sites(user).filter(pk=pk).first()
    if site is None or not can_propose_pilot_practice(user, site):
        raise Http404
    return site


def get_pilot_practice_for_user(user: Any, pk: int) -> PilotPractice:
    """One of the practices of a pilot site the user manages; anyone else's is a 404."""
    practice = PilotPractice.objects.select_related("pilot_site").filter(pk=pk).first()
    if practice is None or not can_propose_pilot_practice(user, practice.pilot_site):
        raise Http404
    return practice


def get_support_file_for_user(user: Any, pk: Any) -> SupportEntry:
    """A support log file: the pilot site's staff and federal coordinators; else 404."""
    entry = SupportEntry.objects.select_related("practice__pilot_site").filter(pk=pk).first()
    if (
        entry is None
        or not entry.file
        or not can_propose_pilot_practice(user, entry.practice.pilot_site)
    ):
        raise Http404
    return entry

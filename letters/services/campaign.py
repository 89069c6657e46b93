"""The information campaign log: one entry per publication."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from letters import permissions as policy
from letters.models import CampaignEntry

CAMPAIGN_FIELDS = ("platform", "outlet", "title", "url", "published_on", "step", "reach")


@transaction.atomic
def campaign_entry_create(
    *, by: Any, site: Any, data: dict[str, Any], event: tuple[int, str] | None = None
) -> CampaignEntry:
    if not policy.can_manage_site(by, site.pk):
        raise PermissionDenied
    entry = CampaignEntry(pilot_site=site, created_by=by)
    for name in CAMPAIGN_FIELDS:
        if name in data:
            setattr(entry, name, data[name])
    if isinstance(entry.url, str):
        entry.url = entry.url.strip()
    if event is not None:
        entry.event_id, entry.event_title = event
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def campaign_entry_delete(*, by: Any, entry: CampaignEntry) -> None:
    if not policy.can_manage_site(by, entry.pilot_site_id):
        raise PermissionDenied
    entry.delete()

"""Who may see and do what with letters.

Regional staff keep their region's addressees, send from their pilot site's letterhead and
see their region's letters; federal coordinators see and do everything, and send from the
federal centre's letterhead. Another region's addressee, mailing or letter is a 404. Experts,
applicants and the public have no letters pages at all (404 as well: an id confirms nothing).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from letters.models import Addressee, CampaignEntry, Letter, Letterhead, Mailing, Reply
from resursnaya_sreda.accounts import permissions as roles


def can_use_letters(user: Any) -> bool:
    return roles.is_federal(user) or bool(roles.pilot_site_ids(user))


def require_letters(user: Any) -> None:
    if not can_use_letters(user):
        raise Http404


def can_manage_region(user: Any, region_id: int | None) -> bool:
    if roles.is_federal(user):
        return True
    return region_id is not None and region_id in roles.region_ids(user)


def can_manage_site(user: Any, site_id: int | None) -> bool:
    if roles.is_federal(user):
        return True
    return site_id is not None and site_id in roles.pilot_site_ids(user)


def can_edit_programme_templates(user: Any) -> bool:
    """The programme's own templates are the federal centre's; sites edit their copies."""
    return roles.is_federal(user)


def can_manage_letterhead(user: Any, letterhead: Letterhead) -> bool:
    if letterhead.pilot_site_id is None:
        return roles.is_federal(user)
    return can_manage_site(user, letterhead.pilot_site_id)


def can_see_mailing(user: Any, mailing: Mailing) -> bool:
    if roles.is_federal(user):
        return True
    if mailing.region_id is None:
        return False
    return mailing.region_id in roles.region_ids(user)


def get_addressee_for_user(user: Any, pk: int) -> Addressee:
    require_letters(user)
    addressee = get_object_or_404(Addressee.objects.select_related("region", "municipality"), pk=pk)
    if not can_manage_region(user, addressee.region_id):
        raise Http404
    return addressee


def get_mailing_for_user(user: Any, pk: int) -> Mailing:
    require_letters(user)
    mailing = get_object_or_404(Mailing.objects.select_related("letterhead", "region"), pk=pk)
    if not can_see_mailing(user, mailing):
        raise Http404
    return mailing


def get_letter_for_user(user: Any, pk: int) -> Letter:
    require_letters(user)
    letter = get_object_or_404(
        Letter.objects.select_related("mailing", "letterhead__pilot_site"), pk=pk
    )
    if not can_see_mailing(user, letter.mailing):
        raise Http404
    return letter


def get_letterhead_for_user(user: Any, pk: int) -> Letterhead:
    require_letters(user)
    letterhead = get_object_or_404(Letterhead, pk=pk)
    if not can_manage_letterhead(user, letterhead):
        raise Http404
    return letterhead


def get_letterhead_file(user: Any, pk: int) -> Letterhead:
    """Logos and signature scans: shown to whoever may edit the letterhead."""
    return get_letterhead_for_user(user, pk)


def get_reply_for_user(user: Any, pk: int) -> Reply:
    require_letters(user)
    reply = get_object_or_404(Reply.objects.select_related("letter__mailing"), pk=pk)
    if not can_see_mailing(user, reply.letter.mailing):
        raise Http404
    return reply


def get_campaign_entry_for_user(user: Any, pk: int) -> CampaignEntry:
    require_letters(user)
    entry = get_object_or_404(CampaignEntry.objects.select_related("pilot_site__region"), pk=pk)
    if not can_manage_site(user, entry.pilot_site_id):
        raise Http404
    return entry

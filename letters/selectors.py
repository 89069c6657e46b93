"""Reads for the letters pages: scoped to the user here and nowhere else, prefetched so a list
costs a fixed number of queries however many rows it has."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from letters.models import (
    Addressee,
    CampaignEntry,
    Delivery,
    Letter,
    Letterhead,
    LetterKind,
    Mailing,
    Reply,
)
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.models import PilotSite


def addressees_visible_to(user: Any) -> QuerySet[Addressee]:
    return roles.filter_by_region(Addressee.objects.all(), user)


def addressees(
    user: Any,
    *,
    region_id: int | None = None,
    kind: str = "",
    municipality_id: int | None = None,
    query: str = "",
    without_email: bool | None = None,
) -> QuerySet[Addressee]:
    queryset = addressees_visible_to(user).select_related("region", "municipality")
    if region_id:
        queryset = queryset.filter(region_id=region_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    if municipality_id:
        queryset = queryset.filter(municipality_id=municipality_id)
    if query:
        queryset = queryset.filter(
            Q(organisation__icontains=query)
            | Q(person__icontains=query)
            | Q(email__icontains=query)
        )
    if without_email is not None:
        queryset = queryset.filter(email="") if without_email else queryset.exclude(email="")
    return queryset.order_by("region__name", "kind", "organisation", "pk")


def mailings_visible_to(user: Any) -> QuerySet[Mailing]:
    queryset = Mailing.objects.all()
    if roles.is_federal(user):
        return queryset
    regions = roles.region_ids(user)
    return queryset.filter(region_id__in=list(regions)) if regions else queryset.none()


def _letters_in(delivery: str) -> Coalesce:
    """A mailing's letters in one delivery state, counted per row by a subquery on the
    (mailing, delivery) index: no GROUP BY over every letter before the page is cut, and the
    paginator counts mailings alone."""
    letters = (
        Letter.objects.filter(mailing=OuterRef("pk"), delivery=delivery)
        .order_by()
        .values("mailing")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(letters), 0)


def mailings(user: Any) -> QuerySet[Mailing]:
    return (
        mailings_visible_to(user)
        .select_related("letterhead", "region", "created_by")
        .annotate(
            sent=_letters_in(Delivery.SENT),
            refused=_letters_in(Delivery.REFUSED),
            to_print=_letters_in(Delivery.PRINT),
        )
        .order_by("-created_at", "-pk")
    )


def register(
    user: Any,
    *,
    letterhead_id: int | None = None,
    year: int | None = None,
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    query: str = "",
) -> QuerySet[Letter]:
    """The outgoing register (журнал исходящих), newest first."""
    queryset = Letter.objects.filter(mailing__in=mailings_visible_to(user).values("pk"))
    if letterhead_id:
        queryset = queryset.filter(letterhead_id=letterhead_id)
    if year:
        queryset = queryset.filter(year=year)
    if kind:
        queryset = queryset.filter(kind=kind)
    if date_from:
        queryset = queryset.filter(registered_on__gte=date_from)
    if date_to:
        queryset = queryset.filter(registered_on__lte=date_to)
    if query:
        queryset = queryset.filter(
            Q(organisation__icontains=query)
            | Q(person__icontains=query)
            | Q(subject__icontains=query)
        )
    # All descending: the unique (letterhead, year, number) index serves it, read backwards.
    return queryset.select_related("letterhead").order_by("-letterhead_id", "-year", "-number")


def letterheads_for(user: Any) -> list[Letterhead]:
    """The letterheads the user may send from (the federal centre's for federal staff)."""
    queryset = Letterhead.objects.select_related("pilot_site__region")
    if roles.is_federal(user):
        return list(queryset.order_by("pilot_site__region__name"))
    return list(queryset.filter(pilot_site__in=list(roles.pilot_site_ids(user))))


def sites_for(user: Any, programme: Any) -> list[PilotSite]:
    sites = PilotSite.objects.filter(programme=programme).select_related("region", "centre")
    if not roles.is_federal(user):
        sites = sites.filter(pk__in=list(roles.pilot_site_ids(user)))
    return list(sites.order_by("region__name"))


def event_letters(event_id: int, *, kind: str = "") -> list[Letter]:
    queryset = Letter.objects.filter(event_id=event_id).select_related("letterhead", "mailing")
    if kind:
        queryset = queryset.filter(kind=kind)
    return list(queryset.order_by("number"))


def event_replies(event_id: int) -> list[Reply]:
    return list(
        Reply.objects.filter(event_id=event_id)
        .select_related("letter__letterhead", "recorded_by")
        .order_by("-received_on", "-pk")
    )


def seminar_letters(event_id: int) -> list[Letter]:
    return event_letters(event_id, kind=LetterKind.SEMINAR)


def campaign_entries(user: Any, *, site_id: int | None = None, platform: str = "") -> QuerySet:
    queryset = roles.filter_by_pilot_site(CampaignEntry.objects.all(), user)
    if site_id:
        queryset = queryset.filter(pilot_site_id=site_id)
    if platform:
        queryset = queryset.filter(platform=platform)
    return queryset.select_related("pilot_site__region", "step").order_by("-published_on", "-pk")

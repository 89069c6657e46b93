"""Reads of step 3: the pilot sites with their count of chosen practices, one site's practices
with their support log, and the questionnaires a site may still propose."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from practices import permissions as policy
from practices.models import (
    REVIEWABLE_STATES,
    Outcome,
    PilotPractice,
    Questionnaire,
    SupportEntry,
)
from resursnaya_sreda.kernel.models import PilotSite, Programme


def pilot_sites_with_counts(user: Any) -> QuerySet[PilotSite]:
    """The user's pilot sites by region, each with ``practice_count`` (of two). Only the
    region's name is read along: the overview has a row for each of up to 89 sites."""
    return (
        policy.managed_pilot_sites(user)
        .select_related(None)
        .select_related("region")
        .only("pk", "region__name")
        .annotate(practice_count=Count("pilot_practices"))
        .order_by("region__name")
    )


def pilot_site_practices(site: PilotSite) -> QuerySet[PilotPractice]:
    """The site's practices with who confirmed them and their support log, for its page."""
    return site.pilot_practices.select_related(
        "questionnaire__organisation", "confirmed_by"
    ).prefetch_related(
        Prefetch("support_log", queryset=SupportEntry.objects.select_related("author"))
    )


def proposable_questionnaires(site: PilotSite) -> QuerySet[Questionnaire]:
    """The submitted questionnaires of the site's own region not yet among its practices."""
    return (
        Questionnaire.objects.filter(
            programme_id=site.programme_id,
            organisation__region_id=site.region_id,
            state__in=REVIEWABLE_STATES,
        )
        .exclude(pilot_practices__pilot_site=site)
        .select_related("organisation")
        .order_by("title")
    )


def pilot_site_practice_counts(programme: Programme) -> dict[int, int]:
    """Each pilot site's number of chosen practices, for the pilot-site overview."""
    return dict(
        PilotSite.objects.filter(programme=programme)
        .annotate(
            n=Count(
                "pilot_practices",
                # Dropping it changes nothing: Count over the join already skips the NULL row.
                filter=Q(pilot_practices__isnull=False),  # pragma: no mutate
            )
        )
        .values_list("pk", "n")
    )


def hostable_practices(site: PilotSite) -> QuerySet[Questionnaire]:
    """The practices a seminar of the site may present (roadmap step 2: seminars are held with
    «организация, которая была отобрана в качестве лучшей практики»): the region's
    questionnaires the commission decided are best, and the site's own step-3 practices.

    Few records per site, so a plain choice list serves until the search field arrives.
    """
    return (
        Questionnaire.objects.filter(
            Q(decision__outcome=Outcome.BEST) | Q(pilot_practices__pilot_site=site),
            programme_id=site.programme_id,
            organisation__region_id=site.region_id,
        )
        .select_related("organisation__municipality", "municipality")
        .distinct()
        .order_by("title", "pk")
    )


def report_practices(programme_id: int, region_ids: list[int]) -> list[dict[str, Any]]:
    """The regions' best practices, with their selection as a site's practice, as plain data
    for the consolidated report; two queries."""
    best = list(
        Questionnaire.objects.filter(
            programme_id=programme_id,
            organisation__region_id__in=region_ids,
            decision__outcome=Outcome.BEST,
        )
        .select_related("organisation", "decision")
        .order_by("organisation__region_id", "title", "pk")
    )
    selected = {
        row["questionnaire_id"]: row["state"]
        for row in PilotPractice.objects.filter(questionnaire_id__in=[q.pk for q in best]).values(
            "questionnaire_id", "state"
        )
    }
    return [
        {
            "id": practice.pk,
            "region": practice.organisation.region_id,
            "title": practice.display_title,
            "organisation": practice.organisation.short_name or practice.organisation.name,
            "decided": practice.decision.decided_at.date().isoformat(),
            "selected": practice.pk in selected,
        }
        for practice in best
    ]


def hostable_practices_for_sites(sites: QuerySet[PilotSite]) -> QuerySet[Questionnaire]:
    """:func:`hostable_practices` of many sites at once, in one query (a federal coordinator's
    89 sites): best practices of a region and programme some site holds, and the sites' own
    step-3 practices."""
    site_ids = sites.values("pk")
    same_place = PilotSite.objects.filter(
        pk__in=site_ids,
        programme_id=OuterRef("programme_id"),
        region_id=OuterRef("organisation__region_id"),
    )
    chosen = PilotPractice.objects.filter(pilot_site__in=site_ids).values("questionnaire")
    return (
        Questionnaire.objects.filter(
            Q(Exists(same_place), decision__outcome=Outcome.BEST) | Q(pk__in=chosen)
        )
        .select_related("organisation__municipality", "organisation__region", "municipality")
        .order_by("title", "pk")
    )

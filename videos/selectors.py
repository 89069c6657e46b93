"""Reads of step 4, scoped to the user and prefetched for their page (flat query counts)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.urls import reverse

from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.models import PilotSite, Programme
from resursnaya_sreda.kernel.versions import KeptVersion
from videos.models import (
    STATE_ORDER,
    CheckState,
    Cut,
    ScheduleSlot,
    ScheduleState,
    ScheduleVersion,
    Specification,
    SpecificationAck,
    Story,
    StoryHistory,
    StoryPractice,
    StoryState,
)


def _latest_cut(field_name: str) -> Subquery:
    return Subquery(
        Cut.objects.filter(story=OuterRef("pk"))
        .order_by("-uploaded_at", "-pk")
        .values(field_name)[:1]
    )


def _with_practices(queryset: QuerySet[Story]) -> QuerySet[Story]:
    return queryset.prefetch_related(
        Prefetch(
            "story_practices",
            queryset=StoryPractice.objects.select_related("questionnaire__organisation").order_by(
                "position", "pk"
            ),
        )
    )


def staff_stories(
    user: Any, programme: Programme, *, state: str = "", site: PilotSite | None = None
) -> QuerySet[Story]:
    """The stories a staff member works with, with practices, last check and proposal."""
    queryset = roles.filter_by_pilot_site(Story.objects.filter(programme=programme), user)
    if state:
        queryset = queryset.filter(state=state)
    if site is not None:
        queryset = queryset.filter(pilot_site=site)
    return _with_practices(
        queryset.select_related("pilot_site__region", "proposal").annotate(
            last_check=_latest_cut("check_state"), last_cut_id=_latest_cut("pk")
        )
    ).order_by("pilot_site__region__name", "number")


@dataclass
class SiteRow:
    site: PilotSite
    stories: list[Story] = field(default_factory=list)
    acknowledged: bool = False


#: The federal matrix is rendered once and kept this long at most; any change of a story, an
#: acknowledgement or the requirements drops it sooner (a new version key, videos/apps.py).
MATRIX_SECONDS = 600
MATRIX = KeptVersion("videos:matrix-version")
matrix_version = MATRIX.current
forget_matrix = MATRIX.forget

#: The public list's story cards are kept under their own version: any change of a story, its
#: links, cuts (the poster) or practices, or of a practice itself, draws them afresh.
PUBLIC = KeptVersion("videos:public-version")
public_version = PUBLIC.current
forget_public = PUBLIC.forget


def site_matrix(programme: Programme, spec: Specification | None) -> list[SiteRow]:
    """Every pilot site with its stories and states, for the federal centre (three queries)."""
    sites = (
        PilotSite.objects.filter(programme=programme)
        .select_related("region")
        .order_by("region__name")
    )
    rows = {site.pk: SiteRow(site) for site in sites}
    stories = (
        Story.objects.filter(programme=programme)
        .order_by("number")
        .only("pk", "title", "state", "pilot_site_id", "number", "release_on")
    )
    for story in stories:
        if story.pilot_site_id in rows:
            rows[story.pilot_site_id].stories.append(story)
    if spec is not None:
        for site_id in SpecificationAck.objects.filter(specification=spec).values_list(
            "pilot_site_id", flat=True
        ):
            if site_id in rows:
                rows[site_id].acknowledged = True
    return list(rows.values())


def state_counts(stories: list[Story]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for story in stories:
        counts[story.state] += 1
    return [(state.value, state.label, counts[state]) for state in STATE_ORDER if counts[state]]


def story_page(story: Story) -> Story:
    """One story with everything its page shows."""
    return (
        _with_practices(Story.objects.filter(pk=story.pk))
        .select_related(
            "programme", "pilot_site__region", "pilot_site__centre", "specification", "pin"
        )
        .prefetch_related(
            "partners",
            "people",
            "links",
            "proposal__periods",
            Prefetch("cuts", queryset=Cut.objects.order_by("-uploaded_at", "-pk")),
            Prefetch(
                "history",
                queryset=StoryHistory.objects.select_related("actor").order_by(
                    "-created_at", "-pk"
                ),
            ),
        )
        .get()
    )


def public_stories(programme: Programme | None, *, region_id: int | None = None) -> QuerySet[Story]:
    """Published stories with their practices, links and poster, for the public page."""
    queryset = Story.objects.filter(state=StoryState.PUBLISHED)
    if programme is not None:
        queryset = queryset.filter(programme=programme)
    if region_id:
        queryset = queryset.filter(pilot_site__region_id=region_id)
    poster = Subquery(
        Cut.objects.filter(story=OuterRef("pk"), check_state=CheckState.PASSED)
        .exclude(poster="")
        .order_by("-uploaded_at", "-pk")
        .values("pk")[:1]
    )
    return (
        _with_practices(queryset.select_related("pilot_site__region"))
        .prefetch_related("links")
        .annotate(poster_cut_id=poster)
        .order_by("pilot_site__region__name", "release_on", "pk")
    )


def version_slots(version: ScheduleVersion) -> QuerySet[ScheduleSlot]:
    return version.slots.select_related(
        "story__pilot_site__region", "story__pin", "story__proposal"
    ).order_by("release_on", "story__pilot_site__region__name", "story__pk")


def published_schedule(programme: Programme | None) -> ScheduleVersion | None:
    if programme is None:
        return None
    return ScheduleVersion.objects.filter(
        programme=programme, state=ScheduleState.PUBLISHED
    ).first()


def schedule_versions(programme: Programme) -> QuerySet[ScheduleVersion]:
    return (
        ScheduleVersion.objects.filter(programme=programme)
        .select_related("created_by", "published_by", "baseline")
        .order_by("-number")
    )


@dataclass
class SiteFairness:
    region: str
    stories: int = 0
    first_choice: int = 0
    other_choice: int = 0
    outside: int = 0


def fairness(slots: list[ScheduleSlot]) -> list[SiteFairness]:
    """What each site got of its wishes in one version."""
    rows: dict[int, SiteFairness] = {}
    for slot in slots:
        site = slot.story.pilot_site
        row = rows.setdefault(site.pk, SiteFairness(site.region.name))
        row.stories += 1
        if slot.preference_rank == 1:
            row.first_choice += 1
        elif slot.preference_rank:
            row.other_choice += 1
        else:
            row.outside += 1
    return sorted(rows.values(), key=lambda r: r.region)


def practice_stories(questionnaire_id: int, user: Any, *, public: bool) -> list[Story]:
    """The stories about a practice that its page shows: only published ones on the public page,
    and staff also see the ones they may open, with their state."""
    from videos import permissions as policy

    stories = Story.objects.filter(story_practices__questionnaire_id=questionnaire_id)
    stories = stories.select_related("pilot_site__region").order_by("pk")
    shown = []
    for story in stories:
        if not public and policy.can_view_story(user, story):
            story.thread_url = reverse("videos:story", args=[story.pk])
            story.thread_state = story.get_state_display()
        elif story.state == StoryState.PUBLISHED:
            story.thread_url = reverse("videos:public-story", args=[story.pk])
            story.thread_state = ""
        else:
            continue
        shown.append(story)
    return shown


def report_stories(programme_id: int, site_ids: list[int]) -> list[dict[str, Any]]:
    """The sites' stories as plain data for the consolidated report; two queries."""
    stories = (
        Story.objects.filter(programme_id=programme_id, pilot_site_id__in=site_ids)
        .prefetch_related("links")
        .order_by("pilot_site_id", "number", "pk")
    )
    return [
        {
            "id": story.pk,
            "site": story.pilot_site_id,
            "title": story.title,
            "state": str(story.get_state_display()),
            "published": story.published_at.date().isoformat() if story.published_at else "",
            "links": [link.url for link in story.links.all()],
        }
        for story in stories
    ]

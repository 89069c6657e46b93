"""Reads of the contest app, scoped to the user and prefetched for the page that asks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from contest import permissions as policy
from contest.deadlines import readiness_status, site_deadline
from contest.models import (
    COUNTED_STATES,
    Chapter,
    Contest,
    Edition,
    EditionState,
    Entry,
    EntryHistory,
    EntryState,
    FieldComment,
    Nomination,
)
from contest.services.entries import selected_q
from practices.models import Questionnaire, SupportEntry
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.models import PilotSite, Programme, Target, TargetCode
from resursnaya_sreda.kernel.roadmap_seed import targets as seed_targets


def contest_current() -> Contest | None:
    """The contest of the current programme (the latest edition if there are several)."""
    return (
        Contest.objects.filter(programme__is_current=True)
        .select_related("programme")
        .order_by("-edition")
        .first()
    )


def _open_comments() -> Coalesce:
    """Open remarks of each entry, counted per row by a subquery: no GROUP BY over every
    entry before the page is cut, so the list costs the same at 1,000 entries as at 50."""
    open_ = (
        FieldComment.objects.filter(entry=OuterRef("pk"), resolved_at__isnull=True)
        .order_by()
        .values("entry")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(open_), 0)


def entries_for_user(
    user: Any,
    contest: Contest,
    *,
    state: str = "",
    region_id: int | None = None,
    nomination_id: int | None = None,
) -> QuerySet[Entry]:
    """The entries list: one query for the page whatever its length."""
    queryset = policy.visible_entries(user, contest.entries.all())
    if state:
        queryset = queryset.filter(state=state)
    if region_id:
        queryset = queryset.filter(region_id=region_id)
    if nomination_id:
        queryset = queryset.filter(nomination_id=nomination_id)
    return (
        queryset.select_related("nomination", "organisation", "region", "municipality")
        .annotate(open_comments=_open_comments())
        .order_by("region__name", "title", "pk")
    )


def entry_filter_options(user: Any, contest: Contest) -> dict[str, Any]:
    regions = []
    if roles.is_federal(user):
        regions = [
            site.region
            for site in PilotSite.objects.filter(programme_id=contest.programme_id)
            .select_related("region")
            .order_by("region__name")
        ]
    return {"regions": regions, "nominations": list(contest.nominations.all())}


def selectable_practices(user: Any, contest: Contest) -> QuerySet[Questionnaire]:
    """Selected practices the user may start an entry for (a handful: two per site and the
    best practices), with the entries they already have in this contest."""
    queryset = Questionnaire.objects.filter(selected_q(contest.programme_id)).distinct()
    if not roles.is_federal(user):
        condition = Q(pk__in=[])
        organisations = roles.organisation_ids(user)
        if organisations:
            # pragma: the first condition joins an empty one, so "=" would read the same as "|=".
            condition |= Q(organisation_id__in=sorted(organisations))  # pragma: no mutate
        regions = roles.region_ids(user)
        if regions:
            condition |= Q(organisation__region_id__in=sorted(regions))
        queryset = queryset.filter(condition)
    return queryset.select_related("organisation__region", "municipality").order_by(
        "organisation__region__name", "title"
    )


def entry_target(programme: Programme) -> int:
    """Checked entries each site needs: the programme's target, the roadmap's if not set."""
    target = Target.objects.filter(
        programme=programme, code=TargetCode.CONTEST_ENTRIES_PER_SITE
    ).first()
    if target is not None:
        return target.value
    return seed_targets()[TargetCode.CONTEST_ENTRIES_PER_SITE]


@dataclass
class SiteReadiness:
    site: PilotSite
    target: int
    checked: int
    submitted: int
    returned: int
    drafts: int
    sent: int
    results: int
    zone_label: str
    local_deadline: Any
    days_left: int
    status: str
    status_text: str

    @property
    def short_by(self) -> int:
        return max(0, self.target - self.checked)


def readiness(user: Any, contest: Contest, now: Any = None) -> list[SiteReadiness]:
    """Every pilot site the user sees against the target of checked entries, with the days
    left in the site's own time: three queries for any number of sites and entries."""
    now = now or timezone.now()
    target = entry_target(contest.programme)
    in_contest = Q(contest_entries__contest=contest)
    sites = PilotSite.objects.filter(programme_id=contest.programme_id)
    if user is not None:  # None: a command run by an administrator sees every site
        sites = roles.filter_by_pilot_site(sites, user, field="pk")
    sites = (
        sites.select_related("region")
        .annotate(
            checked=Count(
                "contest_entries", filter=in_contest & Q(contest_entries__state__in=COUNTED_STATES)
            ),
            submitted=Count(
                "contest_entries",
                filter=in_contest & Q(contest_entries__state=EntryState.SUBMITTED),
            ),
            returned=Count(
                "contest_entries", filter=in_contest & Q(contest_entries__state=EntryState.RETURNED)
            ),
            drafts=Count(
                "contest_entries", filter=in_contest & Q(contest_entries__state=EntryState.DRAFT)
            ),
            sent=Count(
                "contest_entries",
                filter=in_contest
                & Q(contest_entries__state__in=[EntryState.SENT, EntryState.RESULT]),
            ),
            results=Count(
                "contest_entries", filter=in_contest & Q(contest_entries__state=EntryState.RESULT)
            ),
        )
        .order_by("region__name")
    )
    rows = []
    for site in sites:
        deadline = site_deadline(site, contest.deadline, now)
        status, text = readiness_status(
            checked=site.checked,
            target=target,
            days=deadline.days_left,
            warning_days=contest.warning_days,
            passed=deadline.passed,
        )
        rows.append(
            SiteReadiness(
                site=site,
                target=target,
                checked=site.checked,
                submitted=site.submitted,
                returned=site.returned,
                drafts=site.drafts,
                sent=site.sent,
                results=site.results,
                zone_label=deadline.label,
                local_deadline=deadline.local_deadline,
                days_left=deadline.days_left,
                status=status,
                status_text=str(text),
            )
        )
    return rows


def entry_detail(entry: Entry) -> dict[str, Any]:
    """History, remarks and the support log of step 3 beside the entry."""
    history = list(
        EntryHistory.objects.filter(entry=entry).select_related("actor").order_by("created_at")
    )
    comments = list(
        FieldComment.objects.filter(entry=entry).select_related("author", "resolved_by")
    )
    support = list(
        SupportEntry.objects.filter(practice__questionnaire_id=entry.questionnaire_id)
        .select_related("author", "practice__pilot_site__region")
        .order_by("-date", "-pk")
    )
    return {"history": history, "comments": comments, "support": support}


def nominations(contest: Contest) -> QuerySet[Nomination]:
    return contest.nominations.all()


# --- The collection -----------------------------------------------------------------------


def editions_for_editor(programme: Programme) -> QuerySet[Edition]:
    return programme.collection_editions.annotate(chapter_count=Count("chapters")).order_by(
        "-number"
    )


def edition_chapters(edition: Edition) -> QuerySet[Chapter]:
    return (
        edition.chapters.select_related("questionnaire__organisation", "entry__nomination")
        .prefetch_related("photos__asset")
        .order_by("position", "pk")
    )


def collection_candidates(edition: Edition) -> QuerySet[Questionnaire]:
    """Practices the editor may add: contest results (special nomination first) and the
    programme's best practices, minus those already in the edition."""
    from contest.services.collection import candidate_q

    return (
        Questionnaire.objects.filter(candidate_q(edition.programme_id))
        .exclude(collection_chapters__edition=edition)
        .distinct()
        .select_related("organisation__region", "direction")
        .prefetch_related(
            Prefetch(
                "contest_entries",
                queryset=Entry.objects.filter(state=EntryState.RESULT).select_related("nomination"),
                to_attr="results",
            )
        )
        .order_by("organisation__region__name", "title")
    )


def published_editions() -> QuerySet[Edition]:
    return (
        Edition.objects.filter(state=EditionState.PUBLISHED)
        .select_related("programme")
        .order_by("-published_at")
    )


def chapters_awaiting(user: Any) -> QuerySet[Chapter]:
    """Chapters the user's organisations are asked to approve."""
    from contest.models import ChapterState

    organisations = roles.organisation_ids(user)
    return Chapter.objects.filter(
        questionnaire__organisation_id__in=sorted(organisations),
        state=ChapterState.WITH_ORGANISATION,
    ).select_related("edition")


def practice_results(questionnaire_id: int) -> list[Entry]:
    """Contest results of one practice, for its public page."""
    return list(
        Entry.objects.filter(questionnaire_id=questionnaire_id, state=EntryState.RESULT)
        .select_related("contest", "nomination")
        .order_by("-contest__edition")
    )


def report_entries(programme_id: int, site_ids: list[int]) -> list[dict[str, Any]]:
    """The sites' contest entries as plain data for the consolidated report; one query."""
    entries = (
        Entry.objects.filter(contest__programme_id=programme_id, pilot_site_id__in=site_ids)
        .select_related("nomination")
        .order_by("pilot_site_id", "pk")
    )
    return [
        {
            "id": entry.pk,
            "site": entry.pilot_site_id,
            "title": entry.title,
            "nomination": entry.nomination.title,
            "state": str(entry.get_state_display()),
            "result": entry.result_display,
        }
        for entry in entries
    ]

"""Reads for event pages: scoped to the user and prefetched, so lists cost a fixed number of
queries however many events and participants there are."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, BooleanField, Case, Count, F, Q, QuerySet, Value, When

from events.models import (
    CATEGORIES_BY_KIND,
    KIND_STEPS,
    PUBLIC_STATES,
    Event,
    EventKind,
    EventPhoto,
    EventState,
    FeedbackAnswer,
    FeedbackResponse,
    ParticipantCategory,
    ProgrammeFeedback,
    Registration,
    RegistrationStatus,
)
from practices import selectors as practice_selectors
from practices.models import Questionnaire
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.consent import consent_texts
from resursnaya_sreda.kernel.models import ConsentPurpose, PilotSite, RoadmapStep
from resursnaya_sreda.kernel.versions import KeptVersion


def upcoming_public_events(
    *, now: Any, region_id: int | None = None, kind: str = ""
) -> QuerySet[Event]:
    """Announced events that have not ended yet, soonest first."""
    queryset = Event.objects.filter(state=EventState.ANNOUNCED, ends_at__gt=now).select_related(
        "pilot_site__region", "municipality"
    )
    if region_id:
        queryset = queryset.filter(pilot_site__region_id=region_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("starts_at", "pk")


def past_public_events(*, now: Any, limit: int = 12) -> list[Event]:
    states = [s for s in EventState if s not in (EventState.PLANNED,)]
    return list(
        Event.objects.filter(state__in=states, ends_at__lte=now)
        .select_related("pilot_site__region")
        .order_by("-starts_at", "-pk")[:limit]
    )


def seminar_practice_choices(sites: Any) -> QuerySet[Questionnaire]:
    """The practices a seminar of any of these pilot sites may present."""
    if not isinstance(sites, QuerySet):
        sites = PilotSite.objects.filter(pk__in=[site.pk for site in sites])
    return practice_selectors.hostable_practices_for_sites(sites)


def practice_seminars(practice: Questionnaire, user: Any, *, public: bool) -> list[Event]:
    """The seminars presenting a practice: announced ones for everyone, and on staff pages
    also the plans of the events the person manages."""
    shown = Q(state__in=PUBLIC_STATES)
    if not public:
        shown |= Q(pk__in=events_visible_to(user).values("pk"))
    return list(
        Event.objects.filter(shown, practice=practice)
        .select_related("pilot_site__region", "municipality")
        .order_by("starts_at", "pk")
    )


def events_visible_to(user: Any | None) -> QuerySet[Event]:
    """Every event the user manages (federal: all); ``None`` is an administrator's command."""
    if user is None:
        return Event.objects.all()
    return roles.filter_by_pilot_site(Event.objects.all(), user)


def cabinet_counts(user: Any) -> dict[str, int]:
    """Events ahead, reports to prepare or fix, reports to review: one query."""
    return events_visible_to(user).aggregate(
        upcoming=Count("pk", filter=Q(state__in=[EventState.PLANNED, EventState.ANNOUNCED])),
        reports_due=Count("pk", filter=Q(state__in=[EventState.HELD, EventState.REPORT_RETURNED])),
        to_review=Count("pk", filter=Q(state=EventState.REPORT_SUBMITTED)),
    )


def _filtered_events(
    user: Any | None, *, kind: str, state: str = "", pilot_site_id: int | None = None
) -> QuerySet[Event]:
    queryset = events_visible_to(user)
    if state:
        queryset = queryset.filter(state=state)
    if kind:
        queryset = queryset.filter(kind=kind)
    if pilot_site_id:
        queryset = queryset.filter(pilot_site_id=pilot_site_id)
    return queryset


def staff_events(
    user: Any, *, state: str = "", kind: str = "", pilot_site_id: int | None = None
) -> QuerySet[Event]:
    return (
        _filtered_events(user, state=state, kind=kind, pilot_site_id=pilot_site_id)
        .select_related("pilot_site__region", "municipality")
        .order_by("-starts_at", "-pk")
    )


def attach_counts(events: Any) -> list[Event]:
    """Registered, waiting and attended counts for one page of events, in one query.

    Counting after paging keeps the list from aggregating every registration of every event
    only to show twenty-five of them.
    """
    events = list(events)
    counts = {
        row["event_id"]: row
        for row in Registration.objects.filter(event_id__in=[e.pk for e in events])
        .values("event_id")
        .annotate(
            registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
            waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
            attended_count=Count("pk", filter=Q(attended=True)),
        )
        .order_by()
    }
    for event in events:
        row = counts.get(event.pk, {})
        event.registered = row.get("registered", 0)
        event.waiting = row.get("waiting", 0)
        event.attended_count = row.get("attended_count", 0)
        event.below_minimum = event.is_below_minimum(event.attended_count)
    return events


def staff_pilot_sites(user: Any) -> QuerySet[PilotSite]:
    return roles.filter_by_pilot_site(
        PilotSite.objects.select_related("region", "programme"), user, field="pk"
    )


#: The federal overview is kept for this long at most, and dropped sooner when an event is
#: saved or deleted (a new version key, events/apps.py).
OVERVIEW_SECONDS = 600
OVERVIEW = KeptVersion("events:overview-version")
overview_version = OVERVIEW.current
forget_overview = OVERVIEW.forget


def site_table(user: Any) -> list[dict[str, Any]]:
    """Every pilot site the user sees × kind of event: how many events are in which state.

    Counted by the database, so the overview costs two queries however many events there are.
    """
    sites = list(staff_pilot_sites(user).order_by("region__name"))
    counts: dict[tuple[int, str], list[tuple[str, str, int]]] = {}
    labels = dict(EventState.choices)
    rows = (
        # pragma: every event would be counted but only the user's sites are shown.
        events_visible_to(user)  # pragma: no mutate
        .values("pilot_site_id", "kind", "state")
        .annotate(n=Count("pk"))
        .order_by("pilot_site_id", "kind", "state")
    )
    for row in rows:
        counts.setdefault((row["pilot_site_id"], row["kind"]), []).append(
            (row["state"], labels[row["state"]], row["n"])
        )
    return [
        {
            "site": site,
            "cells": [counts.get((site.pk, kind), []) for kind in EventKind.values],
        }
        for site in sites
    ]


def event_for_staff_page(event: Event) -> dict[str, Any]:
    registrations = list(event.registrations.order_by("status", "full_name", "pk"))
    photos = list(EventPhoto.objects.filter(event=event).prefetch_related("people").order_by("pk"))
    attended = [r for r in registrations if r.attended]
    categories = dict.fromkeys(ParticipantCategory.values, 0)
    shown = CATEGORIES_BY_KIND.get(event.kind, tuple(ParticipantCategory))
    for registration in attended or [
        r for r in registrations if r.status == RegistrationStatus.REGISTERED
    ]:
        categories[registration.category] += 1
    return {
        "registrations": registrations,
        "registered": [r for r in registrations if r.status == RegistrationStatus.REGISTERED],
        "waiting": [r for r in registrations if r.status == RegistrationStatus.WAITING],
        "attended_count": len(attended),
        "photos": photos,
        "scans": list(event.scans.order_by("pk")),
        "agenda": list(event.agenda.all()),
        "support": list(event.support.all()),
        "running_order": list(event.running_order.select_related("pilot_site__region")),
        "bridge_sites": list(event.bridge_sites.select_related("pilot_site__region")),
        "feedback": feedback_summary(event),
        "history": list(event.history.select_related("actor").order_by("-created_at", "-pk")),
        "categories": [(category.label, categories[category.value]) for category in shown],
        "consent_texts": consent_texts(
            (purpose, r.consent_version)
            for r in registrations
            for purpose in (ConsentPurpose.EVENT_REGISTRATION, ConsentPurpose.EVENT_PHOTO)
        ),
    }


def event_step(event: Event) -> RoadmapStep | None:
    """The roadmap step whose dates are the event's window."""
    return RoadmapStep.objects.filter(
        programme_id=event.programme_id, number=KIND_STEPS[event.kind]
    ).first()


def events_against_target(
    user: Any | None, *, kind: str, programme_id: int | None = None
) -> QuerySet[Event]:
    """Events of a kind with ``attended_count`` and ``meets_target`` worked out by the database,
    for the federal dashboard: an event counts when its report is accepted and at least its
    minimum came (a report accepted with an acknowledged shortfall does not count).
    Same rule as ``Event.meets_target``; two queries however many events.
    """
    queryset = _filtered_events(user, kind=kind)
    if programme_id:
        queryset = queryset.filter(programme_id=programme_id)
    return queryset.annotate(
        attended_count=Count("registrations", filter=Q(registrations__attended=True)),
    ).annotate(
        meets_target=Case(
            When(
                state=EventState.REPORT_ACCEPTED,
                attended_count__gte=F("min_participants"),
                then=Value(True),
            ),
            default=Value(False),
            # pragma: Value(True) and Value(False) make it a boolean already.
            output_field=BooleanField(),  # pragma: no mutate
        )
    )


def public_photos(event: Event) -> list[EventPhoto]:
    """Only photos where nobody marked on them refused to be photographed."""
    return list(event.photos.filter(has_non_consenting=False).order_by("pk"))


def registrations_for_photo_form(event: Event) -> QuerySet[Registration]:
    return event.registrations.order_by("full_name", "pk")


def feedback_summary(event: Event) -> dict[str, Any]:
    """Response rate among attendees, the average of each rating, and the free-text comments."""
    attended = event.registrations.filter(attended=True).count()
    answers = list(
        FeedbackAnswer.objects.filter(response__event=event)
        .select_related("question")
        .order_by("question__position", "pk")
    )
    responses = FeedbackResponse.objects.filter(event=event).count()
    ratings: dict[int, list[int]] = {}
    questions: dict[int, Any] = {}
    comments: list[tuple[str, str]] = []
    for answer in answers:
        questions[answer.question_id] = answer.question
        if answer.rating is not None:
            ratings.setdefault(answer.question_id, []).append(answer.rating)
        if answer.text:
            comments.append((answer.question.text, answer.text))
    return {
        "attended": attended,
        "responses": responses,
        "rate": round(100 * responses / attended) if attended else 0,
        "averages": [
            (questions[qid].text, round(sum(values) / len(values), 2), len(values))
            for qid, values in ratings.items()
        ],
        "comments": comments,
    }


def programme_feedback_for(user: Any) -> list[Any]:
    return list(
        roles.filter_by_pilot_site(
            ProgrammeFeedback.objects.select_related("pilot_site__region", "submitted_by"), user
        )
    )


# --- Documents: the registration sheet and the registers --------------------------------------


def event_for_sheet(pk: int) -> Event:
    return Event.objects.select_related(
        "pilot_site__region", "municipality", "host_organisation"
    ).get(pk=pk)


def sheet_registrations(event: Event) -> list[Registration]:
    """Those with a seat, by name: the filled rows of the registration sheet."""
    return list(
        event.registrations.filter(status=RegistrationStatus.REGISTERED).order_by("full_name", "pk")
    )


def events_register(user: Any | None, *, kind: str = "", state: str = "") -> QuerySet[Event]:
    """One row per event with its counts, by region and date, for the XLSX register."""
    return (
        _filtered_events(user, kind=kind, state=state)
        .select_related("pilot_site__region", "municipality")
        # Registrations and photos are joined together: each count is of distinct rows, or an
        # event's people would be counted once per photo.
        .annotate(
            registered=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.REGISTERED),
                distinct=True,
            ),
            attended_count=Count(
                "registrations", filter=Q(registrations__attended=True), distinct=True
            ),
            photo_count=Count("photos", distinct=True),
        )
        .order_by("pilot_site__region__name", "starts_at", "pk")
    )


def participants_register(
    user: Any | None, *, kind: str = "", state: str = ""
) -> QuerySet[Registration]:
    """Personal data of every participant of the events the user manages, event by event."""
    events = _filtered_events(user, kind=kind, state=state)
    return (
        Registration.objects.filter(event__in=events.values("pk"))
        .select_related("event__pilot_site__region")
        .order_by("event_id", "pk")
    )


# --- The federal dashboard's charts ---------------------------------------------------------


def attendance_by_category(programme_id: int, site_ids: list[int]) -> dict[tuple[str, str], int]:
    """``{(kind, category): people marked present}`` at the sites' events; one query."""
    rows = (
        Registration.objects.filter(
            attended=True, event__programme_id=programme_id, event__pilot_site_id__in=site_ids
        )
        .values("event__kind", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["event__kind"], row["category"]): row["n"] for row in rows}


def registrations_per_event(
    programme_id: int, site_ids: list[int], *, limit: int = 15
) -> list[Event]:
    """The sites' latest seminars and round tables with how many registered and came; two
    queries."""
    events = list(
        Event.objects.filter(
            programme_id=programme_id,
            pilot_site_id__in=site_ids,
            kind__in=[EventKind.SEMINAR, EventKind.ROUND_TABLE],
        )
        .exclude(state=EventState.PLANNED)
        .select_related("pilot_site__region")
        .order_by("-date", "-pk")[:limit]
    )
    return attach_counts(events)


def report_events(
    programme_id: int, site_ids: list[int], starts_on: Any, ends_on: Any
) -> list[dict[str, Any]]:
    """The sites' seminars and round tables of a period with attendance and the feedback
    summary, as plain data for the consolidated report; three queries."""
    events = list(
        Event.objects.filter(
            programme_id=programme_id,
            pilot_site_id__in=site_ids,
            kind__in=[EventKind.SEMINAR, EventKind.ROUND_TABLE],
            date__gte=starts_on,
            date__lte=ends_on,
        )
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            ),
            attended_count=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .order_by("pilot_site_id", "date", "pk")
    )
    ids = [event.pk for event in events]
    responses = dict(
        FeedbackResponse.objects.filter(event_id__in=ids)
        .values("event_id")
        .annotate(n=Count("pk"))
        .values_list("event_id", "n")
        .order_by()
    )
    # pragma: other events' ratings are never looked up, and Avg skips answers without one.
    rated = FeedbackAnswer.objects.filter(
        response__event_id__in=ids,  # pragma: no mutate
        rating__isnull=False,  # pragma: no mutate
    )
    ratings = {
        row["response__event_id"]: row["avg"]
        for row in rated.values("response__event_id").annotate(avg=Avg("rating")).order_by()
    }
    return [
        {
            "id": event.pk,
            "site": event.pilot_site_id,
            "kind": str(event.get_kind_display()),
            "title": event.title,
            "heading": event.heading,
            "date": event.date.isoformat(),
            "state": str(event.get_state_display()),
            "registered": event.registered,
            "attended": event.attended_count,
            "minimum": event.min_participants,
            "counted": event.meets_target(event.attended_count),
            "responses": responses.get(event.pk, 0),
            "rating": round(float(ratings[event.pk]), 2) if ratings.get(event.pk) else None,
        }
        for event in events
    ]


def report_photos(
    programme_id: int, site_ids: list[int], starts_on: Any, ends_on: Any, *, per_site: int = 2
) -> list[EventPhoto]:
    """A few photos per site from the period's events with accepted reports, only those where
    everyone marked consented to photos (as on the public pages); one query."""
    photos = (
        EventPhoto.objects.filter(
            event__programme_id=programme_id,
            event__pilot_site_id__in=site_ids,
            event__date__gte=starts_on,
            event__date__lte=ends_on,
            event__state=EventState.REPORT_ACCEPTED,
            has_non_consenting=False,
        )
        .select_related("event")
        .order_by("event__pilot_site_id", "event__date", "pk")
    )
    chosen: list[EventPhoto] = []
    counts: dict[int, int] = {}
    for photo in photos:
        site = photo.event.pilot_site_id
        if counts.get(site, 0) < per_site:
            counts[site] = counts.get(site, 0) + 1
            chosen.append(photo)
    return chosen

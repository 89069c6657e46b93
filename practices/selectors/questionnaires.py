"""Reads: questionnaire lists already scoped to the user and prefetched for their page."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.db import connection, models
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Prefetch, QuerySet, Value
from django.http import Http404

from practices import permissions as policy
from practices.models import (
    Attachment,
    AttachmentKind,
    Direction,
    ExtraAnswer,
    ExtraQuestion,
    Questionnaire,
    QuestionnaireHistory,
    StaffComment,
)
from practices.sections import EDITABLE_FIELDS
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.models import Region
from resursnaya_sreda.kernel.versions import KeptVersion

MAX_SEARCH_WORDS = 8
# Long answers are not shown in lists; leave them in the database.
LONG_ANSWERS = tuple(
    name
    for name in EDITABLE_FIELDS
    if isinstance(Questionnaire._meta.get_field(name), models.TextField)
)


class SearchMatch(Func):
    """``search_vector @@ websearch_to_tsquery('russian', text)`` on the column that migration
    0004 adds on PostgreSQL (stored, GIN-indexed; the model does not declare it)."""

    template = (
        "%(table)s.\"search_vector\" @@ websearch_to_tsquery('russian'::regconfig, %(expressions)s)"
    )
    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        extra["table"] = connection.ops.quote_name(Questionnaire._meta.db_table)
        return super().as_sql(compiler, connection, **extra)


def apply_search(queryset: QuerySet[Questionnaire], text: str) -> QuerySet[Questionnaire]:
    """Full-text search on PostgreSQL (stemmed, indexed); every word as a substring elsewhere."""
    text = " ".join((text or "").split())[:200]
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.alias(search_match=SearchMatch(Value(text))).filter(search_match=True)
    for word in text.lower().split()[:MAX_SEARCH_WORDS]:
        queryset = queryset.filter(search_document__contains=word.strip('"-'))
    return queryset


#: The programme's own long texts: a list of 25 questionnaires would read them 25 times.
PROGRAMME_TEXTS = tuple(
    f"programme__{name}" for name in ("summary", "goals", "tasks", "conditions", "contacts")
)


def _list_related(queryset: QuerySet[Questionnaire]) -> QuerySet[Questionnaire]:
    return queryset.select_related(
        "organisation__region", "municipality", "direction", "programme"
    ).defer(*LONG_ANSWERS, *PROGRAMME_TEXTS, "search_document", "return_message")


def staff_questionnaires(
    user: Any,
    *,
    state: str = "",
    municipality_id: int | None = None,
    direction_id: int | None = None,
    region_id: int | None = None,
    search: str = "",
    programme_id: int | None = None,
) -> QuerySet[Questionnaire]:
    """Submitted questionnaires of the user's regions (all regions for federal coordinators)."""
    scope = policy.staff_scope_q(user)
    if scope is None:
        return Questionnaire.objects.none()
    queryset = Questionnaire.objects.filter(scope)
    if programme_id:
        queryset = queryset.filter(programme_id=programme_id)
    if state:
        queryset = queryset.filter(state=state)
    if municipality_id:
        queryset = queryset.filter(municipality_id=municipality_id)
    if direction_id:
        queryset = queryset.filter(direction_id=direction_id)
    if region_id:
        queryset = queryset.filter(organisation__region_id=region_id)
    queryset = apply_search(queryset, search)
    # Never-submitted rows (none are visible to staff) sort last, so the newest page is read
    # from the front of an index (migration 0009 on PostgreSQL), not after every draft.
    return _list_related(queryset).order_by(F("submitted_at").desc(nulls_last=True), "-pk")


def applicant_questionnaires(user: Any) -> QuerySet[Questionnaire]:
    scope = policy.applicant_scope_q(user)
    if scope is None:
        return Questionnaire.objects.none()
    return _list_related(Questionnaire.objects.filter(scope)).order_by("-updated_at", "-pk")


def _photos() -> Prefetch:
    """A practice's photos, in the order they were added, as ``practice.photos``."""
    return Prefetch(
        "attachments",
        queryset=Attachment.objects.filter(kind=AttachmentKind.PHOTO).order_by("uploaded_at", "pk"),
        to_attr="photos",
    )


def published_practices(
    *, search: str = "", region_id: int | None = None, direction_id: int | None = None
) -> QuerySet[Questionnaire]:
    """The public catalogue: published practices only, one cover photo each."""
    queryset = Questionnaire.objects.filter(published_at__isnull=False)
    if region_id:
        queryset = queryset.filter(organisation__region_id=region_id)
    if direction_id:
        queryset = queryset.filter(direction_id=direction_id)
    queryset = apply_search(queryset, search)
    return (
        _list_related(queryset)
        .defer("contact_name", "contact_position", "contact_phone", "contact_email")
        .prefetch_related(_photos())
        .order_by("-published_at", "-pk")
    )


def published_practice(pk: int) -> Questionnaire:
    """One published practice for its public page; anything unpublished is 404."""
    queryset = (
        Questionnaire.objects.filter(published_at__isnull=False)
        .select_related(
            "organisation__region",
            "organisation__municipality",
            "municipality",
            "direction",
            "programme",
        )
        .prefetch_related(_photos())
    )
    try:
        return queryset.get(pk=pk)
    except Questionnaire.DoesNotExist as exc:
        raise Http404 from exc


def questionnaire_detail_context(questionnaire: Questionnaire, *, staff: bool) -> dict[str, Any]:
    """Everything the detail page and the PDF show, in a fixed number of queries."""
    questions = list(
        ExtraQuestion.objects.filter(programme_id=questionnaire.programme_id, is_active=True)
    )
    answers = {a.question_id: a for a in ExtraAnswer.objects.filter(questionnaire=questionnaire)}
    attachments = list(questionnaire.attachments.all())
    history = list(
        QuestionnaireHistory.objects.filter(questionnaire=questionnaire).select_related("actor")
    )
    context: dict[str, Any] = {
        "extra": [(question, answers.get(question.pk)) for question in questions],
        "photos": [a for a in attachments if a.is_photo],
        "documents": [a for a in attachments if not a.is_photo],
        "history": history,
    }
    if staff:
        context["comments"] = list(
            StaffComment.objects.filter(questionnaire=questionnaire).select_related("author")
        )
    return context


#: The catalogue's region filter, kept for a while and dropped when a practice is published or
#: withdrawn (services.questionnaires), so the public list does not look it up per request.
CATALOGUE_REGIONS_KEY = "practices:catalogue-regions"
CATALOGUE_REGIONS_SECONDS = 600


def catalogue_regions() -> list[Region]:
    """Regions with a published practice, by name."""
    regions = cache.get(CATALOGUE_REGIONS_KEY)
    if regions is None:
        # A semi-join per region on the published index, not DISTINCT over every practice.
        published = Questionnaire.objects.filter(
            published_at__isnull=False, organisation__region_id=OuterRef("pk")
        )
        regions = list(Region.objects.filter(Exists(published)).order_by("name"))
        cache.set(CATALOGUE_REGIONS_KEY, regions, CATALOGUE_REGIONS_SECONDS)
    return regions


def forget_catalogue_regions() -> None:
    cache.delete(CATALOGUE_REGIONS_KEY)


#: How many practices a catalogue search finds, kept per search and filter under a version
#: that any saved or deleted questionnaire changes (after commit, practices/apps.py): counting
#: a broad word reads every published practice's text, which the page of twelve does not.
CATALOGUE = KeptVersion("practices:catalogue-version")
forget_catalogue = CATALOGUE.forget


def catalogue_count(queryset: QuerySet[Questionnaire], filters: dict[str, Any]) -> int:
    """``queryset.count()`` of a catalogue search, kept until a questionnaire changes."""
    version = CATALOGUE.current()
    # pragma: codec names ignore case, and any length of the digest tells searches apart.
    facts = repr(sorted(filters.items())).encode("utf-8")  # pragma: no mutate
    digest = hashlib.sha256(facts).hexdigest()[:32]  # pragma: no mutate
    key = f"practices:catalogue-count:{version}:{digest}"
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        # pragma: how long a count no version reaches stays in the cache; no page shows it.
        cache.set(key, count, CATALOGUE_REGIONS_SECONDS)  # pragma: no mutate
    return count


def filter_options(user: Any | None) -> dict[str, Any]:
    """Choices for the list filters; municipalities only of the regions the user works in."""
    directions = list(Direction.objects.all())
    if user is None:
        return {"directions": directions, "regions": catalogue_regions()}
    # Municipalities are searched as one types (forms.StaffFilterForm), not listed here.
    regions = (
        list(Region.objects.filter(pilot_sites__isnull=False).distinct())
        if roles.is_federal(user)
        else []
    )
    return {"directions": directions, "regions": regions}

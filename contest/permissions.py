"""Who may see and do what in the contest and the collection. Every view and selector asks here.

Applicants see the entries of the organisations they represent; regional staff the entries of
their pilot sites' regions; federal coordinators every entry. Anything else is a 404, so an id
from another region confirms nothing. Sending to the organiser and recording results are the
federal centre's; the collection is edited by federal coordinators and approved chapter by
chapter by the organisation it describes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from contest.models import (
    EDITABLE_STATES,
    Chapter,
    ChapterPhoto,
    ChapterState,
    Edition,
    EditionAsset,
    Entry,
    EntryAttachment,
    EntryState,
    FieldComment,
    Package,
)
from resursnaya_sreda.accounts import permissions as roles


def entry_scope_q(user: Any) -> Q | None:
    """Entries the user may open, as a filter; None when none at all."""
    if roles.is_federal(user):
        return Q()
    conditions = []
    regions = roles.region_ids(user)
    if regions:
        conditions.append(Q(region_id__in=sorted(regions)))
    organisations = roles.organisation_ids(user)
    if organisations:
        conditions.append(Q(organisation_id__in=sorted(organisations)))
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def visible_entries(user: Any, queryset: QuerySet[Entry] | None = None) -> QuerySet[Entry]:
    queryset = Entry.objects.all() if queryset is None else queryset
    condition = entry_scope_q(user)
    return queryset.none() if condition is None else queryset.filter(condition)


def represents(user: Any, entry: Entry) -> bool:
    return entry.organisation_id in roles.organisation_ids(user)


def is_staff_for(user: Any, entry: Entry) -> bool:
    """Federal, or regional staff of the entry's region."""
    return roles.is_federal(user) or entry.region_id in roles.region_ids(user)


def can_view_entry(user: Any, entry: Entry) -> bool:
    return represents(user, entry) or is_staff_for(user, entry)


def can_start_entry_for(user: Any, questionnaire: Any) -> bool:
    """The organisation's representatives and the staff of its region start entries."""
    organisation = questionnaire.organisation
    return (
        roles.is_federal(user)
        or organisation.pk in roles.organisation_ids(user)
        or organisation.region_id in roles.region_ids(user)
    )


def can_start_entries(user: Any) -> bool:
    return bool(roles.is_federal(user) or roles.region_ids(user) or roles.organisation_ids(user))


def can_edit_entry(user: Any, entry: Entry) -> bool:
    """The applicant fills it in; the regional centre may help. Only a draft or a returned
    entry: once submitted it waits for the check."""
    return entry.state in EDITABLE_STATES and (
        represents(user, entry) or entry.region_id in roles.region_ids(user)
    )


def can_submit_entry(user: Any, entry: Entry) -> bool:
    return can_edit_entry(user, entry)


def can_check_entry(user: Any, entry: Entry) -> bool:
    """The regional centre of the entry's region (or the federal centre) checks it."""
    return is_staff_for(user, entry) and entry.state == EntryState.SUBMITTED


def can_return_entry(user: Any, entry: Entry) -> bool:
    return is_staff_for(user, entry) and entry.state in (EntryState.SUBMITTED, EntryState.CHECKED)


def can_send_entry(user: Any, entry: Entry) -> bool:
    """Only the federal centre sends to the organiser, and only a checked entry."""
    return roles.is_federal(user) and entry.state == EntryState.CHECKED


def can_record_result(user: Any, entry: Entry) -> bool:
    return roles.is_federal(user) and entry.state in (EntryState.SENT, EntryState.RESULT)


def can_see_readiness(user: Any) -> bool:
    return roles.is_staff_member(user)


def can_request_package(user: Any, *, entry: Entry | None = None, site: Any = None) -> bool:
    if roles.is_federal(user):
        return True
    if entry is not None:
        return entry.region_id in roles.region_ids(user)
    return site is not None and site.pk in roles.pilot_site_ids(user)


# --- The collection -------------------------------------------------------------------------


def can_edit_collection(user: Any) -> bool:
    """Federal coordinators are the collection's editors."""
    return roles.is_federal(user)


def can_approve_chapter(user: Any, chapter: Chapter) -> bool:
    """A representative of the organisation the chapter describes, while it is with them."""
    return (
        chapter.state == ChapterState.WITH_ORGANISATION
        and chapter.questionnaire.organisation_id in roles.organisation_ids(user)
    )


def can_view_chapter_draft(user: Any, chapter: Chapter) -> bool:
    return can_edit_collection(user) or (
        chapter.questionnaire.organisation_id in roles.organisation_ids(user)
        and chapter.state != ChapterState.DRAFT
    )


# --- Fetching for views ---------------------------------------------------------------------


def get_entry_for_user(user: Any, pk: int) -> Entry:
    """The entry if the user may see it, else 404 (never confirm another region's id)."""
    condition = entry_scope_q(user)
    if condition is None:
        raise Http404
    entry = (
        Entry.objects.filter(condition)
        .select_related(
            "contest__programme",
            "nomination",
            "questionnaire__organisation",
            "organisation__region",
            "region",
            "pilot_site__region",
            "municipality",
            "direction",
            "pilot_practice",
        )
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def get_editable_entry_for_user(user: Any, pk: int) -> Entry:
    entry = get_entry_for_user(user, pk)
    if not can_edit_entry(user, entry):
        raise PermissionDenied
    return entry


def get_staff_entry_for_user(user: Any, pk: int) -> Entry:
    entry = get_entry_for_user(user, pk)
    if not is_staff_for(user, entry):
        raise PermissionDenied
    return entry


def get_attachment_for_user(user: Any, pk: int) -> EntryAttachment:
    attachment = EntryAttachment.objects.select_related("entry").filter(pk=pk).first()
    if attachment is None or not can_view_entry(user, attachment.entry):
        raise Http404
    return attachment


def get_diploma_for_user(user: Any, pk: int) -> Entry:
    entry = get_entry_for_user(user, pk)
    if not entry.diploma:
        raise Http404
    return entry


def get_package_for_user(user: Any, pk: int) -> Package:
    package = Package.objects.select_related("entry", "pilot_site").filter(pk=pk).first()
    if package is None or not can_request_package(
        user, entry=package.entry, site=package.pilot_site
    ):
        raise Http404
    return package


def get_comment_for_staff(user: Any, pk: int) -> FieldComment:
    comment = FieldComment.objects.select_related("entry").filter(pk=pk).first()
    if comment is None or not is_staff_for(user, comment.entry):
        raise Http404
    return comment


def get_edition_for_editor(user: Any, pk: int) -> Edition:
    if not can_edit_collection(user):
        raise Http404
    edition = Edition.objects.select_related("programme").filter(pk=pk).first()
    if edition is None:
        raise Http404
    return edition


def get_chapter_for_user(user: Any, pk: int) -> Chapter:
    chapter = (
        Chapter.objects.select_related("edition__programme", "questionnaire__organisation", "entry")
        .filter(pk=pk)
        .first()
    )
    if chapter is None or not can_view_chapter_draft(user, chapter):
        raise Http404
    return chapter


def get_asset_for_user(user: Any, pk: int) -> EditionAsset:
    """Images of a published edition are public; drafts are for the editor and the
    organisations whose chapters use them."""
    asset = EditionAsset.objects.select_related("edition").filter(pk=pk).first()
    if asset is None:
        raise Http404
    if asset.edition.is_published or can_edit_collection(user):
        return asset
    organisations = roles.organisation_ids(user)
    if (
        organisations
        and ChapterPhoto.objects.filter(
            asset=asset, chapter__questionnaire__organisation_id__in=sorted(organisations)
        ).exists()
    ):
        return asset
    raise Http404


def get_published_edition_pdf(user: Any, pk: int) -> Edition:
    edition = Edition.objects.filter(pk=pk).first()
    if (
        edition is None
        or not edition.pdf
        or not (edition.is_published or can_edit_collection(user))
    ):
        raise Http404
    return edition

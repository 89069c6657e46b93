"""Role helpers every app's ``permissions.py`` builds on.

A person's memberships are read once per request object and cached on the user, so a page that
asks many questions about roles costs one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.http import Http404

from resursnaya_sreda.accounts.models import Invitation, Membership, Role

if TYPE_CHECKING:
    from resursnaya_sreda.kernel.models import Organisation, PilotSite

_CACHE_ATTR = "_portal_memberships"


def memberships(user: Any) -> list[Membership]:
    """The user's memberships with their pilot sites and organisations; [] for anonymous."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).select_related(
                "pilot_site__region", "pilot_site__programme", "organisation"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: Any) -> None:
    """Drop the cached memberships after a role was granted or removed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles(user: Any) -> set[str]:
    found = {m.role for m in memberships(user)}
    if getattr(user, "is_superuser", False) and user.is_active:
        found.add(Role.FEDERAL)
    return found


def has_role(user: Any, role: str) -> bool:
    return role in roles(user)


def is_federal(user: Any) -> bool:
    """Federal coordinators (and superusers) may do everything in every region."""
    return has_role(user, Role.FEDERAL)


def is_regional(user: Any) -> bool:
    return has_role(user, Role.REGIONAL)


def is_expert(user: Any) -> bool:
    return has_role(user, Role.EXPERT)


def is_applicant(user: Any) -> bool:
    return has_role(user, Role.APPLICANT)


def is_staff_member(user: Any) -> bool:
    """Federal or regional staff: the people who run the programme."""
    return is_federal(user) or is_regional(user)


def pilot_sites(user: Any) -> list[PilotSite]:
    """Pilot sites whose regional staff the user is."""
    return [m.pilot_site for m in memberships(user) if m.role == Role.REGIONAL and m.pilot_site]


def pilot_site_ids(user: Any) -> set[int]:
    return {site.pk for site in pilot_sites(user)}


def region_ids(user: Any) -> set[int]:
    """Regions the user works in as regional staff (in any programme)."""
    return {site.region_id for site in pilot_sites(user)}


def organisation_ids(user: Any, role: str = Role.APPLICANT) -> set[int]:
    """Organisations the user represents (applicant) or works for (expert)."""
    return {m.organisation_id for m in memberships(user) if m.role == role and m.organisation_id}


def can_manage_pilot_site(user: Any, site: PilotSite) -> bool:
    """Federal coordinators manage every pilot site; regional staff only their own."""
    return is_federal(user) or site.pk in pilot_site_ids(user)


def can_see_region(user: Any, region_id: int) -> bool:
    """Staff work with a region's non-public records only if it is theirs (or they are federal)."""
    return is_federal(user) or region_id in region_ids(user)


def filter_by_region(queryset: Any, user: Any, field: str = "region") -> Any:
    """Scope a queryset of region-bound records to what the user's staff roles allow."""
    if is_federal(user):
        return queryset
    ids: Iterable[int] = region_ids(user)
    if not ids:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": list(ids)})


def filter_by_pilot_site(queryset: Any, user: Any, field: str = "pilot_site") -> Any:
    """Scope a queryset of pilot-site records: all for federal staff, own sites for regional."""
    if is_federal(user):
        return queryset
    ids = pilot_site_ids(user)
    if not ids:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": list(ids)})


# --- Invitations --------------------------------------------------------------------------


def can_invite(user: Any) -> bool:
    """Only federal coordinators bring regional staff and experts onto the portal."""
    return is_federal(user)


def can_manage_invitation(user: Any, invitation: Invitation) -> bool:
    """Federal coordinators resend and cancel any invitation (they share the work)."""
    return is_federal(user)


def get_invitation_for_user(user: Any, pk: int) -> Invitation:
    """The invitation, or 404 for anyone who may not manage invitations."""
    if not can_invite(user):
        raise Http404
    try:
        return Invitation.objects.select_related("pilot_site__region").get(pk=pk)
    except Invitation.DoesNotExist as exc:
        raise Http404 from exc


# --- The applicant's own organisations ------------------------------------------------------


def can_create_organisation(user: Any) -> bool:
    """Applicants register the organisations they represent."""
    return is_applicant(user)


def can_change_organisation(user: Any, organisation: Organisation) -> bool:
    """An applicant edits the organisations they represent, and only those."""
    return organisation.pk in organisation_ids(user)


def get_organisation_for_user(user: Any, pk: int) -> Organisation:
    """One of the user's own organisations; any other one is a 404 (its existence is private)."""
    from resursnaya_sreda.kernel.models import Organisation

    if pk not in organisation_ids(user):
        raise Http404
    try:
        return Organisation.objects.select_related("region", "municipality").get(pk=pk)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc

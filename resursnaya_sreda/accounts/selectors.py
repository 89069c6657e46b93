"""Reads about people, already scoped to the user and prefetched for the page that shows them."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from resursnaya_sreda.accounts import permissions, tokens
from resursnaya_sreda.accounts.models import Invitation, InvitationState, InvitationStatus
from resursnaya_sreda.kernel.models import Organisation, PilotSite, RoadmapStep


def invitation_list(*, user: Any, state: str | None = None) -> QuerySet[Invitation]:
    """Invitations for the coordinators' page, newest first; ``state`` as in InvitationState."""
    if not permissions.can_invite(user):
        return Invitation.objects.none()
    queryset = Invitation.objects.select_related(
        "pilot_site__region", "pilot_site__programme", "invited_by", "accepted_user"
    )
    cutoff = timezone.now() - datetime.timedelta(days=settings.ACCOUNT_LINK_DAYS)
    if state == InvitationState.PENDING:
        queryset = queryset.filter(status=InvitationStatus.PENDING, sent_at__gt=cutoff)
    elif state == InvitationState.EXPIRED:
        queryset = queryset.filter(status=InvitationStatus.PENDING, sent_at__lte=cutoff)
    elif state in (InvitationState.ACCEPTED, InvitationState.CANCELLED):
        queryset = queryset.filter(status=state)
    return queryset.order_by("-sent_at", "-pk")


def invitation_pending_count() -> int:
    cutoff = timezone.now() - datetime.timedelta(days=settings.ACCOUNT_LINK_DAYS)
    return Invitation.objects.filter(status=InvitationStatus.PENDING, sent_at__gt=cutoff).count()


def invitation_by_token(token: str) -> Invitation:
    """The invitation a link belongs to, if the link may still be used.

    Raises ``tokens.LinkInvalid``, ``LinkUsed``, ``LinkCancelled`` or ``LinkExpired`` so the page
    can say exactly what happened.
    """
    invitation = (
        Invitation.objects.select_related("pilot_site__region", "pilot_site__programme")
        .filter(token_hash=tokens.hash_token(token))
        .first()
    )
    if invitation is None:
        raise tokens.LinkInvalid
    if invitation.status == InvitationStatus.ACCEPTED:
        raise tokens.LinkUsed
    if invitation.status == InvitationStatus.CANCELLED:
        raise tokens.LinkCancelled
    if invitation.is_expired():
        raise tokens.LinkExpired
    return invitation


def pilot_sites_for_invitation() -> QuerySet[PilotSite]:
    """Pilot sites a coordinator can invite staff to: the current programme's first."""
    return PilotSite.objects.select_related("region", "programme", "centre").order_by(
        "-programme__is_current", "-programme__year", "region__name"
    )


def organisation_list_for_user(user: Any) -> QuerySet[Organisation]:
    """The organisations the user represents as an applicant."""
    ids = permissions.organisation_ids(user)
    return (
        Organisation.objects.filter(pk__in=ids)
        .select_related("region", "municipality")
        .order_by("name")
    )


def pilot_sites_for_user(user: Any) -> QuerySet[PilotSite]:
    """The user's own pilot sites with region, centre and programme, for the cabinet."""
    return (
        PilotSite.objects.filter(pk__in=permissions.pilot_site_ids(user))
        .select_related("region", "centre", "programme")
        .order_by("-programme__year", "region__name")
    )


def current_step(number: int) -> RoadmapStep | None:
    """Step ``number`` of the current programme (for its dates), or None when not set up."""
    return (
        RoadmapStep.objects.filter(programme__is_current=True, number=number)
        .select_related("programme")
        .first()
    )

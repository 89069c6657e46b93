"""Writes about people: registration, confirmation, profile, roles, invitations, organisations.

Every function takes users and objects (never a request) so views, the admin, commands and tests
call the same code. Letters leave through ``kernel.mail.send_email`` after the commit.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from resursnaya_sreda.accounts import permissions, tokens
from resursnaya_sreda.accounts.models import (
    Invitation,
    InvitationStatus,
    Membership,
    Role,
    User,
)
from resursnaya_sreda.kernel.consent import ACCOUNT_CONSENT_VERSION
from resursnaya_sreda.kernel.mail import send_email
from resursnaya_sreda.kernel.models import Organisation, PilotSite


def absolute_url(path: str) -> str:
    """Letters are composed outside a request, so links are built on SITE_URL."""
    return f"{settings.SITE_URL}{path}"


# --- Registration and confirmation ----------------------------------------------------------


def confirmation_link(user: User) -> str:
    token = tokens.make_confirmation_token(user_id=user.pk, email=user.email)
    return absolute_url(reverse("accounts:confirm-email", args=[token]))


def confirmation_send(*, user: User) -> None:
    """Send (again) the letter with the link that confirms the address and opens the account."""
    send_email(
        to=user.email,
        subject=_("Подтвердите адрес электронной почты — «Ресурсная среда»"),
        template="accounts/email/confirm_email.txt",
        context={
            "user": user,
            "link": confirmation_link(user),
            "days": settings.ACCOUNT_LINK_DAYS,
        },
    )


def registration_existing_notify(*, user: User) -> None:
    """Someone registered with the address of an existing account: tell its owner.

    The registration page answers exactly as for a new address, so it does not reveal which
    addresses have accounts; the owner learns how to log in or reset the password, and an
    unconfirmed owner gets a fresh confirmation link.
    """
    if user.email_confirmed_at is None and not user.is_active:
        confirmation_send(user=user)
        return
    send_email(
        to=user.email,
        subject=_("У вас уже есть учётная запись — «Ресурсная среда»"),
        template="accounts/email/already_registered.txt",
        context={
            "user": user,
            "login_link": absolute_url(reverse("accounts:login")),
            "reset_link": absolute_url(reverse("accounts:password-reset")),
        },
    )


@transaction.atomic
def user_register(
    *,
    email: str,
    full_name: str,
    password: str,
    phone: str = "",
    position: str = "",
) -> User:
    """Create an applicant's account, closed until the address is confirmed by the link."""
    user = User(
        email=email,
        full_name=full_name.strip(),
        phone=phone.strip(),
        position=position.strip(),
        is_active=False,
        consent_given_at=timezone.now(),
        consent_version=ACCOUNT_CONSENT_VERSION,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    membership_grant(user=user, role=Role.APPLICANT)
    confirmation_send(user=user)
    return user


@transaction.atomic
def email_confirm(*, token: str) -> User:
    """Open the account named by a confirmation link.

    Raises ``tokens.LinkInvalid``, ``tokens.LinkExpired`` or ``tokens.LinkUsed``.
    """
    claim = tokens.read_confirmation_token(token)
    user = User.objects.select_for_update().filter(pk=claim.user_id).first()
    if user is None or user.email != claim.email:
        raise tokens.LinkInvalid
    if user.email_confirmed_at is not None:
        raise tokens.LinkUsed
    user.email_confirmed_at = timezone.now()
    user.is_active = True
    user.save(update_fields=["email_confirmed_at", "is_active"])
    return user


def user_awaiting_confirmation(email: str) -> User | None:
    """The not yet confirmed account with this address, if any."""
    return User.objects.filter(
        email__iexact=email.strip(), is_active=False, email_confirmed_at__isnull=True
    ).first()


# --- Profile ----------------------------------------------------------------------------------


@transaction.atomic
def profile_update(*, user: User, full_name: str, phone: str = "", position: str = "") -> User:
    user.full_name = full_name.strip()
    user.phone = phone.strip()
    user.position = position.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "phone", "position"])
    return user


# --- Roles --------------------------------------------------------------------------------------


@transaction.atomic
def membership_grant(
    *,
    user: User,
    role: str,
    pilot_site: PilotSite | None = None,
    organisation: Organisation | None = None,
) -> tuple[Membership, bool]:
    """Give ``user`` a role; returns the membership and whether it is new.

    Granting a role the person already has is not an error: the existing membership comes back.
    """
    lookup: dict[str, Any] = {"user": user, "role": role}
    if role == Role.REGIONAL:
        lookup["pilot_site"] = pilot_site
    elif role == Role.APPLICANT:
        lookup["organisation"] = organisation
    existing = Membership.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    membership = Membership(
        user=user,
        role=role,
        pilot_site=pilot_site if role == Role.REGIONAL else None,
        organisation=organisation,
    )
    membership.full_clean()
    membership.save()
    permissions.forget_memberships(user)
    return membership, True


# --- Invitations --------------------------------------------------------------------------------


class InvitationResult(enum.Enum):
    SENT = "sent"
    RESENT = "resent"
    ROLE_ADDED = "role_added"
    ALREADY_HAS_ROLE = "already_has_role"


@dataclass(frozen=True)
class InvitationOutcome:
    result: InvitationResult
    invitation: Invitation | None
    user: User | None = None


def _invitation_link(token: str) -> str:
    return absolute_url(reverse("accounts:invitation-accept", args=[token]))


def _send_invitation_letter(invitation: Invitation, token: str) -> None:
    send_email(
        to=invitation.email,
        subject=_("Приглашение на портал «Ресурсная среда»"),
        template="accounts/email/invitation.txt",
        context={
            "invitation": invitation,
            "link": _invitation_link(token),
            "days": settings.ACCOUNT_LINK_DAYS,
        },
    )


def _send_role_added_letter(*, user: User, membership: Membership, by: User | None) -> None:
    send_email(
        to=user.email,
        subject=_("Вам добавлена роль на портале «Ресурсная среда»"),
        template="accounts/email/role_added.txt",
        context={
            "user": user,
            "membership": membership,
            "by": by,
            "cabinet_link": absolute_url(reverse("accounts:cabinet")),
        },
    )


@transaction.atomic
def invitation_create(
    *,
    invited_by: User,
    email: str,
    role: str,
    pilot_site: PilotSite | None = None,
    full_name: str = "",
) -> InvitationOutcome:
    """Invite regional staff (of ``pilot_site``) or an expert by e-mail.

    An address that already has an account gets the role at once and a letter saying so; one
    with an open invitation for the same role gets that invitation again with a fresh link.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if role != Role.REGIONAL:
        pilot_site = None
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        membership, created = membership_grant(user=existing, role=role, pilot_site=pilot_site)
        if not created:
            return InvitationOutcome(InvitationResult.ALREADY_HAS_ROLE, None, existing)
        now = timezone.now()
        _unused_secret, token_hash = tokens.new_invitation_token()
        invitation = Invitation(
            email=email,
            full_name=full_name.strip() or existing.full_name,
            role=role,
            pilot_site=pilot_site,
            invited_by=invited_by,
            token_hash=token_hash,
            status=InvitationStatus.ACCEPTED,
            sent_at=now,
            accepted_at=now,
            accepted_user=existing,
            added_to_existing_account=True,
        )
        invitation.full_clean()
        invitation.save()
        _send_role_added_letter(user=existing, membership=membership, by=invited_by)
        return InvitationOutcome(InvitationResult.ROLE_ADDED, invitation, existing)

    pending = Invitation.objects.filter(
        email=email, role=role, pilot_site=pilot_site, status=InvitationStatus.PENDING
    ).first()
    if pending is not None:
        if full_name.strip():
            pending.full_name = full_name.strip()
        invitation_resend(invitation=pending, by=invited_by)
        return InvitationOutcome(InvitationResult.RESENT, pending)

    token, token_hash = tokens.new_invitation_token()
    invitation = Invitation(
        email=email,
        full_name=full_name.strip(),
        role=role,
        pilot_site=pilot_site,
        invited_by=invited_by,
        token_hash=token_hash,
    )
    invitation.full_clean()
    invitation.save()
    _send_invitation_letter(invitation, token)
    return InvitationOutcome(InvitationResult.SENT, invitation)


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    """A new letter with a new link and a new term; the previous link stops working."""
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("Отправить повторно можно только неотвеченное приглашение."))
    token, token_hash = tokens.new_invitation_token()
    invitation.token_hash = token_hash
    invitation.sent_at = timezone.now()
    invitation.send_count += 1
    invitation.invited_by = by
    invitation.full_clean()
    invitation.save()
    _send_invitation_letter(invitation, token)
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by: User) -> Invitation:
    """Withdraw an unanswered invitation; its link then says it was cancelled."""
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("Отменить можно только неотвеченное приглашение."))
    invitation.status = InvitationStatus.CANCELLED
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["status", "cancelled_at"])
    return invitation


def _lock_usable_invitation(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status == InvitationStatus.ACCEPTED:
        raise tokens.LinkUsed
    if locked.status == InvitationStatus.CANCELLED:
        raise tokens.LinkCancelled
    if locked.is_expired():
        raise tokens.LinkExpired
    return locked


def _mark_accepted(invitation: Invitation, user: User, *, existing: bool) -> None:
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.added_to_existing_account = existing
    invitation.save(
        update_fields=["status", "accepted_at", "accepted_user", "added_to_existing_account"]
    )


@transaction.atomic
def invitation_accept_new_user(
    *,
    invitation: Invitation,
    full_name: str,
    password: str,
    phone: str = "",
    position: str = "",
) -> User:
    """Create the invitee's account (the link proved the address) and give them the role."""
    invitation = _lock_usable_invitation(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("Учётная запись с адресом %(email)s уже есть: войдите в неё."),
            params={"email": invitation.email},
        )
    now = timezone.now()
    user = User(
        email=invitation.email,
        full_name=full_name.strip(),
        phone=phone.strip(),
        position=position.strip(),
        is_active=True,
        email_confirmed_at=now,
        consent_given_at=now,
        consent_version=ACCOUNT_CONSENT_VERSION,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    membership_grant(user=user, role=invitation.role, pilot_site=invitation.pilot_site)
    _mark_accepted(invitation, user, existing=False)
    return user


@transaction.atomic
def invitation_accept_existing_user(*, invitation: Invitation, user: User) -> Membership:
    """Add the invited role to the account that already has the invitation's address.

    The link proves the address, so an account that was never confirmed is opened too; one
    closed by an administrator stays closed.
    """
    invitation = _lock_usable_invitation(invitation)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(_("Приглашение адресовано другому адресу электронной почты."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.is_active = True
        user.save(update_fields=["email_confirmed_at", "is_active"])
    membership, _created = membership_grant(
        user=user, role=invitation.role, pilot_site=invitation.pilot_site
    )
    _mark_accepted(invitation, user, existing=True)
    return membership


# --- The applicant's organisations --------------------------------------------------------------

ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "region",
    "municipality",
    "inn",
    "ogrn",
    "address",
    "phone",
    "email",
    "website",
)


def _apply_organisation_data(organisation: Organisation, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(organisation, field, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def organisation_create(*, user: User, data: Mapping[str, Any]) -> Organisation:
    """Register an organisation the applicant represents and make them its representative.

    A fresh applicant's role without an organisation takes this one; later ones add roles.
    """
    organisation = Organisation()
    _apply_organisation_data(organisation, data)
    organisation.full_clean()
    organisation.save()
    unattached = Membership.objects.filter(
        user=user, role=Role.APPLICANT, organisation__isnull=True
    ).first()
    if unattached is not None:
        unattached.organisation = organisation
        unattached.full_clean()
        unattached.save(update_fields=["organisation"])
        permissions.forget_memberships(user)
    else:
        membership_grant(user=user, role=Role.APPLICANT, organisation=organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, user: User, data: Mapping[str, Any]
) -> Organisation:
    """Change an organisation's details; only its representatives may."""
    if not permissions.can_change_organisation(user, organisation):
        raise ValidationError(_("Вы не представляете эту организацию."))
    _apply_organisation_data(organisation, data)
    organisation.full_clean()
    organisation.save()
    return organisation

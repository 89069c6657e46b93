"""Role helpers in accounts/permissions.py, which every app's policy builds on."""

from __future__ import annotations

import pytest
from django.http import Http404

from resursnaya_sreda.accounts import permissions
from resursnaya_sreda.accounts.models import Membership, Role
from resursnaya_sreda.kernel.models import PilotSite
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_fixture_holds_exactly_its_role(federal, regional_a, expert, applicant, anonymous):
    assert permissions.roles(federal) == {Role.FEDERAL}
    assert permissions.roles(regional_a) == {Role.REGIONAL}
    assert permissions.roles(expert) == {Role.EXPERT}
    assert permissions.roles(applicant) == {Role.APPLICANT}
    assert permissions.roles(anonymous) == set()


def test_superuser_counts_as_federal():
    assert permissions.is_federal(UserFactory(is_superuser=True))


def test_inactive_user_has_no_roles(federal):
    federal.is_active = False
    assert permissions.roles(federal) == set()
    assert not permissions.is_federal(federal)


def test_staff_member_means_federal_or_regional(federal, regional_a, expert, applicant):
    assert permissions.is_staff_member(federal)
    assert permissions.is_staff_member(regional_a)
    assert not permissions.is_staff_member(expert)
    assert not permissions.is_staff_member(applicant)


def test_memberships_are_read_once_per_user_object(regional_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        permissions.is_federal(regional_a)
        permissions.is_regional(regional_a)
        permissions.pilot_site_ids(regional_a)
        permissions.region_ids(regional_a)


def test_forget_memberships_sees_a_new_role(regional_a):
    assert not permissions.is_expert(regional_a)
    MembershipFactory(user=regional_a, role=Role.EXPERT)
    assert not permissions.is_expert(regional_a)
    permissions.forget_memberships(regional_a)
    assert permissions.is_expert(regional_a)


def test_pilot_sites_and_regions_of_regional_staff(regional_a, site_a, site_b):
    assert permissions.pilot_site_ids(regional_a) == {site_a.pk}
    assert permissions.region_ids(regional_a) == {site_a.region_id}
    assert permissions.can_manage_pilot_site(regional_a, site_a)
    assert not permissions.can_manage_pilot_site(regional_a, site_b)


def test_federal_manages_every_site_and_region(federal, site_a, site_b):
    assert permissions.can_manage_pilot_site(federal, site_b)
    assert permissions.can_see_region(federal, site_b.region_id)


def test_filter_by_pilot_site_scopes_to_own_sites(federal, regional_a, expert, site_a, site_b):
    sites = PilotSite.objects.all()
    assert set(permissions.filter_by_pilot_site(sites, federal, field="pk")) == {site_a, site_b}
    assert list(permissions.filter_by_pilot_site(sites, regional_a, field="pk")) == [site_a]
    assert list(permissions.filter_by_pilot_site(sites, expert, field="pk")) == []


def test_filter_by_region_scopes_to_own_regions(federal, regional_a, applicant, site_a, site_b):
    sites = PilotSite.objects.all()
    assert set(permissions.filter_by_region(sites, federal)) == {site_a, site_b}
    assert list(permissions.filter_by_region(sites, regional_a)) == [site_a]
    assert list(permissions.filter_by_region(sites, applicant)) == []


def test_organisation_ids_by_role(applicant, applicant_organisation, expert):
    employer = OrganisationFactory()
    Membership.objects.filter(user=expert).update(organisation=employer)
    permissions.forget_memberships(expert)
    assert permissions.organisation_ids(applicant) == {applicant_organisation.pk}
    assert permissions.organisation_ids(expert) == set()
    assert permissions.organisation_ids(expert, Role.EXPERT) == {employer.pk}


def test_only_federal_may_invite(federal, regional_a, expert, applicant, anonymous):
    assert permissions.can_invite(federal)
    for user in (regional_a, expert, applicant, anonymous):
        assert not permissions.can_invite(user)


def test_organisation_rules(applicant, applicant_organisation, federal, regional_a):
    other = OrganisationFactory()
    assert permissions.can_create_organisation(applicant)
    assert not permissions.can_create_organisation(regional_a)
    assert permissions.can_change_organisation(applicant, applicant_organisation)
    assert not permissions.can_change_organisation(applicant, other)
    assert permissions.get_organisation_for_user(applicant, applicant_organisation.pk) == (
        applicant_organisation
    )
    for user, pk in ((applicant, other.pk), (federal, applicant_organisation.pk)):
        with pytest.raises(Http404):
            permissions.get_organisation_for_user(user, pk)


def test_get_invitation_for_user_hides_invitations_from_non_federal(federal, expert):
    from resursnaya_sreda.accounts.services import invitation_create

    invitation = invitation_create(
        invited_by=federal, email="x@example.org", role=Role.EXPERT
    ).invitation
    assert permissions.get_invitation_for_user(federal, invitation.pk) == invitation
    with pytest.raises(Http404):
        permissions.get_invitation_for_user(expert, invitation.pk)
    with pytest.raises(Http404):
        permissions.get_invitation_for_user(federal, invitation.pk + 1000)

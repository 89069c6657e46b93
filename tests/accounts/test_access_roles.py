"""The edges of the role helpers: a role held for one purpose opens nothing for another.

An expert attached to a pilot site is not its regional staff; an applicant is not staff of their
organisation's region; a deactivated superuser is nobody; one person's roles are not another's.
"""

from __future__ import annotations

import pytest

from resursnaya_sreda.accounts import permissions
from resursnaya_sreda.accounts.models import Role
from resursnaya_sreda.kernel.models import Organisation, PilotSite
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, region

pytestmark = pytest.mark.django_db


def test_nobody_and_a_deactivated_superuser_hold_no_role():
    assert permissions.memberships(None) == []
    assert permissions.roles(None) == set()
    boss = UserFactory(is_superuser=True, is_active=False)
    MembershipFactory(user=boss, role=Role.FEDERAL)
    assert permissions.roles(boss) == set()
    assert not permissions.is_federal(boss)


def test_a_superuser_is_federal_on_top_of_their_memberships(site_a):
    boss = UserFactory(is_superuser=True)
    MembershipFactory(user=boss, role=Role.REGIONAL, pilot_site=site_a)
    assert permissions.roles(boss) == {Role.FEDERAL, Role.REGIONAL}


def test_roles_are_the_persons_own(regional_a, applicant):
    assert permissions.is_regional(regional_a)
    assert not permissions.is_applicant(regional_a)
    assert permissions.is_applicant(applicant)
    assert not permissions.is_regional(applicant)
    assert permissions.memberships(applicant)[0].user_id == applicant.pk
    assert len(permissions.memberships(applicant)) == 1


def test_an_applicant_is_not_staff_of_their_organisations_region(applicant, site_a, site_b):
    assert permissions.region_ids(applicant) == set()
    assert not permissions.can_see_region(applicant, site_a.region_id)
    assert not permissions.can_manage_pilot_site(applicant, site_a)


def test_regional_staff_see_their_region_only(regional_a, site_a, site_b):
    assert permissions.can_see_region(regional_a, site_a.region_id)
    assert not permissions.can_see_region(regional_a, site_b.region_id)
    assert [s.pk for s in permissions.pilot_sites(regional_a)] == [site_a.pk]


def test_staff_of_two_sites_see_both_regions(regional_a, site_a, site_b):
    MembershipFactory(user=regional_a, role=Role.REGIONAL, pilot_site=site_b)
    permissions.forget_memberships(regional_a)
    assert permissions.region_ids(regional_a) == {site_a.region_id, site_b.region_id}
    sites = PilotSite.objects.all()
    assert set(permissions.filter_by_region(sites, regional_a)) == {site_a, site_b}
    assert set(permissions.filter_by_pilot_site(sites, regional_a, "pk")) == {site_a, site_b}


def test_filter_by_region_follows_the_named_field(regional_a, site_a, federal):
    here = OrganisationFactory(region=site_a.region)
    there = OrganisationFactory(region=region("05"))
    organisations = Organisation.objects.all()
    found = set(permissions.filter_by_region(organisations, regional_a, field="region"))
    assert here in found
    assert there not in found
    assert found == set(organisations.filter(region=site_a.region))
    assert list(permissions.filter_by_region(organisations, UserFactory())) == []
    assert permissions.filter_by_region(organisations, federal).count() == organisations.count()


def test_a_membership_without_an_organisation_represents_nothing():
    user = UserFactory()
    MembershipFactory(user=user, role=Role.APPLICANT, organisation=None)
    assert permissions.is_applicant(user)
    assert permissions.organisation_ids(user) == set()


def test_only_federal_manage_invitations(federal, regional_a):
    assert permissions.can_manage_invitation(federal, None)
    assert not permissions.can_manage_invitation(regional_a, None)


def test_forgetting_twice_or_before_reading_is_harmless(applicant):
    permissions.forget_memberships(applicant)
    assert permissions.is_applicant(applicant)
    permissions.forget_memberships(applicant)
    permissions.forget_memberships(applicant)
    assert permissions.is_applicant(applicant)

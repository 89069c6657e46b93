"""The admin for users, roles and invitations: federal coordinators, never superuser powers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from resursnaya_sreda.accounts.models import Invitation, InvitationStatus, Role, User
from resursnaya_sreda.accounts.services import invitation_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "admin:accounts_user_changelist",
    "admin:accounts_user_add",
    "admin:accounts_membership_changelist",
    "admin:accounts_membership_add",
    "admin:accounts_invitation_changelist",
]


@pytest.mark.parametrize("name", PAGES)
def test_federal_coordinator_without_superuser_opens_the_people_pages(login, federal, name):
    assert not federal.is_superuser and not federal.is_staff
    assert login(federal).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("role", ["regional_a", "applicant", "anonymous"])
def test_others_are_kept_out_of_the_admin(request, login, role):
    response = login(request.getfixturevalue(role)).get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_expert_in_the_admin_does_not_see_people(login, expert, name):
    assert login(expert).get(reverse(name)).status_code == 403


def test_user_list_shows_roles_and_finds_by_name(login, federal, regional_a):
    response = login(federal).get(reverse("admin:accounts_user_changelist"), {"q": "Артём"})
    body = response.content.decode()
    assert "regional-a@test.example" in body
    assert "Сотрудник регионального центра (Республика Татарстан)" in body
    assert "federal@test.example" not in body


def test_user_list_filters_by_role(login, federal, regional_a, expert):
    response = login(federal).get(reverse("admin:accounts_user_changelist"), {"role": "expert"})
    body = response.content.decode()
    assert "expert@test.example" in body
    assert "regional-a@test.example" not in body


def test_user_change_page_has_the_memberships_inline(login, federal, regional_a):
    response = login(federal).get(reverse("admin:accounts_user_change", args=[regional_a.pk]))
    assert response.status_code == 200
    assert "memberships-TOTAL_FORMS" in response.content.decode()


def test_federal_creates_a_user_in_the_admin(login, federal):
    response = login(federal).post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Made.In@Admin.example",
            "full_name": "Админов Адам Адамович",
            "usable_password": "true",
            "password1": "Vesna-v-Admin-1",
            "password2": "Vesna-v-Admin-1",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="made.in@admin.example").check_password("Vesna-v-Admin-1")


def test_coordinator_cannot_grant_superuser_powers(login, federal, regional_a):
    url = reverse("admin:accounts_user_change", args=[regional_a.pk])
    client = login(federal)
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="is_staff"' not in page
    data = {
        "email": regional_a.email,
        "full_name": regional_a.full_name,
        "phone": "",
        "position": "",
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": str(regional_a.memberships.get().pk),
        "memberships-0-user": str(regional_a.pk),
        "memberships-0-role": Role.REGIONAL,
        "memberships-0-pilot_site": str(regional_a.memberships.get().pilot_site_id),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    regional_a.refresh_from_db()
    assert regional_a.is_superuser is False
    assert regional_a.is_staff is False


def test_coordinator_cannot_change_a_superuser_or_its_password(login, federal):
    boss = UserFactory(is_superuser=True, is_staff=True)
    client = login(federal)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[boss.pk]),
        {"password1": "Takeover-Pass-1", "password2": "Takeover-Pass-1"},
    )
    assert response.status_code == 403
    boss.refresh_from_db()
    assert not boss.check_password("Takeover-Pass-1")


def test_membership_constraint_message_is_in_russian(login, federal, applicant):
    response = login(federal).post(
        reverse("admin:accounts_membership_add"),
        {"user": applicant.pk, "role": Role.REGIONAL},
    )
    assert response.status_code == 200
    assert "укажите пилотную площадку" in response.content.decode()


def test_invitations_are_listed_and_cancelled_by_an_admin_action(login, federal):
    invitation = invitation_create(
        invited_by=federal, email="x@example.org", role=Role.EXPERT
    ).invitation
    client = login(federal)
    body = client.get(reverse("admin:accounts_invitation_changelist")).content.decode()
    assert "x@example.org" in body
    assert reverse("accounts:invitation-create") in body
    response = client.post(
        reverse("admin:accounts_invitation_changelist"),
        {"action": "cancel_selected", "_selected_action": [invitation.pk]},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.CANCELLED


def test_invitations_are_not_added_in_the_admin(login, federal):
    assert login(federal).get(reverse("admin:accounts_invitation_add")).status_code == 403
    assert not Invitation.objects.exists()

"""Every accounts page × every role: who gets in, who is sent to login, who gets 403/404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from resursnaya_sreda.accounts.models import Role
from resursnaya_sreda.accounts.services import invitation_create

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "federal", "regional_a", "expert", "applicant"]

# page -> expected status per role (302L = redirect to the login page)
LOGIN_REQUIRED = {
    "accounts:cabinet": {"federal": 200, "regional_a": 200, "expert": 200, "applicant": 200},
    "accounts:profile": {"federal": 200, "regional_a": 200, "expert": 200, "applicant": 200},
    "accounts:password-change": {
        "federal": 200,
        "regional_a": 200,
        "expert": 200,
        "applicant": 200,
    },
    "accounts:invitation-list": {
        "federal": 200,
        "regional_a": 403,
        "expert": 403,
        "applicant": 403,
    },
    "accounts:invitation-create": {
        "federal": 200,
        "regional_a": 403,
        "expert": 403,
        "applicant": 403,
    },
    "accounts:organisation-list": {
        "federal": 403,
        "regional_a": 403,
        "expert": 403,
        "applicant": 200,
    },
    "accounts:organisation-create": {
        "federal": 403,
        "regional_a": 403,
        "expert": 403,
        "applicant": 200,
    },
}

PUBLIC = [
    "accounts:login",
    "accounts:register",
    "accounts:register-done",
    "accounts:confirm-email-resend",
    "accounts:password-reset",
    "accounts:consent",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(LOGIN_REQUIRED))
def test_login_required_pages(request, login, site_a, name, role):
    user = request.getfixturevalue(role)
    response = login(user).get(reverse(name))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('accounts:login')}?next=")
    else:
        assert response.status_code == LOGIN_REQUIRED[name][role]


@pytest.mark.smoke
@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_open_for_anonymous(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = response.content.decode()
    # The portal's own page with its heading, not an error page.
    assert "<h1" in page
    assert "Ресурсная среда" in page


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["invitation-resend", "invitation-cancel"])
def test_invitation_actions(request, login, federal, action, role):
    invitation = invitation_create(
        invited_by=federal, email="x@example.org", role=Role.EXPERT
    ).invitation
    user = request.getfixturevalue(role)
    client = login(user)
    url = reverse(f"accounts:{action}", args=[invitation.pk])
    response = client.post(url)
    expected = {"anonymous": 302, "federal": 302}.get(role, 404)
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    invitation.refresh_from_db()
    changed = invitation.send_count == 2 or invitation.status == "cancelled"
    assert changed is (role == "federal")


def test_invitation_actions_refuse_get(login, federal):
    invitation = invitation_create(
        invited_by=federal, email="x@example.org", role=Role.EXPERT
    ).invitation
    client = login(federal)
    assert (
        client.get(reverse("accounts:invitation-cancel", args=[invitation.pk])).status_code == 405
    )


@pytest.mark.parametrize("role", ROLES)
def test_organisation_update_only_for_its_representative(
    request, login, applicant_organisation, role
):
    user = request.getfixturevalue(role)
    response = login(user).get(
        reverse("accounts:organisation-update", args=[applicant_organisation.pk])
    )
    expected = {"anonymous": 302, "applicant": 200}.get(role, 404)
    assert response.status_code == expected


def test_non_federal_post_to_invite_creates_nothing(login, regional_a, site_a):
    from resursnaya_sreda.accounts.models import Invitation

    response = login(regional_a).post(
        reverse("accounts:invitation-create"),
        {"email": "x@example.org", "role": Role.REGIONAL, "pilot_site": site_a.pk},
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()

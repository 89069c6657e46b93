"""The profile page: name, phone and position; the password change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from resursnaya_sreda.accounts.models import User

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/profile/"


def test_profile_saves_name_phone_and_position(login, regional_a):
    client = login(regional_a)
    response = client.post(
        PROFILE,
        {
            "full_name": "Региональный Артём Ильич",
            "phone": "+7 843 111-22-33",
            "position": "директор",
        },
    )
    assert response.status_code == 302
    regional_a.refresh_from_db()
    assert (regional_a.full_name, regional_a.phone, regional_a.position) == (
        "Региональный Артём Ильич",
        "+7 843 111-22-33",
        "директор",
    )
    assert "Данные сохранены." in client.get(PROFILE).content.decode()


def test_profile_needs_a_name_and_keeps_the_rest(login, regional_a):
    response = login(regional_a).post(
        PROFILE, {"full_name": "", "phone": "+7 843 111-22-33", "position": "директор"}
    )
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors
    assert 'value="директор"' in response.content.decode()
    regional_a.refresh_from_db()
    assert regional_a.position == ""


def test_profile_cannot_change_the_email_or_the_roles(login, regional_a):
    login(regional_a).post(
        PROFILE,
        {"full_name": "Имя Фамилия", "email": "hijack@example.org", "is_superuser": "on"},
    )
    regional_a.refresh_from_db()
    assert regional_a.email == "regional-a@test.example"
    assert regional_a.is_superuser is False


def test_password_change_needs_the_old_password(login, applicant, password):
    client = login(applicant)
    url = reverse("accounts:password-change")
    response = client.post(
        url,
        {
            "old_password": "wrong",
            "new_password1": "Letnij-Dozhd-9",
            "new_password2": "Letnij-Dozhd-9",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    response = client.post(
        url,
        {
            "old_password": password,
            "new_password1": "Letnij-Dozhd-9",
            "new_password2": "Letnij-Dozhd-9",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=applicant.pk).check_password("Letnij-Dozhd-9")
    # Django keeps the session after its own password change.
    assert client.get(PROFILE).status_code == 200

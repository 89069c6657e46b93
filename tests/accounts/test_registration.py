"""Self-registration of applicants with e-mail confirmation."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.urls import reverse

from resursnaya_sreda.accounts import services
from resursnaya_sreda.accounts.models import Membership, Role, User
from resursnaya_sreda.kernel.consent import ACCOUNT_CONSENT_VERSION
from tests.accounts.conftest import link_path
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/"


def form_data(**overrides):
    data = {
        "email": "New.Applicant@Example.org",
        "full_name": "Новикова Нина Николаевна",
        "phone": "+7 900 123-45-67",
        "position": "председатель НКО",
        "password1": "Ves3nnij-Sad",
        "password2": "Ves3nnij-Sad",
        "consent": "on",
    }
    data.update(overrides)
    return data


def register(client, commit, **overrides):
    with commit():
        return client.post(REGISTER, form_data(**overrides))


def test_registration_creates_a_closed_applicant_account_and_sends_the_link(
    client, commit, mailoutbox
):
    response = register(client, commit)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register-done")
    user = User.objects.get(email="new.applicant@example.org")
    assert user.is_active is False
    assert user.email_confirmed_at is None
    assert user.consent_version == ACCOUNT_CONSENT_VERSION
    assert user.consent_given_at is not None
    assert Membership.objects.filter(user=user, role=Role.APPLICANT).exists()
    assert mailoutbox[0].to == ["new.applicant@example.org"]
    assert "/accounts/confirm/" in mailoutbox[0].body


def test_done_page_names_the_address_the_letter_went_to(client, commit):
    register(client, commit)
    response = client.get(reverse("accounts:register-done"))
    assert "new.applicant@example.org" in response.content.decode()


def test_unconfirmed_account_cannot_log_in_and_is_told_why(client, commit):
    register(client, commit)
    response = client.post(
        "/accounts/login/",
        {"username": "new.applicant@example.org", "password": "Ves3nnij-Sad"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "ещё не подтверждён" in response.content.decode()


def test_unconfirmed_hint_needs_the_right_password(client, commit):
    register(client, commit)
    response = client.post(
        "/accounts/login/", {"username": "new.applicant@example.org", "password": "wrong-one"}
    )
    assert "ещё не подтверждён" not in response.content.decode()
    assert "Неверный адрес электронной почты или пароль" in response.content.decode()


def test_confirmation_link_shows_a_button_and_changes_nothing_on_get(client, commit, mailoutbox):
    register(client, commit)
    path = link_path(mailoutbox[0], "/accounts/confirm/")
    response = client.get(path)
    assert response.status_code == 200
    assert "Подтвердить адрес" in response.content.decode()
    assert User.objects.get(email="new.applicant@example.org").is_active is False


def test_confirmation_link_opens_the_account_and_then_login_works(client, commit, mailoutbox):
    register(client, commit)
    path = link_path(mailoutbox[0], "/accounts/confirm/")
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    user = User.objects.get(email="new.applicant@example.org")
    assert user.is_active is True
    assert user.email_confirmed_at is not None
    response = client.post(
        "/accounts/login/", {"username": "new.applicant@example.org", "password": "Ves3nnij-Sad"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_reused_confirmation_link_says_it_was_used(client, commit, mailoutbox):
    register(client, commit)
    path = link_path(mailoutbox[0], "/accounts/confirm/")
    client.post(path)
    response = client.post(path)
    assert response.status_code == 410
    assert "Ссылка уже использована" in response.content.decode()
    assert "Адрес уже подтверждён" in response.content.decode()


def test_expired_confirmation_link_says_it_expired_and_offers_a_new_one(
    client, monkeypatch, settings
):
    settings.ACCOUNT_LINK_DAYS = 7
    user = UserFactory(is_active=False, email_confirmed_at=None)
    issued = time.time() - 8 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: issued)
        path = link_path(_letter(user), "/accounts/confirm/")
    response = client.post(path)
    assert response.status_code == 410
    body = response.content.decode()
    assert "Срок действия ссылки истёк" in body
    assert reverse("accounts:confirm-email-resend") in body
    user.refresh_from_db()
    assert user.is_active is False


def test_link_within_its_term_still_works(client, monkeypatch, settings):
    settings.ACCOUNT_LINK_DAYS = 7
    user = UserFactory(is_active=False, email_confirmed_at=None)
    issued = time.time() - 6 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: issued)
        path = link_path(_letter(user), "/accounts/confirm/")
    assert client.post(path).status_code == 302


def _letter(user):
    class Letter:
        body = services.confirmation_link(user)

    return Letter


def test_tampered_confirmation_link_is_invalid(client, commit, mailoutbox):
    register(client, commit)
    path = link_path(mailoutbox[0], "/accounts/confirm/")
    response = client.post(path[:-3] + "xx/")
    assert response.status_code == 404
    assert "Ссылка недействительна" in response.content.decode()


def test_an_existing_address_answers_as_a_new_one_and_mails_the_owner(client, commit, mailoutbox):
    UserFactory(email="taken@example.org")
    new = register(client, commit)
    mailoutbox.clear()
    response = register(client, commit, email="TAKEN@example.org")
    # The same answer as for a new address: nothing tells that the address has an account.
    assert response.status_code == new.status_code == 302
    assert response["Location"] == new["Location"] == reverse("accounts:register-done")
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    [letter] = mailoutbox
    assert letter.to == ["taken@example.org"]
    assert "уже есть учётная запись" in letter.subject
    assert reverse("accounts:password-reset") in letter.body


def test_an_existing_unconfirmed_address_gets_a_new_confirmation_link(client, commit, mailoutbox):
    UserFactory(email="pending@example.org", is_active=False, email_confirmed_at=None)
    response = register(client, commit, email="pending@example.org")
    assert response["Location"] == reverse("accounts:register-done")
    [letter] = mailoutbox
    assert "/accounts/confirm/" in letter.body


def test_consent_is_required(client, commit):
    data = form_data()
    del data["consent"]
    response = client.post(REGISTER, data)
    assert "Без согласия" in response.context["form"].errors["consent"][0]
    assert not User.objects.filter(email="new.applicant@example.org").exists()


def test_passwords_must_match_and_pass_the_validators(client, commit):
    response = register(client, commit, password2="other-password-1")
    assert "Пароли не совпадают." in response.context["form"].errors["password2"]
    response = register(client, commit, password1="12345678", password2="12345678")
    assert response.context["form"].errors["password2"]
    assert not User.objects.filter(email="new.applicant@example.org").exists()


def test_resend_sends_a_new_link_to_an_unconfirmed_address(client, commit, mailoutbox):
    UserFactory(email="pending@example.org", is_active=False, email_confirmed_at=None)
    with commit():
        response = client.post(
            reverse("accounts:confirm-email-resend"), {"email": "Pending@example.org"}
        )
    assert response.status_code == 302
    assert mailoutbox[0].to == ["pending@example.org"]
    assert client.post(link_path(mailoutbox[0], "/accounts/confirm/")).status_code == 302


def test_resend_is_silent_for_unknown_and_confirmed_addresses(client, commit, mailoutbox):
    UserFactory(email="active@example.org")
    with commit():
        for email in ("nobody@example.org", "active@example.org"):
            response = client.post(reverse("accounts:confirm-email-resend"), {"email": email})
            assert response.status_code == 302
    assert mailoutbox == []


def test_resend_is_throttled_per_address(client, commit, mailoutbox, settings):
    # A private cache: parallel workers share Redis and clear it between their own tests.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "resend-throttle-test",
        }
    }
    UserFactory(email="pending@example.org", is_active=False, email_confirmed_at=None)
    with commit():
        for _ in range(3):
            client.post(reverse("accounts:confirm-email-resend"), {"email": "pending@example.org"})
    assert len(mailoutbox) == 1


def test_logged_in_person_is_sent_from_registration_to_the_cabinet(login, applicant):
    response = login(applicant).get(REGISTER)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:cabinet")

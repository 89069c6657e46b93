"""Federal coordinators invite regional staff and experts; invitees accept by link."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resursnaya_sreda.accounts.models import (
    Invitation,
    InvitationState,
    InvitationStatus,
    Membership,
    Role,
    User,
)
from resursnaya_sreda.accounts.services import invitation_create
from tests.accounts.conftest import link_path
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW = "/accounts/invitations/new/"
LIST = "/accounts/invitations/"


def invite(client, commit, **data):
    with commit():
        return client.post(NEW, data)


def accept_data(**overrides):
    data = {
        "full_name": "Приглашённая Полина Петровна",
        "phone": "+7 917 000-00-00",
        "position": "методист",
        "password1": "Osennij-Den-77",
        "password2": "Osennij-Den-77",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_federal_invites_regional_staff_for_a_pilot_site(
    login, federal, site_a, commit, mailoutbox
):
    response = invite(
        login(federal), commit, email="Staff@Example.org", role=Role.REGIONAL, pilot_site=site_a.pk
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "staff@example.org"
    assert invitation.pilot_site == site_a
    assert invitation.invited_by == federal
    assert mailoutbox[0].to == ["staff@example.org"]
    assert "Республика Татарстан" in mailoutbox[0].body
    assert "/accounts/invitation/" in mailoutbox[0].body
    # The secret is in the letter only; the database keeps its hash.
    assert invitation.token_hash not in mailoutbox[0].body


def test_regional_invitation_needs_a_pilot_site(login, federal, commit, mailoutbox):
    response = invite(login(federal), commit, email="s@example.org", role=Role.REGIONAL)
    assert response.status_code == 200
    assert "Выберите пилотную площадку" in response.context["form"].errors["pilot_site"][0]
    assert 'value="s@example.org"' in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_invitee_sets_name_and_password_and_gets_the_regional_role(
    client, login, federal, site_a, commit, mailoutbox
):
    invite(
        login(federal), commit, email="staff@example.org", role=Role.REGIONAL, pilot_site=site_a.pk
    )
    client.logout()
    path = link_path(mailoutbox[0], "/accounts/invitation/")
    page = client.get(path)
    assert "Сотрудник регионального центра" in page.content.decode()
    response = client.post(path, accept_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:cabinet")
    user = User.objects.get(email="staff@example.org")
    assert user.full_name == "Приглашённая Полина Петровна"
    assert user.is_active and user.email_confirmed_at is not None
    assert user.check_password("Osennij-Den-77")
    assert Membership.objects.filter(user=user, role=Role.REGIONAL, pilot_site=site_a).exists()
    assert client.session["_auth_user_id"] == str(user.pk)
    invitation = Invitation.objects.get()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_user == user


def test_expert_invitation_gives_the_expert_role_without_a_site(
    client, login, federal, site_a, commit, mailoutbox
):
    invite(
        login(federal),
        commit,
        email="expert2@example.org",
        role=Role.EXPERT,
        pilot_site=site_a.pk,
        full_name="Знатоков Зиновий Зиновьевич",
    )
    assert Invitation.objects.get().pilot_site is None
    client.logout()
    path = link_path(mailoutbox[0], "/accounts/invitation/")
    assert 'value="Знатоков Зиновий Зиновьевич"' in client.get(path).content.decode()
    client.post(path, accept_data(full_name="Знатоков Зиновий Зиновьевич"))
    user = User.objects.get(email="expert2@example.org")
    assert list(user.memberships.values_list("role", "pilot_site")) == [(Role.EXPERT, None)]


def test_accept_form_errors_keep_what_was_typed(client, federal, site_a, commit, mailoutbox):
    with commit():
        invitation_create(invited_by=federal, email="s@example.org", role=Role.EXPERT)
    path = link_path(mailoutbox[0], "/accounts/invitation/")
    response = client.post(path, accept_data(password2="mismatch-000"))
    assert response.status_code == 200
    assert "Пароли не совпадают." in response.context["form"].errors["password2"]
    body = response.content.decode()
    assert 'value="Приглашённая Полина Петровна"' in body
    assert 'value="методист"' in body
    assert not User.objects.filter(email="s@example.org").exists()


def test_reused_invitation_link_says_it_was_accepted(client, federal, commit, mailoutbox):
    with commit():
        invitation_create(invited_by=federal, email="s@example.org", role=Role.EXPERT)
    path = link_path(mailoutbox[0], "/accounts/invitation/")
    client.post(path, accept_data())
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "Ссылка уже использована" in response.content.decode()
    assert User.objects.filter(email="s@example.org").count() == 1


def test_expired_invitation_link_says_it_expired(client, federal, commit, mailoutbox, settings):
    settings.ACCOUNT_LINK_DAYS = 7
    with commit():
        invitation_create(invited_by=federal, email="s@example.org", role=Role.EXPERT)
    Invitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=7, minutes=1))
    path = link_path(mailoutbox[0], "/accounts/invitation/")
    response = client.post(path, accept_data())
    assert response.status_code == 410
    assert "Срок действия ссылки истёк" in response.content.decode()
    assert "отправить приглашение ещё раз" in response.content.decode()
    assert not User.objects.filter(email="s@example.org").exists()


def test_cancelled_invitation_link_says_it_was_cancelled(
    client, login, federal, commit, mailoutbox
):
    with commit():
        outcome = invitation_create(invited_by=federal, email="s@example.org", role=Role.EXPERT)
    login(federal).post(reverse("accounts:invitation-cancel", args=[outcome.invitation.pk]))
    client.logout()
    response = client.get(link_path(mailoutbox[0], "/accounts/invitation/"))
    assert response.status_code == 410
    assert "Приглашение отменено" in response.content.decode()


def test_resend_retires_the_old_link_and_the_new_one_works(
    client, login, federal, commit, mailoutbox
):
    with commit():
        outcome = invitation_create(invited_by=federal, email="s@example.org", role=Role.EXPERT)
    old_path = link_path(mailoutbox[0], "/accounts/invitation/")
    with commit():
        login(federal).post(reverse("accounts:invitation-resend", args=[outcome.invitation.pk]))
    client.logout()
    assert len(mailoutbox) == 2
    assert client.get(old_path).status_code == 404
    new_path = link_path(mailoutbox[1], "/accounts/invitation/")
    assert client.get(new_path).status_code == 200
    outcome.invitation.refresh_from_db()
    assert outcome.invitation.send_count == 2


def test_resend_of_an_expired_invitation_gives_a_fresh_term(login, federal, commit, mailoutbox):
    with commit():
        outcome = invitation_create(invited_by=federal, email="s@example.org", role=Role.EXPERT)
    Invitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=30))
    with commit():
        login(federal).post(reverse("accounts:invitation-resend", args=[outcome.invitation.pk]))
    outcome.invitation.refresh_from_db()
    assert outcome.invitation.state == InvitationState.PENDING


def test_inviting_an_existing_account_adds_the_role_and_tells_the_coordinator(
    login, federal, applicant, site_a, commit, mailoutbox
):
    client = login(federal)
    with commit():
        response = client.post(
            NEW,
            {"email": applicant.email.upper(), "role": Role.REGIONAL, "pilot_site": site_a.pk},
            follow=True,
        )
    assert "уже есть учётная запись — роль добавлена" in response.content.decode()
    assert Membership.objects.filter(user=applicant, role=Role.REGIONAL, pilot_site=site_a).exists()
    assert Membership.objects.filter(user=applicant, role=Role.APPLICANT).exists()
    invitation = Invitation.objects.get()
    assert invitation.added_to_existing_account is True
    assert invitation.status == InvitationStatus.ACCEPTED
    assert mailoutbox[0].to == [applicant.email]
    assert "добавлена роль «Сотрудник регионального центра»" in mailoutbox[0].body


def test_inviting_someone_who_already_has_the_role_changes_nothing(
    login, federal, expert, commit, mailoutbox
):
    with commit():
        response = login(federal).post(
            NEW, {"email": expert.email, "role": Role.EXPERT}, follow=True
        )
    assert "уже есть эта роль" in response.content.decode()
    assert expert.memberships.count() == 1
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_inviting_the_same_address_again_resends_the_open_invitation(
    login, federal, commit, mailoutbox
):
    client = login(federal)
    invite(client, commit, email="s@example.org", role=Role.EXPERT)
    with commit():
        response = client.post(NEW, {"email": "s@example.org", "role": Role.EXPERT}, follow=True)
    assert "отправили его ещё раз" in response.content.decode()
    assert Invitation.objects.count() == 1
    assert len(mailoutbox) == 2


def test_existing_account_accepts_by_link_and_keeps_its_password(
    client, federal, applicant, password, commit, mailoutbox
):
    with commit():
        outcome = invitation_create(invited_by=federal, email="later@example.org", role=Role.EXPERT)
    # The person registered on their own before opening the letter.
    user = UserFactory(email="later@example.org")
    path = link_path(mailoutbox[0], "/accounts/invitation/")
    page = client.get(path)
    assert "уже есть учётная запись" in page.content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert Membership.objects.filter(user=user, role=Role.EXPERT).exists()
    assert user.check_password(password)
    outcome.invitation.refresh_from_db()
    assert outcome.invitation.accepted_user == user


def test_someone_logged_in_as_another_person_cannot_use_the_link(
    login, federal, applicant, commit, mailoutbox
):
    with commit():
        invitation_create(invited_by=federal, email="s@example.org", role=Role.EXPERT)
    client = login(applicant)
    path = link_path(mailoutbox[0], "/accounts/invitation/")
    response = client.post(path, accept_data())
    assert response.status_code == 403
    assert "Приглашение адресовано s@example.org" in response.content.decode()
    assert not Membership.objects.filter(user=applicant, role=Role.EXPERT).exists()


def test_list_shows_each_invitation_with_its_status(login, federal, site_a, commit, settings):
    with commit():
        pending = invitation_create(invited_by=federal, email="p@example.org", role=Role.EXPERT)
        expired = invitation_create(invited_by=federal, email="e@example.org", role=Role.EXPERT)
        cancelled = invitation_create(invited_by=federal, email="c@example.org", role=Role.EXPERT)
    Invitation.objects.filter(pk=expired.invitation.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=settings.ACCOUNT_LINK_DAYS + 1)
    )
    Invitation.objects.filter(pk=cancelled.invitation.pk).update(status=InvitationStatus.CANCELLED)
    body = login(federal).get(LIST).content.decode()
    assert "p@example.org" in body and "Ожидает ответа" in body
    assert "e@example.org" in body and "Срок ссылки истёк" in body
    assert "c@example.org" in body and "Отменено" in body
    filtered = login(federal).get(LIST, {"state": "expired"}).content.decode()
    assert "e@example.org" in filtered
    assert "p@example.org" not in filtered
    assert pending.invitation.state == InvitationState.PENDING


def test_list_query_count_does_not_grow_with_rows(login, federal, site_a, site_b):
    client = login(federal)

    def add(count, start):
        for number in range(start, start + count):
            invitation_create(
                invited_by=federal,
                email=f"s{number}@example.org",
                role=Role.REGIONAL,
                pilot_site=site_a if number % 2 else site_b,
            )

    add(2, 0)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(LIST).context["page"].object_list) == 2
    add(18, 2)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(LIST).context["page"].object_list) == 20
    assert len(large) == len(small)


def test_cancel_of_an_accepted_invitation_is_refused_with_a_message(
    login, federal, applicant, commit
):
    with commit():
        outcome = invitation_create(invited_by=federal, email=applicant.email, role=Role.EXPERT)
    response = login(federal).post(
        reverse("accounts:invitation-cancel", args=[outcome.invitation.pk]), follow=True
    )
    assert "только неотвеченное" in response.content.decode()
    outcome.invitation.refresh_from_db()
    assert outcome.invitation.status == InvitationStatus.ACCEPTED

"""Login through Django's own LoginView (with axes' backend), logout, password reset."""

from __future__ import annotations

import pytest
from django.urls import reverse

from resursnaya_sreda.accounts.models import User
from tests.accounts.conftest import link_path
from tests.factories import UserFactory
from tests.second_factor import TEST_CODE

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_login_page_has_the_email_label_and_djangos_field_names(client):
    response = client.get(LOGIN)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Электронная почта" in body
    assert 'name="username"' in body
    assert 'name="password"' in body


def test_login_through_the_form_goes_to_the_cabinet(client, applicant, password):
    response = client.post(LOGIN, {"username": applicant.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:cabinet")
    assert client.session["_auth_user_id"] == str(applicant.pk)


def test_staff_login_through_the_form_asks_for_the_code_then_goes_to_the_cabinet(
    client, federal, password
):
    response = client.post(LOGIN, {"username": federal.email, "password": password})
    assert response["Location"] == reverse("accounts:login-verify")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("accounts:login-verify"), {"code": TEST_CODE})
    assert response["Location"] == reverse("accounts:cabinet")
    assert client.session["_auth_user_id"] == str(federal.pk)


def test_login_ignores_the_case_of_the_email(client, federal, password):
    response = client.post(LOGIN, {"username": federal.email.upper(), "password": password})
    assert response.status_code == 302


def test_login_follows_a_safe_next(client, applicant, password):
    response = client.post(
        f"{LOGIN}?next=/accounts/profile/", {"username": applicant.email, "password": password}
    )
    assert response["Location"] == "/accounts/profile/"


def test_wrong_password_gives_a_russian_message(client, federal):
    response = client.post(LOGIN, {"username": federal.email, "password": "wrong"})
    assert response.status_code == 200
    assert "Неверный адрес электронной почты или пароль" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_account_closed_by_an_administrator_cannot_log_in(client, password):
    user = UserFactory(is_active=False)
    response = client.post(LOGIN, {"username": user.email, "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_the_session(login, federal):
    client = login(federal)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == reverse("public:landing")
    assert "_auth_user_id" not in client.session


def test_logged_in_visitor_of_the_login_page_goes_to_the_cabinet(login, expert):
    response = login(expert).get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:cabinet")


# --- Password reset ---------------------------------------------------------------------------


def test_password_reset_sends_a_link_through_the_mail_task(client, commit, mailoutbox, applicant):
    with commit():
        response = client.post("/accounts/password-reset/", {"email": applicant.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mailoutbox[0].to == [applicant.email]
    assert mailoutbox[0].subject == "Восстановление пароля — «Ресурсная среда»"
    assert "Здравствуйте, Заявителев Захар Захарович!" in mailoutbox[0].body


def test_password_reset_link_sets_a_new_password_once(client, commit, mailoutbox, applicant):
    with commit():
        client.post("/accounts/password-reset/", {"email": applicant.email})
    path = link_path(mailoutbox[0], "/accounts/password-reset/")
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    assert "Задайте новый пароль" in response.content.decode()
    response = client.post(
        form_url, {"new_password1": "Zimnij-Les-42", "new_password2": "Zimnij-Les-42"}
    )
    assert response["Location"] == reverse("accounts:password-reset-complete")
    assert User.objects.get(pk=applicant.pk).check_password("Zimnij-Les-42")
    response = client.get(path, follow=True)
    assert "Ссылка не действует" in response.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client, commit, mailoutbox
):
    with commit():
        response = client.post("/accounts/password-reset/", {"email": "ghost@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mailoutbox == []


def test_password_reset_pages_are_in_russian(client):
    assert "Восстановление пароля" in client.get("/accounts/password-reset/").content.decode()
    assert "Проверьте почту" in client.get("/accounts/password-reset/sent/").content.decode()
    assert "Пароль изменён" in client.get("/accounts/password-reset/complete/").content.decode()

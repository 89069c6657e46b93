"""The admin's login page is the portal's login behind the admin's look: password, then the
second factor; it admits people by their portal roles."""

import pytest

from tests.second_factor import TEST_CODE

pytestmark = pytest.mark.django_db


def admin_login(client, user, password):
    """Both steps, as a person does them: the admin's form, then the code."""
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": user.email, "password": password, "next": "/admin/"},
    )
    assert response["Location"] == "/accounts/login/code/"
    return client.post("/accounts/login/code/", {"code": TEST_CODE})


def test_federal_coordinator_without_is_staff_logs_in_to_the_admin(client, federal, password):
    assert not federal.is_staff
    response = admin_login(client, federal, password)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_expert_logs_in_to_the_admin(client, expert, password):
    response = admin_login(client, expert, password)
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_password_alone_does_not_open_the_admin(client, federal, password):
    client.post(
        "/admin/login/?next=/admin/",
        {"username": federal.email, "password": password, "next": "/admin/"},
    )
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("role", ["applicant", "regional_a"])
def test_other_roles_are_refused_by_the_admin_login(client, request, role, password):
    user = request.getfixturevalue(role)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": user.email, "password": password, "next": "/admin/"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", ["applicant", "regional_a"])
def test_other_roles_logged_in_to_the_portal_are_refused_by_the_admin(
    client, request, role, password
):
    user = request.getfixturevalue(role)
    client.post("/accounts/login/", {"username": user.email, "password": password})
    if role == "regional_a":
        client.post("/accounts/login/code/", {"code": TEST_CODE})
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/").status_code == 403


def test_the_change_log_section_of_the_admin_is_named_in_russian(client, federal):
    client.force_login(federal, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get("/admin/").content.decode()
    assert "Журнал изменений" in page
    assert "Audit log" not in page

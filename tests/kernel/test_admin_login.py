"""The admin's own login page admits people by their portal roles."""

import pytest

pytestmark = pytest.mark.django_db


def admin_login(client, user, password):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": user.email, "password": password, "next": "/admin/"},
    )


def test_federal_coordinator_without_is_staff_logs_in_to_the_admin(client, federal, password):
    assert not federal.is_staff
    response = admin_login(client, federal, password)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_expert_logs_in_to_the_admin(client, expert, password):
    response = admin_login(client, expert, password)
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["applicant", "regional_a"])
def test_other_roles_are_refused_by_the_admin_login(client, request, role, password):
    user = request.getfixturevalue(role)
    response = admin_login(client, user, password)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_change_log_section_of_the_admin_is_named_in_russian(client, federal):
    client.force_login(federal, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get("/admin/").content.decode()
    assert "Журнал изменений" in page
    assert "Audit log" not in page

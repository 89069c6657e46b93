"""The second factor: enrolment, the code step, lockout, reuse, recovery codes, reset."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django_otp.plugins.otp_totp.models import TOTPDevice

from resursnaya_sreda.accounts import factors
from resursnaya_sreda.accounts.models import Role, UserSession
from tests import second_factor
from tests.factories import MembershipFactory, UserFactory
from tests.security.totp import code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
VERIFY = "/accounts/login/code/"
ENROL = "/accounts/security/app/"


@pytest.fixture
def staff(without_auto_factor, password):
    user = UserFactory(email="staff@test.example")
    MembershipFactory(user=user, role=Role.FEDERAL)
    return user


@pytest.fixture
def enrolled(staff):
    device = factors.totp_device_enrol_with_secret(
        user=staff, secret_base32=factors.DEMO_TOTP_SECRET
    )
    factors.recovery_codes_generate(user=staff)
    return device


def password_step(client, user, password):
    return client.post(LOGIN, {"username": user.email, "password": password})


def test_staff_without_a_factor_is_logged_in_and_sent_to_enrolment(client, staff, password):
    password_step(client, staff, password)
    response = client.get("/accounts/cabinet/")
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=/accounts/cabinet/"


def test_enrolment_shows_a_qr_code_and_the_secret_and_a_right_code_confirms(
    client, staff, password
):
    password_step(client, staff, password)
    page = client.get(ENROL).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    secret = factors.totp_secret_base32(device)
    assert secret in page
    response = client.post(ENROL, {"code": code(secret)})
    assert response["Location"].startswith("/accounts/security/recovery-codes/")
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(response["Location"]).content.decode()
    assert codes_page.count("-") >= factors.RECOVERY_CODE_COUNT
    assert client.get("/accounts/cabinet/").status_code == 200


def test_a_wrong_code_does_not_confirm_the_app(client, staff, password):
    password_step(client, staff, password)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 200
    assert "Код не подошёл" in response.content.decode()
    assert not factors.has_second_factor(staff)


def test_password_alone_does_not_log_in_a_person_with_a_factor(client, enrolled, password):
    response = password_step(client, enrolled.user, password)
    assert response["Location"] == VERIFY
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/cabinet/")["Location"].startswith(LOGIN)


def test_the_code_step_is_a_form_with_one_visible_text_field(client, enrolled, password):
    password_step(client, enrolled.user, password)
    page = client.get(VERIFY).content.decode()
    form = page[page.index("<form") : page.index("</form>")]
    visible_inputs = [
        chunk for chunk in form.split("<input")[1:] if 'type="hidden"' not in chunk.split(">")[0]
    ]
    assert len(visible_inputs) == 1
    assert 'name="code"' in visible_inputs[0]


def test_the_right_code_completes_the_login(client, enrolled, password):
    password_step(client, enrolled.user, password)
    response = client.post(VERIFY, {"code": code(factors.DEMO_TOTP_SECRET)})
    assert response["Location"] == "/accounts/cabinet/"
    assert client.get("/accounts/cabinet/").status_code == 200


def test_a_reused_code_is_refused(client, enrolled, password):
    current = code(factors.DEMO_TOTP_SECRET)
    password_step(client, enrolled.user, password)
    assert client.post(VERIFY, {"code": current})["Location"] == "/accounts/cabinet/"
    client.post("/accounts/logout/")
    password_step(client, enrolled.user, password)
    response = client.post(VERIFY, {"code": current})
    assert response.status_code == 200
    assert "уже использован" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once(client, staff, password):
    factors.totp_device_enrol_with_secret(user=staff, secret_base32=factors.DEMO_TOTP_SECRET)
    recovery = factors.recovery_codes_generate(user=staff)[0]
    password_step(client, staff, password)
    response = client.post(VERIFY, {"code": recovery})
    assert response["Location"] == "/accounts/cabinet/"
    assert factors.recovery_codes_left(staff) == factors.RECOVERY_CODE_COUNT - 1
    client.post("/accounts/logout/")
    password_step(client, staff, password)
    assert client.post(VERIFY, {"code": recovery}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_five_wrong_codes_lock_the_account_like_passwords(client, enrolled, password, settings):
    settings.AXES_FAILURE_LIMIT = 5
    password_step(client, enrolled.user, password)
    statuses = [client.post(VERIFY, {"code": "000000"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # Even the password and then the right code no longer get in from this address.
    assert password_step(client, enrolled.user, password).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_code_step_expires(client, enrolled, password, settings, monkeypatch):
    password_step(client, enrolled.user, password)
    settings.SECOND_FACTOR_PENDING_SECONDS = -1
    response = client.post(VERIFY, {"code": code(factors.DEMO_TOTP_SECRET)})
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_an_applicant_may_enrol_and_then_logs_in_with_a_code(client, applicant, password):
    client.post(LOGIN, {"username": applicant.email, "password": password})
    assert client.get("/accounts/cabinet/").status_code == 200
    client.get(ENROL)
    secret = factors.totp_secret_base32(TOTPDevice.objects.get(user=applicant))
    client.post(ENROL, {"code": code(secret)})
    client.post("/accounts/logout/")
    assert password_step(client, applicant, password)["Location"] == VERIFY
    response = client.post(VERIFY, {"code": code(secret, steps_ahead=1)})
    assert response["Location"] == "/accounts/cabinet/"


def test_a_federal_coordinator_resets_factors_with_a_record_in_the_history(
    client, login, federal, enrolled, password
):
    client_b = type(client)()
    password_step(client_b, enrolled.user, password)
    client_b.post(VERIFY, {"code": code(factors.DEMO_TOTP_SECRET)})
    assert UserSession.objects.filter(user=enrolled.user).count() == 1

    second_factor.state.enabled = True  # the coordinator is logged in as every test does
    login(federal)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [enrolled.user.pk]},
    )
    assert response.status_code == 302
    assert not factors.has_second_factor(enrolled.user)
    assert not UserSession.objects.filter(user=enrolled.user).exists()
    assert client_b.get("/accounts/cabinet/")["Location"].startswith(LOGIN)
    entry = LogEntry.objects.get_for_object(enrolled.user).latest("timestamp")
    assert entry.actor == federal
    assert "второй фактор сброшен" in str(entry.changes)


def test_only_a_federal_coordinator_may_reset(enrolled, regional_a):
    with pytest.raises(PermissionError, match="federal"):
        factors.factors_reset(user=enrolled.user, by=regional_a)


def test_a_person_sees_their_sessions_and_ends_the_others(client, login, applicant, password):
    other = type(client)()
    other.post(LOGIN, {"username": applicant.email, "password": password})
    login(applicant)
    page = client.get("/accounts/security/").content.decode()
    assert "этот сеанс" in page
    assert UserSession.objects.filter(user=applicant).count() == 2
    client.post("/accounts/security/sessions/end/")
    assert UserSession.objects.filter(user=applicant).count() == 1
    assert other.get("/accounts/cabinet/").status_code == 302
    assert client.get("/accounts/cabinet/").status_code == 200


def test_a_staff_session_ends_after_idle_time(client, login, federal, settings):
    import time

    login(federal)
    session = client.session
    session["_portal_session_seen"] = int(time.time()) - 31 * 60
    session.save()
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    response = client.get("/accounts/cabinet/")
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_a_staff_session_ends_after_a_working_day_however_active(client, login, federal, settings):
    import time

    login(federal)
    session = client.session
    session["_portal_session_started"] = int(time.time()) - 10 * 3600
    session.save()
    settings.STAFF_SESSION_MAX_HOURS = 9
    assert client.get("/accounts/cabinet/")["Location"].startswith(LOGIN)


def test_an_applicant_session_is_not_cut_after_idle_time(client, login, applicant):
    import time

    login(applicant)
    session = client.session
    session["_portal_session_seen"] = int(time.time()) - 5 * 3600
    session.save()
    assert client.get("/accounts/cabinet/").status_code == 200

"""A staff user without a verified second factor is never served any page.

The URLs come from the URL resolver (tests/security/urls.py), so a new app's pages are in the
matrix the day they are added. Only enrolment, the code step, logout, the consent text and the
health check stay open.
"""

from __future__ import annotations

import pytest

from resursnaya_sreda.accounts import factors
from resursnaya_sreda.accounts.middleware import OPEN_URL_NAMES
from tests.security.urls import all_urls

pytestmark = pytest.mark.django_db

ENROL = "/accounts/security/app/"
VERIFY = "/accounts/login/code/"
# Served before the gate on purpose: public media (re-encoded images) and the admin's
# JavaScript translations, which hold no data.
NOT_GATED = {"public-media"}


def gated_urls():
    return [url for url in all_urls() if url.name not in OPEN_URL_NAMES | NOT_GATED]


def test_the_matrix_covers_every_app():
    names = {url.name.split(":")[0] for url in gated_urls()}
    assert {"admin", "accounts", "reports", "practices", "events", "files", "public"} <= names
    assert len(gated_urls()) > 100


def _refusals(client, expected_prefix):
    served = []
    for url in gated_urls():
        response = client.get(url.path)
        location = response.get("Location", "")
        if response.status_code != 302 or not location.startswith(expected_prefix):
            served.append((url.name, url.path, response.status_code, location))
    return served


@pytest.mark.parametrize("role", ["federal", "regional_a", "expert"])
def test_staff_without_a_factor_is_sent_to_enrolment_from_every_url(
    request, without_auto_factor, login_unverified, client, role
):
    user = request.getfixturevalue(role)
    assert not factors.has_second_factor(user)
    login_unverified(user)
    assert _refusals(client, ENROL) == []


def test_staff_with_a_factor_but_an_unverified_session_is_sent_to_the_code_step(
    without_auto_factor, login_unverified, client, federal
):
    factors.totp_device_enrol_with_secret(user=federal, secret_base32=factors.DEMO_TOTP_SECRET)
    login_unverified(federal)
    assert _refusals(client, VERIFY) == []


def test_an_htmx_request_is_redirected_by_header(
    without_auto_factor, login_unverified, client, federal
):
    login_unverified(federal)
    response = client.get("/reports/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(ENROL)


def test_a_verified_staff_session_is_served(login, client, federal):
    login(federal)
    assert client.get("/accounts/cabinet/").status_code == 200
    assert client.get("/admin/").status_code == 200

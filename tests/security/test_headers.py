"""Security headers on every HTML page: CSP without inline scripts, Referrer, Permissions."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

PAGES = ["/", "/accounts/login/", "/accounts/register/", "/accounts/password-reset/", "/news/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_content_security_policy_without_inline_scripts(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_no_inline_script_or_event_handler(client, path):
    body = client.get(path).content.decode()
    for script in re.findall(r"<script\b[^>]*>", body):
        assert "src=" in script or 'type="application/json"' in script, script
    assert not re.search(r"\son[a-z]+\s*=", body)


def test_staff_pages_too(login, federal):
    client = login(federal)
    for path in ["/accounts/cabinet/", "/accounts/security/", "/reports/", "/admin/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "script-src 'self'" in response["Content-Security-Policy"]
        body = response.content.decode()
        for script in re.findall(r"<script\b[^>]*>", body):
            assert "src=" in script or 'type="application/json"' in script, (path, script)

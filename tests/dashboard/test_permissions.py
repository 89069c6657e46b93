"""Who may open the federal view: every role × every page; another site's records are 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

PAGES = [
    ("dashboard:plan", (), {}),
    ("dashboard:cell", ("seminars",), {}),
]


@pytest.mark.parametrize("name, args, query", PAGES)
@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 302),
        ("applicant", 403),
        ("expert", 403),
        ("regional_a", 200),
        ("federal", 200),
    ],
)
def test_matrix(request, roadmap, site_a, site_b, login, client, name, args, query, role, status):
    user = request.getfixturevalue(role)
    if role != "anonymous":
        client = login(user)
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))

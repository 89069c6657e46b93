"""Who sees and does what: federal, regional A, regional B, expert, applicant, anonymous.

Another region's entry is a 404, never a 403 that would confirm it exists.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

VIEWER = {
    "federal": 200,
    "regional_a": 200,
    "regional_b": 404,
    "expert": 404,
    "applicant": 200,
    "applicant_b": 404,
    "anonymous": 302,
}


@pytest.fixture
def users(federal, regional_a, regional_b, expert, applicant, applicant_b, anonymous):
    return {
        "federal": federal,
        "regional_a": regional_a,
        "regional_b": regional_b,
        "expert": expert,
        "applicant": applicant,
        "applicant_b": applicant_b,
        "anonymous": anonymous,
    }


@pytest.mark.parametrize(("who", "status"), VIEWER.items())
def test_the_entry_page(users, login, submitted_entry, who, status):
    response = login(users[who]).get(reverse("contest:entry", args=[submitted_entry.pk]))
    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("who", "status"),
    {
        "federal": 302,
        "regional_a": 302,
        "regional_b": 404,
        "expert": 404,
        "applicant": 302,
        "applicant_b": 404,
    }.items(),
)
def test_ticking_the_checklist(users, login, submitted_entry, who, status):
    response = login(users[who]).post(
        reverse("contest:check-item", args=[submitted_entry.pk]),
        {"item": "legible", "passed": "on"},
    )
    # The applicant sees the entry but is not staff for it: PermissionDenied.
    expected = 403 if who == "applicant" else status
    assert response.status_code == expected
    assert submitted_entry.checks.filter(passed=True).exists() == (expected == 302)


@pytest.mark.parametrize(
    ("who", "status"),
    {"federal": 302, "regional_a": 403, "regional_b": 404, "applicant": 403}.items(),
)
def test_recording_the_sending(users, login, checked_entry, who, status):
    response = login(users[who]).post(
        reverse("contest:sent", args=[checked_entry.pk]),
        {"sent_on": "2020-09-01", "organiser_number": "1"},
    )
    assert response.status_code == status
    checked_entry.refresh_from_db()
    assert (checked_entry.state == "sent") == (status == 302)


@pytest.mark.parametrize(
    ("who", "status"),
    {
        "applicant": 200,
        "regional_a": 200,
        "regional_b": 404,
        "applicant_b": 404,
        "federal": 200,
    }.items(),
)
def test_editing_a_draft(users, login, draft_entry, who, status):
    response = login(users[who]).get(reverse("contest:edit", args=[draft_entry.pk]))
    if who == "federal":
        # Federal coordinators read the entry; filling it in is the applicant's and the region's.
        assert response.status_code == 302
        assert response.url == reverse("contest:entry", args=[draft_entry.pk])
    else:
        assert response.status_code == status


def test_an_entry_file_of_another_region_is_a_404(login, regional_b, submitted_entry):
    attachment = submitted_entry.attachments.first()
    response = login(regional_b).get(attachment.file.url)
    assert response.status_code == 404


def test_lists_show_only_what_the_user_may_see(
    login, submitted_entry, regional_b, applicant_b, federal
):
    for user, visible in ((regional_b, False), (applicant_b, False), (federal, True)):
        page = login(user).get(reverse("contest:entries")).content.decode()
        assert (submitted_entry.title in page) == visible


def test_the_readiness_page_is_for_staff(login, applicant, expert, contest):
    assert login(applicant).get(reverse("contest:readiness")).status_code == 403
    assert login(expert).get(reverse("contest:readiness")).status_code == 403


def test_only_the_editor_opens_the_collection_editor(
    login, regional_a, applicant, federal, contest
):
    assert login(regional_a).get(reverse("collection:editor")).status_code == 404
    assert login(applicant).get(reverse("collection:editor")).status_code == 404
    assert login(federal).get(reverse("collection:editor")).status_code == 200

"""Every role × every page of a questionnaire: who sees it, who may act, who gets a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from practices import services
from practices.models import Attachment

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "applicant", "applicant_b", "regional_a", "regional_b", "federal", "expert"]


def _status(request, login, role, method, url, data=None):
    user = request.getfixturevalue(role)
    client = login(user)
    response = client.get(url) if method == "get" else client.post(url, data or {})
    return response.status_code


# (page, method, data) -> expected status per role, on pilot site A's submitted questionnaire.
HACK = {"version": "1", "title": "Взлом"}
SUBMITTED_MATRIX = [
    ("detail", "get", None, [302, 200, 404, 200, 404, 200, 404]),
    ("edit", "get", None, [302, 200, 404, 302, 404, 302, 404]),
    ("edit", "post", HACK, [302, 403, 404, 302, 404, 302, 404]),
    ("autosave", "post", HACK, [302, 403, 404, 403, 404, 403, 404]),
    ("withdraw", "get", None, [302, 200, 404, 403, 404, 403, 404]),
    ("review", "post", {"action": "take"}, [302, 403, 404, 302, 404, 302, 404]),
    ("comment-add", "post", {"text": "Заметка"}, [302, 403, 404, 302, 404, 302, 404]),
    ("attachment-add", "post", {}, [302, 403, 404, 403, 404, 403, 404]),
]


def _url(page, pk):
    if page in {"edit", "autosave"}:
        return reverse(f"practices:{page}", args=[pk, "practice"])
    return reverse(f"practices:{page}", args=[pk])


@pytest.mark.parametrize(
    ("page", "method", "data", "statuses"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in SUBMITTED_MATRIX],
)
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_submitted_questionnaire_matrix(
    request, login, submitted_a, applicant_b, regional_b, page, method, data, statuses, role_index
):
    role = ROLES[role_index]
    expected = statuses[role_index]
    status = _status(request, login, role, method, _url(page, submitted_a.pk), data)
    assert status == expected, f"{role} {method.upper()} {page}: {status}, expected {expected}"


DRAFT_MATRIX = [
    ("detail", "get", None, [302, 200, 404, 404, 404, 404, 404]),
    ("edit", "get", None, [302, 200, 404, 404, 404, 404, 404]),
    ("submit", "post", {}, [302, 302, 404, 404, 404, 404, 404]),
]


@pytest.mark.parametrize(
    ("page", "method", "data", "statuses"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in DRAFT_MATRIX],
)
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_draft_is_the_applicants_alone(
    request,
    login,
    draft_a,
    applicant_b,
    regional_a,
    regional_b,
    page,
    method,
    data,
    statuses,
    role_index,
):
    role = ROLES[role_index]
    expected = statuses[role_index]
    status = _status(request, login, role, method, _url(page, draft_a.pk), data)
    assert status == expected, f"{role} {method.upper()} {page}: {status}, expected {expected}"


LIST_MATRIX = {
    "practices:review-list": [302, 403, 403, 200, 200, 200, 403],
    "practices:my-list": [302, 200, 200, 200, 200, 200, 200],
    "practices:catalogue": [200] * 7,
    "practices:apply": [200] * 7,
}


@pytest.mark.parametrize("name", list(LIST_MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_list_pages_matrix(
    request, login, step1, applicant_b, regional_a, regional_b, name, role_index
):
    role = ROLES[role_index]
    status = _status(request, login, role, "get", reverse(name))
    assert status == LIST_MATRIX[name][role_index]


def test_regional_b_does_not_see_region_a_in_the_list(login, submitted_a, submitted_b, regional_b):
    content = login(regional_b).get(reverse("practices:review-list")).content.decode()
    assert submitted_b.title in content
    assert f'href="/practices/questionnaires/{submitted_a.pk}/"' not in content


def test_regional_a_list_shows_only_region_a(login, submitted_a, submitted_b, regional_a):
    response = login(regional_a).get(reverse("practices:review-list"))
    assert [q.pk for q in response.context["questionnaires"]] == [submitted_a.pk]


def test_federal_list_shows_every_region(login, submitted_a, submitted_b, federal):
    response = login(federal).get(reverse("practices:review-list"))
    assert {q.pk for q in response.context["questionnaires"]} == {submitted_a.pk, submitted_b.pk}


def test_applicant_never_sees_staff_comments(login, submitted_a, regional_a, applicant):
    services.staff_comment_add(questionnaire=submitted_a, by=regional_a, text="Внутренняя заметка")
    assert (
        "Внутренняя заметка"
        in login(regional_a)
        .get(reverse("practices:detail", args=[submitted_a.pk]))
        .content.decode()
    )
    assert (
        "Внутренняя заметка"
        not in login(applicant)
        .get(reverse("practices:detail", args=[submitted_a.pk]))
        .content.decode()
    )


def test_attachment_download_follows_the_questionnaire(
    login, draft_a, applicant, applicant_b, regional_a, photo_upload
):
    from practices.uploads import attachment_file_field

    upload = attachment_file_field().clean(photo_upload)
    attachment = services.attachment_add(questionnaire=draft_a, by=applicant, upload=upload)
    url = reverse("files:download", args=["practices-attachment", attachment.pk])
    response = login(applicant).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert login(applicant_b).get(url).status_code == 404
    # A draft's files are not the regional centre's yet.
    assert login(regional_a).get(url).status_code == 404


def test_photos_of_a_published_practice_are_public(
    login, submitted_a, applicant, federal, anonymous, photo_upload
):
    from practices.uploads import attachment_file_field

    submitted_a.state = "returned"
    submitted_a.save()
    upload = attachment_file_field().clean(photo_upload)
    photo = services.attachment_add(questionnaire=submitted_a, by=applicant, upload=upload)
    submitted_a.state = "submitted"
    submitted_a.save()
    url = reverse("files:thumbnail", args=["practices-attachment", photo.pk])
    assert login(anonymous).get(url).status_code == 404
    services.questionnaire_publish(questionnaire=submitted_a, by=federal)
    assert login(anonymous).get(url).status_code == 200
    assert login(anonymous).get(reverse("practices:photo", args=[photo.pk])).status_code == 200
    assert Attachment.objects.count() == 1

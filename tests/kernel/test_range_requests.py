# ruff: noqa: F811 -- the fixtures imported from tests.kernel.files.models are parameters here
"""Private files answer one byte range (206), so a browser can play and seek a video."""

from __future__ import annotations

import pytest

from resursnaya_sreda.kernel.files import RangeNotSatisfiable, parse_range
from tests.kernel import files
from tests.kernel.files.models import attachment_model, django_db_setup  # noqa: F401
from tests.kernel.test_uploads_storage import make_attachment


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=990-5000", (990, 999)),
        ("BYTES = 5 - 9", (5, 9)),
        (None, None),
        ("", None),
        ("bytes=0-1,5-9", None),  # several ranges: the whole file instead
        ("items=0-9", None),
        ("bytes=9-5", None),
        ("bytes=-", None),
    ],
)
def test_parse_range(header, expected):
    assert parse_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_a_range_past_the_end_cannot_be_satisfied(header):
    with pytest.raises(RangeNotSatisfiable):
        parse_range(header, 1000)


@pytest.fixture
def owner(db):
    from tests.factories import UserFactory

    return UserFactory(email="owner@test.example")


@pytest.mark.django_db
def test_a_range_request_gets_that_part_only(attachment_model, owner, login):
    data = files.pdf()
    attachment = make_attachment(attachment_model)
    response = login(owner).get(attachment.file.url, HTTP_RANGE="bytes=10-19")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-19/{len(data)}"
    assert response["Content-Length"] == "10"
    assert response["Content-Type"] == "application/pdf"
    assert response["Accept-Ranges"] == "bytes"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == data[10:20]


@pytest.mark.django_db
def test_the_whole_file_says_ranges_are_accepted(attachment_model, owner, login):
    attachment = make_attachment(attachment_model)
    response = login(owner).get(attachment.file.url)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"


@pytest.mark.django_db
def test_a_range_past_the_end_is_416_with_the_size(attachment_model, owner, login):
    data = files.pdf()
    attachment = make_attachment(attachment_model)
    response = login(owner).get(attachment.file.url, HTTP_RANGE=f"bytes={len(data) + 5}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(data)}"


@pytest.mark.django_db
def test_if_range_sends_the_whole_file(attachment_model, owner, login):
    attachment = make_attachment(attachment_model)
    response = login(owner).get(attachment.file.url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"etag"')
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_range_does_not_bypass_the_permission_check(attachment_model, applicant, login):
    attachment = make_attachment(attachment_model)
    response = login(applicant).get(attachment.file.url, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 404

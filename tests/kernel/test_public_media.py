"""/media/ serves the public tree and nothing outside it."""

import pytest


@pytest.fixture
def cover(settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    storages["default"].save("news/2026/cover.jpg", ContentFile(b"\xff\xd8\xff\xe0 not decoded"))
    storages["private"].save("scan.pdf", ContentFile(b"%PDF-1.7 private"))
    return "news/2026/cover.jpg"


def test_a_public_file_is_served_at_media(client, cover):
    response = client.get(f"/media/{cover}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["../private/scan.pdf", "..%2Fprivate%2Fscan.pdf", "nothing.jpg"])
def test_private_files_and_missing_ones_are_not_reachable_through_media(client, cover, path):
    response = client.get(f"/media/{path}")
    assert response.status_code in (400, 404)
    assert b"private" not in response.content

"""/media/ serves the public tree and nothing outside it."""

import pytest


@pytest.fixture
def cover(settings):
    folder = settings.PUBLIC_MEDIA_ROOT / "news" / "2026"
    folder.mkdir(parents=True)
    (folder / "cover.jpg").write_bytes(b"\xff\xd8\xff\xe0 not decoded here")
    (settings.PRIVATE_MEDIA_ROOT).mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "scan.pdf").write_bytes(b"%PDF-1.7 private")
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

"""The cut's resumable upload (tus 1.0): creation, pieces, a dropped connection and resuming,
two tabs, limits, a renamed non-video, another region's upload."""

from __future__ import annotations

import base64
import io
import shutil

import pytest
from django.urls import reverse

from tests.videos.factories import make_video, move_to
from videos import services
from videos.models import CheckState, Cut, CutUpload, CutUploadPart, UploadState

pytestmark = pytest.mark.django_db
TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}
# The start of an MP4 file: enough for the first piece to be recognised as a video.
MP4_HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"


@pytest.fixture
def filming(story_a, regional_a, federal):
    return move_to(story_a, "filming", regional=regional_a, federal=federal)


def _meta(name: str) -> str:
    return "filename " + base64.b64encode(name.encode()).decode()


def _create(client, story, length, name="монтаж.mp4"):
    return client.post(
        reverse("videos:upload-create", args=[story.pk]),
        HTTP_UPLOAD_LENGTH=str(length),
        HTTP_UPLOAD_METADATA=_meta(name),
        **TUS,
    )


def _patch(client, url, offset, data):
    return client.generic(
        "PATCH",
        url,
        data=data,
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
        **TUS,
    )


def _head(client, url):
    return client.head(url, **TUS)


class Dropped(io.BytesIO):
    """A request body whose connection drops after ``limit`` bytes."""

    def __init__(self, data: bytes, limit: int) -> None:
        super().__init__(data)
        self.limit = limit

    def read(self, size: int = -1) -> bytes:
        if self.tell() >= self.limit:
            raise OSError("connection reset by peer")
        size = self.limit - self.tell() if size < 0 else min(size, self.limit - self.tell())
        return super().read(size)


def test_options_tell_the_client_what_the_server_supports(login, regional_a, filming):
    client = login(regional_a)
    response = client.options(reverse("videos:upload-create", args=[filming.pk]))
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert response["Tus-Extension"] == "creation,termination,expiration"
    assert int(response["Tus-Max-Size"]) == 4096 * 1024 * 1024


def test_a_whole_upload_in_pieces_becomes_a_checked_cut(
    login, regional_a, filming, tmp_path, django_capture_on_commit_callbacks
):
    if shutil.which("ffprobe") is None:
        pytest.skip("needs Debian's ffmpeg (make ffmpeg)")
    data = make_video(tmp_path).read_bytes()
    client = login(regional_a)
    created = _create(client, filming, len(data))
    assert created.status_code == 201
    url = created["Location"]
    assert created["Tus-Resumable"] == "1.0.0"
    middle = len(data) // 2
    first = _patch(client, url, 0, data[:middle])
    assert (first.status_code, first["Upload-Offset"]) == (204, str(middle))
    assert _head(client, url)["Upload-Offset"] == str(middle)
    with django_capture_on_commit_callbacks(execute=True):
        last = _patch(client, url, middle, data[middle:])
    assert last["Upload-Offset"] == str(len(data))
    upload = CutUpload.objects.get()
    assert upload.state == UploadState.COMPLETE
    cut = Cut.objects.get()
    assert cut.display_name == "монтаж.mp4"
    assert cut.check_state == CheckState.PASSED
    with cut.file.open("rb") as handle:
        assert handle.read() == data
    assert not CutUploadPart.objects.exists()  # the pieces were joined and removed


def test_a_dropped_connection_keeps_what_arrived_and_the_upload_resumes(
    login, regional_a, filming, tmp_path, django_capture_on_commit_callbacks
):
    data = MP4_HEAD + bytes(range(256)) * 64
    client = login(regional_a)
    upload = services.upload_create(
        story=filming, by=regional_a, length=len(data), filename="a.mp4"
    )
    stored = services.upload_append(
        upload=upload, by=regional_a, offset=0, stream=Dropped(data, 5000), declared=len(data)
    )
    assert stored.offset == 5000  # what arrived before the drop is kept
    url = reverse("videos:upload", args=[upload.pk])
    head = _head(client, url)
    assert (head.status_code, head["Upload-Offset"], head["Upload-Length"]) == (
        200,
        "5000",
        str(len(data)),
    )
    assert head["Cache-Control"] == "no-store"
    with django_capture_on_commit_callbacks(execute=False):
        done = _patch(client, url, 5000, data[5000:])
    assert done.status_code == 204
    cut = CutUpload.objects.get(pk=upload.pk).cut
    joined = io.BytesIO()
    services.uploads.cut_assemble(cut, joined)
    assert joined.getvalue() == data


def test_a_piece_at_the_wrong_offset_is_refused_with_the_right_one(login, regional_a, filming):
    client = login(regional_a)
    data = MP4_HEAD + b"\x01" * 5000
    url = _create(client, filming, len(data))["Location"]
    _patch(client, url, 0, data[:1000])
    # A second tab sends the same first piece again: it is told where the upload really is.
    again = _patch(client, url, 0, data[:1000])
    assert again.status_code == 409
    assert again["Upload-Offset"] == "1000"
    assert _head(client, url)["Upload-Offset"] == "1000"
    assert CutUploadPart.objects.count() == 1


def test_a_second_upload_of_the_same_story_is_refused_while_one_is_running(
    login, regional_a, filming
):
    client = login(regional_a)
    assert _create(client, filming, 10_000).status_code == 201
    second = _create(client, filming, 20_000)
    assert second.status_code == 409
    assert "уже загружается" in second.content.decode()


def test_a_stale_unfinished_upload_gives_way_to_a_new_one(login, regional_a, filming):
    import datetime

    from django.utils import timezone

    client = login(regional_a)
    _create(client, filming, 10_000)
    CutUpload.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    assert _create(client, filming, 20_000).status_code == 201
    assert list(CutUpload.objects.order_by("created_at").values_list("state", flat=True)) == [
        UploadState.ABORTED,
        UploadState.RECEIVING,
    ]


def test_a_file_over_the_limit_is_refused_before_anything_is_stored(
    login, regional_a, filming, settings
):
    settings.VIDEOS_MAX_UPLOAD_BYTES = 1024 * 1024
    response = _create(login(regional_a), filming, 5 * 1024 * 1024)
    assert response.status_code == 413
    assert response.content.decode() == (
        "Файл 5 МБ больше допустимых 1 МБ: сожмите видео или обратитесь в федеральный центр."
    )
    assert not CutUpload.objects.exists()


def test_a_renamed_document_is_refused_at_the_first_piece(login, regional_a, filming):
    client = login(regional_a)
    data = b"%PDF-1.7\n" + b"0" * 20_000
    url = _create(client, filming, len(data), "сюжет.mp4")["Location"]
    response = _patch(client, url, 0, data[:10_000])
    assert response.status_code == 415
    assert response.content.decode() == (
        "Файл не похож на видео: по содержимому это документ PDF. Загрузите смонтированный ролик."
    )
    upload = CutUpload.objects.get()
    assert upload.state == UploadState.ABORTED
    assert not CutUploadPart.objects.exists()
    assert _head(client, url).status_code == 410


def test_the_client_may_terminate_an_upload(login, regional_a, filming):
    client = login(regional_a)
    data = MP4_HEAD + b"\x01" * 5000
    url = _create(client, filming, len(data))["Location"]
    _patch(client, url, 0, data[:2000])
    assert client.delete(url, **TUS).status_code == 204
    assert CutUpload.objects.get().state == UploadState.ABORTED
    assert not CutUploadPart.objects.exists()


def test_another_regions_staff_cannot_see_or_feed_an_upload(
    login, regional_a, regional_b, filming, client
):
    url = _create(login(regional_a), filming, 5000)["Location"]
    other = login(regional_b)
    assert _head(other, url).status_code == 404
    assert _patch(other, url, 0, b"\x00" * 100).status_code == 404
    assert _create(other, filming, 5000).status_code == 404
    client.logout()
    assert _head(client, url).status_code == 403


def test_no_upload_before_filming(login, regional_a, story_a):
    response = _create(login(regional_a), story_a, 5000)
    assert response.status_code == 403
    assert "во время съёмки" in response.content.decode()


def test_the_wrong_protocol_version_is_refused(login, regional_a, filming):
    response = login(regional_a).post(
        reverse("videos:upload-create", args=[filming.pk]),
        HTTP_UPLOAD_LENGTH="100",
        HTTP_TUS_RESUMABLE="0.2.2",
    )
    assert response.status_code == 412


def test_abandoned_uploads_expire_with_their_pieces(regional_a, filming, settings):
    import datetime

    from django.utils import timezone

    data = MP4_HEAD + b"\x01" * 5000
    upload = services.upload_create(story=filming, by=regional_a, length=len(data), filename="a")
    services.upload_append(
        upload=upload, by=regional_a, offset=0, stream=io.BytesIO(data[:3000]), declared=3000
    )
    assert services.upload_expire() == 0
    later = timezone.now() + datetime.timedelta(hours=settings.VIDEOS_UPLOAD_EXPIRY_HOURS + 1)
    assert services.upload_expire(now=later) == 1
    assert CutUpload.objects.get().state == UploadState.ABORTED
    assert not CutUploadPart.objects.exists()

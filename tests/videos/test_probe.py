"""The machine check on real short videos that ffmpeg makes for each test."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from tests.videos.factories import make_video, spec_for
from videos import probe, services
from videos.models import CheckState, Cut

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("ffprobe") is None, reason="needs Debian's ffmpeg (make ffmpeg)"
    ),
]


def _report(path: Path, spec) -> dict[str, dict]:
    result = probe.probe(path)
    result.loudness = probe.measure_loudness(path)
    lines = probe.check(result, spec, size=path.stat().st_size)
    return {line["code"]: line for line in lines}


def test_a_video_that_meets_the_specification_passes(tmp_path, programme):
    report = _report(make_video(tmp_path), spec_for(programme))
    assert all(line["ok"] for line in report.values()), report
    assert report["duration"]["message"] == "длительность 0:03 — в пределах 0:02–0:10"
    assert report["resolution"]["message"] == "разрешение 640×360 — не меньше 640×360"
    assert report["loudness"]["message"] == "громкость -16 LUFS — в пределах -20…-12 LUFS"


def test_a_video_that_is_too_long_is_reported_in_russian(tmp_path, programme):
    spec = spec_for(programme, max_duration_seconds=2, min_duration_seconds=1)
    report = _report(make_video(tmp_path, seconds=4), spec)
    assert report["duration"] == {
        "code": "duration",
        "label": "Длительность",
        "ok": False,
        "message": "длительность 0:04 — больше 0:02",
    }


def test_a_video_at_the_wrong_resolution_fails_resolution_and_aspect(tmp_path, programme):
    report = _report(make_video(tmp_path, width=320, height=240), spec_for(programme))
    assert report["resolution"]["message"] == "разрешение 320×240 — меньше 640×360"
    assert report["aspect"]["message"] == "соотношение сторон 4:3 — требуется 16:9"
    assert not report["resolution"]["ok"] and not report["aspect"]["ok"]
    assert report["fps"]["ok"] and report["video_codec"]["ok"]


def test_a_quiet_video_and_a_silent_one_fail_on_sound(tmp_path, programme):
    spec = spec_for(programme)
    quiet = _report(make_video(tmp_path, "quiet.mp4", loudness_db=-30), spec)
    assert quiet["loudness"]["message"] == "громкость -30 LUFS — тише -20…-12 LUFS"
    silent = _report(make_video(tmp_path, "silent.mp4", audio=False), spec)
    assert silent["audio_codec"] == {
        "code": "audio_codec",
        "label": "Звук",
        "ok": False,
        "message": "звуковой дорожки нет",
    }


def test_a_renamed_document_is_not_a_video(tmp_path):
    fake = tmp_path / "сюжет.mp4"
    fake.write_text("Это текст, а не видео.\n" * 50, encoding="utf-8")
    with pytest.raises(probe.ProbeError, match="не читается как видео"):
        probe.probe(fake)


def test_a_truncated_video_is_reported(tmp_path):
    # A camera writes the index at the end: an upload cut short loses it.
    whole = make_video(tmp_path, seconds=3, faststart=False)
    broken = tmp_path / "обрезан.mp4"
    data = whole.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(probe.ProbeError, match="повреждён, обрезан при загрузке"):
        probe.probe(broken)


def test_the_worker_checks_a_stored_cut_and_makes_poster_and_preview(
    tmp_path, programme, story_a, regional_a
):
    from django.core.files import File

    spec = spec_for(programme, max_duration_seconds=2, min_duration_seconds=1)
    video = make_video(tmp_path, seconds=3)
    cut = Cut(
        story=story_a, display_name="Монтаж.mp4", size=video.stat().st_size, specification=spec
    )
    with video.open("rb") as handle:
        cut.file.save("cut.mp4", File(handle), save=False)
    cut.save()
    cut = services.cut_process(cut_id=cut.pk)
    assert cut.check_state == CheckState.FAILED
    assert [item["message"] for item in cut.failures] == ["длительность 0:03 — больше 0:02"]
    assert (cut.width, cut.height, cut.video_codec, cut.audio_codec) == (640, 360, "h264", "aac")
    assert round(cut.duration) == 3
    assert cut.poster and cut.preview
    with cut.poster.open("rb") as handle:
        assert handle.read(3) == b"\xff\xd8\xff"
    info = probe.probe(Path(cut.preview.path))
    assert info.height == 360 and info.video_codec == "h264"


def test_a_cut_that_is_not_a_video_ends_in_error_with_the_reason(tmp_path, programme, story_a):
    from django.core.files.base import ContentFile

    spec_for(programme)
    cut = Cut(story=story_a, display_name="отчёт.mp4", size=100)
    cut.file.save("cut.mp4", ContentFile(io.BytesIO(b"%PDF-1.4 " * 20).getvalue()), save=False)
    cut.save()
    cut = services.cut_process(cut_id=cut.pk)
    assert cut.check_state == CheckState.ERROR
    assert "не читается как видео" in cut.error
    assert cut.report[0]["ok"] is False

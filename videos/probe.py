"""What ffprobe says about a file, checked against the specification, in Russian.

Runs on the worker (``videos.tasks``): ``probe()`` reads the container and streams,
``measure_loudness()`` decodes the audio once (EBU R128 integrated loudness), ``check()``
compares with the specification and returns the report lines, ``make_poster()`` and
``make_preview()`` produce the frame and the small MP4 the federal centre watches in the page.
Every command has a time limit and reads a local file: the caller copies the stored cut to a
temporary file first, so any storage backend works.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.conf import settings

from resursnaya_sreda.kernel.uploads import format_size

# Container names ffprobe gives, and what people call them in the specification.
CONTAINER_ALIASES = {
    "mov,mp4,m4a,3gp,3g2,mj2": {"mp4", "mov", "m4v", "3gp"},
    "matroska,webm": {"mkv", "webm", "matroska"},
    "avi": {"avi"},
    "mpegts": {"ts", "mpegts"},
    "mxf": {"mxf"},
}
_BRAND_CONTAINER = {"qt  ": "mov"}
_LOUDNESS = re.compile(r"I:\s+(-?\d+(?:\.\d+)?)\s+LUFS")


class ProbeError(Exception):
    """ffprobe could not read the file as a video; the message is for the person."""


@dataclass
class ProbeResult:
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    display_ratio: Fraction | None = None
    fps: float | None = None
    video_codec: str = ""
    audio_codec: str = ""
    container: str = ""
    container_names: set[str] = field(default_factory=set)
    size: int = 0
    loudness: float | None = None


def _run(args: list[str], *, timeout: int | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed binaries, a local path, no shell
        args,
        capture_output=True,
        timeout=timeout or settings.VIDEOS_FFMPEG_TIMEOUT,
        check=False,
    )


def _fraction(text: str | None) -> Fraction | None:
    if not text or text in {"0/0", "N/A"}:
        return None
    try:
        value = Fraction(text.replace(":", "/"))
    except (ValueError, ZeroDivisionError):
        return None
    return value if value > 0 else None


def probe(path: Path) -> ProbeResult:
    """Container and streams of ``path``; ProbeError when it is not a readable video."""
    try:
        done = _run(
            [
                settings.FFPROBE_BINARY,
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_format",
                "-show_streams",
                str(path),
            ],
            timeout=120,
        )
    except subprocess.TimeoutExpired as exc:
        raise ProbeError("ffprobe не смог прочитать файл за две минуты.") from exc
    try:
        data = json.loads(done.stdout or b"{}")
    except ValueError:
        data = {}
    streams = data.get("streams") or []
    fmt = data.get("format") or {}
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    if done.returncode != 0 or not fmt:
        detail = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        hint = f" ({detail[-1][:200]})" if detail else ""
        raise ProbeError(
            "Файл не читается как видео: он повреждён, обрезан при загрузке или это не "
            f"видеофайл{hint}."
        )
    if video is None or video.get("disposition", {}).get("attached_pic"):
        raise ProbeError("В файле нет видеодорожки: это не видео (например, аудио или картинка).")
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    result = ProbeResult()
    duration = fmt.get("duration") or video.get("duration")
    result.duration = float(duration) if duration not in (None, "N/A") else None
    result.width = int(video.get("width") or 0) or None
    result.height = int(video.get("height") or 0) or None
    # A rotated phone video is stored sideways; what people see is turned.
    rotation = 0
    for side in video.get("side_data_list") or []:
        if "rotation" in side:
            rotation = abs(int(side["rotation"])) % 180
    if rotation == 90 and result.width and result.height:
        result.width, result.height = result.height, result.width
    dar = _fraction(video.get("display_aspect_ratio"))
    if dar is None and result.width and result.height:
        sar = _fraction(video.get("sample_aspect_ratio")) or Fraction(1)
        dar = Fraction(result.width, result.height) * sar
    elif dar is not None and rotation == 90:
        dar = 1 / dar
    result.display_ratio = dar
    rate = _fraction(video.get("avg_frame_rate")) or _fraction(video.get("r_frame_rate"))
    result.fps = float(rate) if rate else None
    result.video_codec = (video.get("codec_name") or "").lower()
    result.audio_codec = (audio.get("codec_name") or "").lower() if audio else ""
    result.container = fmt.get("format_name") or ""
    names = set(CONTAINER_ALIASES.get(result.container, {result.container}))
    brand = (fmt.get("tags") or {}).get("major_brand", "")
    if brand in _BRAND_CONTAINER:
        names = {_BRAND_CONTAINER[brand]}
    result.container_names = names
    result.size = int(fmt.get("size") or 0)
    return result


def measure_loudness(path: Path) -> float | None:
    """Integrated loudness in LUFS (EBU R128) of the first audio track, or None without one."""
    done = _run(
        [
            settings.FFMPEG_BINARY,
            "-hide_banner",
            "-nostats",
            "-i",
            str(path),
            "-map",
            "0:a:0",
            "-af",
            "ebur128",
            "-f",
            "null",
            "-",
        ]
    )
    found = _LOUDNESS.findall((done.stderr or b"").decode("utf-8", "replace"))
    return float(found[-1]) if found else None


def clock(seconds: float | int | None) -> str:
    """7:42 or 1:02:03."""
    if seconds is None:
        return "—"
    total = round(float(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _number(value: Any) -> str:
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _line(code: str, label: str, ok: bool, message: str) -> dict[str, Any]:
    return {"code": code, "label": label, "ok": ok, "message": message}


def check(result: ProbeResult, spec: Any, *, size: int) -> list[dict[str, Any]]:
    """Each parameter of ``spec`` against the file, as report lines in Russian."""
    lines = []
    duration = result.duration
    if duration is None:
        lines.append(_line("duration", "Длительность", False, "длительность не определяется"))
    elif duration > spec.max_duration_seconds + 0.5:
        lines.append(
            _line(
                "duration",
                "Длительность",
                False,
                f"длительность {clock(duration)} — больше {clock(spec.max_duration_seconds)}",
            )
        )
    elif duration < spec.min_duration_seconds - 0.5:
        lines.append(
            _line(
                "duration",
                "Длительность",
                False,
                f"длительность {clock(duration)} — меньше {clock(spec.min_duration_seconds)}",
            )
        )
    else:
        lines.append(
            _line(
                "duration",
                "Длительность",
                True,
                f"длительность {clock(duration)} — в пределах {clock(spec.min_duration_seconds)}"
                f"–{clock(spec.max_duration_seconds)}",
            )
        )

    size_text = f"{result.width or '?'}×{result.height or '?'}"
    need = f"{spec.min_width}×{spec.min_height}"
    big_enough = bool(
        result.width
        and result.height
        and result.width >= spec.min_width
        and result.height >= spec.min_height
    )
    lines.append(
        _line(
            "resolution",
            "Разрешение",
            big_enough,
            f"разрешение {size_text} — не меньше {need}"
            if big_enough
            else f"разрешение {size_text} — меньше {need}",
        )
    )

    aspect = spec.aspect
    if aspect is not None:
        wanted = Fraction(*aspect)
        actual = result.display_ratio
        ok = actual is not None and abs(float(actual) / float(wanted) - 1) <= 0.01
        shown = f"{actual.numerator}:{actual.denominator}" if actual is not None else "?"
        lines.append(
            _line(
                "aspect",
                "Соотношение сторон",
                ok,
                f"соотношение сторон {shown} — "
                + ("как требуется" if ok else f"требуется {spec.aspect_ratio}"),
            )
        )

    fps = result.fps
    low, high = float(spec.min_fps), float(spec.max_fps)
    ok = fps is not None and low - 0.01 <= fps <= high + 0.01
    lines.append(
        _line(
            "fps",
            "Частота кадров",
            ok,
            f"частота {_number(fps) if fps else '?'} кадр/с — "
            + ("в пределах" if ok else "вне пределов")
            + f" {_number(low)}–{_number(high)}",
        )
    )

    video_ok = result.video_codec in spec.video_codec_list
    lines.append(
        _line(
            "video_codec",
            "Видеокодек",
            video_ok,
            f"видеокодек {result.video_codec or '?'} — "
            + ("допускается" if video_ok else f"нужен {', '.join(spec.video_codec_list)}"),
        )
    )
    if not result.audio_codec:
        lines.append(_line("audio_codec", "Звук", False, "звуковой дорожки нет"))
    else:
        audio_ok = result.audio_codec in spec.audio_codec_list
        lines.append(
            _line(
                "audio_codec",
                "Аудиокодек",
                audio_ok,
                f"аудиокодек {result.audio_codec} — "
                + ("допускается" if audio_ok else f"нужен {', '.join(spec.audio_codec_list)}"),
            )
        )

    matched = [name for name in spec.container_list if name in result.container_names]
    container_ok = bool(matched)
    shown = matched[0] if matched else ("/".join(sorted(result.container_names)) or "?")
    lines.append(
        _line(
            "container",
            "Контейнер",
            container_ok,
            f"контейнер {shown} — "
            + ("допускается" if container_ok else f"нужен {', '.join(spec.container_list)}"),
        )
    )

    limit = spec.max_file_size_mb * 1024 * 1024
    size_ok = size <= limit
    lines.append(
        _line(
            "size",
            "Размер файла",
            size_ok,
            f"размер {format_size(size)} — "
            + ("не больше " if size_ok else "больше ")
            + format_size(limit),
        )
    )

    if result.audio_codec:
        loudness = result.loudness
        low_l, high_l = Decimal(spec.loudness_min_lufs), Decimal(spec.loudness_max_lufs)
        if loudness is None:
            lines.append(_line("loudness", "Громкость", False, "громкость не измерить"))
        else:
            ok = float(low_l) - 0.05 <= loudness <= float(high_l) + 0.05
            where = "в пределах" if ok else ("тише" if loudness < float(low_l) else "громче")
            lines.append(
                _line(
                    "loudness",
                    "Громкость",
                    ok,
                    f"громкость {_number(loudness)} LUFS — {where} "
                    f"{_number(low_l)}…{_number(high_l)} LUFS",
                )
            )
    return lines


def make_poster(source: Path, target: Path, *, at: float) -> bool:
    """A JPEG frame ``at`` seconds in, at most 1280 pixels wide."""
    done = _run(
        [
            settings.FFMPEG_BINARY,
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-ss",
            f"{max(0.0, at):.2f}",
            "-i",
            str(source),
            "-frames:v",
            "1",
            "-vf",
            "scale='min(1280,iw)':-2",
            "-q:v",
            "4",
            str(target),
        ]
    )
    return done.returncode == 0 and target.exists() and target.stat().st_size > 0


def make_preview(source: Path, target: Path) -> bool:
    """A small H.264/AAC MP4 (360 lines, fast start) a browser plays and seeks in. The fastest
    preset: the preview is watched by a few people once, so the worker's time matters more
    than a smaller file."""
    done = _run(
        [
            settings.FFMPEG_BINARY,
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(source),
            "-map",
            "0:v:0",
            "-map",
            "0:a:0?",
            "-vf",
            "scale=-2:'min(360,ih)'",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-crf",
            "30",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "96k",
            "-movflags",
            "+faststart",
            str(target),
        ]
    )
    return done.returncode == 0 and target.exists() and target.stat().st_size > 0


def generate_test_video(
    target: Path,
    *,
    seconds: float = 3,
    width: int = 1920,
    height: int = 1080,
    fps: int = 25,
    loudness_db: float = -16,
    audio: bool = True,
    faststart: bool = True,
) -> Path:
    """A short real H.264/AAC MP4 (colour bars and a tone) for the demo and the tests."""
    args = [
        settings.FFMPEG_BINARY,
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}",
    ]
    if audio:
        args += [
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}:sample_rate=48000",
            "-af",
            f"volume={loudness_db + 21.8:.1f}dB",
            "-c:a",
            "aac",
            "-b:a",
            "128k",
        ]
    args += [
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        *(["-movflags", "+faststart"] if faststart else []),
        "-shortest",
        str(target),
    ]
    done = _run(args, timeout=120)
    if done.returncode != 0:
        raise RuntimeError((done.stderr or b"").decode("utf-8", "replace")[-500:])
    return target

"""Publication links, checked per platform: YouTube, VK Видео and Rutube, nothing else.

``parse_link(platform, text)`` returns the canonical link and the video's id, or raises a
``ValidationError`` in Russian. Only ``https``/``http`` addresses on the platform's own hosts
with a recognisable id pass, so a ``javascript:`` URL, a look-alike host or a link to a channel
can never reach a page. ``embed_url`` builds the privacy-enhanced player address from the id
alone; the page loads it only when the visitor asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from videos.models import Platform

YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtu.be",
    "www.youtube-nocookie.com",
    "youtube-nocookie.com",
}
VK_HOSTS = {
    "vk.com",
    "www.vk.com",
    "m.vk.com",
    "vk.ru",
    "vkvideo.ru",
    "www.vkvideo.ru",
    "m.vkvideo.ru",
}
RUTUBE_HOSTS = {"rutube.ru", "www.rutube.ru", "m.rutube.ru"}

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VK_ID = re.compile(r"(?:video|clip)(-?\d{1,19})_(\d{1,19})")
_VK_HASH = re.compile(r"^[0-9a-f]{1,40}$")
_RUTUBE_ID = re.compile(r"^[0-9a-f]{32}$")
_RUTUBE_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

EXAMPLES = {
    Platform.YOUTUBE: "https://www.youtube.com/watch?v=…",
    Platform.VK: "https://vkvideo.ru/video-123_456",
    Platform.RUTUBE: "https://rutube.ru/video/…/",
}


@dataclass(frozen=True)
class ParsedLink:
    platform: str
    video_id: str
    url: str  # canonical: what we store and show


def _split(text: str):
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Вставьте ссылку на видео."), code="required")
    if len(text) > 500:
        raise ValidationError(_("Ссылка слишком длинная."), code="too_long")
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise ValidationError(_("В ссылке не должно быть пробелов."), code="spaces")
    if "://" not in text and not text.lower().startswith(("javascript:", "data:", "vbscript:")):
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in {"https", "http"}:
        raise ValidationError(
            _("Допускаются только ссылки, которые начинаются с https://."), code="scheme"
        )
    if parts.username or parts.password or parts.port not in (None, 80, 443):
        raise ValidationError(_("Ссылка выглядит подозрительно: уберите из неё логин и порт."))
    return parts, (parts.hostname or "").lower().rstrip(".")


def _wrong_host(platform: str, host: str) -> ValidationError:
    label = Platform(platform).label
    return ValidationError(
        _("Это ссылка на %(host)s, а не на %(platform)s. Пример: %(example)s")
        % {"host": host or _("неизвестный сайт"), "platform": label, "example": EXAMPLES[platform]},
        code="host",
    )


def _no_id(platform: str) -> ValidationError:
    return ValidationError(
        _(
            "В ссылке не найден идентификатор видео %(platform)s: скопируйте адрес страницы "
            "самого видео. Пример: %(example)s"
        )
        % {"platform": Platform(platform).label, "example": EXAMPLES[platform]},
        code="no_id",
    )


def parse_youtube(text: str) -> ParsedLink:
    parts, host = _split(text)
    if host not in YOUTUBE_HOSTS:
        raise _wrong_host(Platform.YOUTUBE, host)
    segments = [s for s in parts.path.split("/") if s]
    candidate = ""
    if host == "youtu.be":
        candidate = segments[0] if segments else ""
    elif segments[:1] == ["watch"]:
        candidate = (parse_qs(parts.query).get("v") or [""])[0]
    elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
        candidate = segments[1]
    if not _YOUTUBE_ID.match(candidate):
        raise _no_id(Platform.YOUTUBE)
    return ParsedLink(Platform.YOUTUBE, candidate, f"https://www.youtube.com/watch?v={candidate}")


def parse_vk(text: str) -> ParsedLink:
    parts, host = _split(text)
    if host not in VK_HOSTS:
        raise _wrong_host(Platform.VK, host)
    query = parse_qs(parts.query)
    owner = video = ""
    if parts.path.rstrip("/") == "/video_ext.php":
        owner = (query.get("oid") or [""])[0]
        video = (query.get("id") or [""])[0]
        if not re.fullmatch(r"-?\d{1,19}", owner) or not re.fullmatch(r"\d{1,19}", video):
            raise _no_id(Platform.VK)
    else:
        # /video-1_2, /clip-1_2, or a wall or album page with z=video-1_2 in the query.
        found = _VK_ID.search(parts.path) or _VK_ID.search(unquote((query.get("z") or [""])[0]))
        if not found:
            raise _no_id(Platform.VK)
        owner, video = found.groups()
    video_id = f"{owner}_{video}"
    hash_value = (query.get("hash") or [""])[0].lower()
    if hash_value and _VK_HASH.match(hash_value):
        video_id = f"{video_id}:{hash_value}"
    return ParsedLink(Platform.VK, video_id, f"https://vkvideo.ru/video{owner}_{video}")


def parse_rutube(text: str) -> ParsedLink:
    parts, host = _split(text)
    if host not in RUTUBE_HOSTS:
        raise _wrong_host(Platform.RUTUBE, host)
    segments = [s for s in parts.path.split("/") if s]
    candidate = ""
    if segments[:2] == ["play", "embed"] and len(segments) >= 3:
        candidate = segments[2]
    elif segments[:2] == ["video", "private"] and len(segments) >= 3:
        candidate = segments[2]
    elif segments[:1] in (["video"], ["shorts"]) and len(segments) >= 2:
        candidate = segments[1]
    candidate = candidate.lower()
    if not _RUTUBE_ID.match(candidate):
        raise _no_id(Platform.RUTUBE)
    key = (parse_qs(parts.query).get("p") or [""])[0]
    video_id = candidate
    url = f"https://rutube.ru/video/{candidate}/"
    if key and _RUTUBE_KEY.match(key):
        video_id = f"{candidate}:{key}"
        url = f"https://rutube.ru/video/private/{candidate}/?p={key}"
    return ParsedLink(Platform.RUTUBE, video_id, url)


PARSERS = {
    Platform.YOUTUBE: parse_youtube,
    Platform.VK: parse_vk,
    Platform.RUTUBE: parse_rutube,
}


def parse_link(platform: str, text: str) -> ParsedLink:
    """The canonical link and id for ``platform``, or a ValidationError saying what is wrong."""
    try:
        parser = PARSERS[Platform(platform)]
    except ValueError as exc:
        raise ValidationError(_("Неизвестная площадка публикации.")) from exc
    return parser(text)


def embed_url(platform: str, video_id: str) -> str:
    """The player's address built from a stored id (never from what a person typed)."""
    if platform == Platform.YOUTUBE and _YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}?rel=0"
    if platform == Platform.VK:
        ids, _sep, hash_value = video_id.partition(":")
        owner, _sep, video = ids.rpartition("_")
        if re.fullmatch(r"-?\d{1,19}", owner) and re.fullmatch(r"\d{1,19}", video):
            url = f"https://vkvideo.ru/video_ext.php?oid={owner}&id={video}"
            if hash_value and _VK_HASH.match(hash_value):
                url += f"&hash={hash_value}"
            return url
    if platform == Platform.RUTUBE:
        candidate, _sep, key = video_id.partition(":")
        if _RUTUBE_ID.match(candidate):
            url = f"https://rutube.ru/play/embed/{candidate}"
            if key and _RUTUBE_KEY.match(key):
                url += f"?p={key}"
            return url
    return ""

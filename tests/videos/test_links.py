"""Publication links: each platform's own addresses, the video id, the privacy-enhanced player."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from videos.links import embed_url, parse_link

YOUTUBE_OK = [
    "https://www.youtube.com/watch?v=M7lc1UVf-VE",
    "https://youtube.com/watch?feature=share&v=M7lc1UVf-VE",
    "http://m.youtube.com/watch?v=M7lc1UVf-VE",
    "https://youtu.be/M7lc1UVf-VE?t=42",
    "https://www.youtube.com/shorts/M7lc1UVf-VE",
    "https://www.youtube.com/embed/M7lc1UVf-VE",
    "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE",
    "https://www.youtube.com/live/M7lc1UVf-VE",
    "youtu.be/M7lc1UVf-VE",
]


@pytest.mark.parametrize("url", YOUTUBE_OK)
def test_youtube_links_give_the_video_id(url):
    parsed = parse_link("youtube", url)
    assert parsed.video_id == "M7lc1UVf-VE"
    assert parsed.url == "https://www.youtube.com/watch?v=M7lc1UVf-VE"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(document.cookie)", "https://"),
        ("JaVaScRiPt:alert(1)", "https://"),
        ("data:text/html,<script>", "https://"),
        ("ftp://youtube.com/watch?v=M7lc1UVf-VE", "https://"),
        ("https://youtube.com.evil.example/watch?v=M7lc1UVf-VE", "а не на YouTube"),
        ("https://evil.example/?u=https://youtu.be/M7lc1UVf-VE", "а не на YouTube"),
        ("https://www.youtube.com/@resursnaya-sreda", "не найден идентификатор"),
        ("https://www.youtube.com/watch?v=short", "не найден идентификатор"),
        ("https://user:pass@youtube.com/watch?v=M7lc1UVf-VE", "подозрительно"),
        ("https://youtu.be/M7lc1UVf-VE\n<script>", "пробелов"),
        ("", "Вставьте ссылку"),
    ],
)
def test_bad_youtube_links_are_refused_with_a_reason(url, message):
    with pytest.raises(ValidationError, match=message):
        parse_link("youtube", url)


@pytest.mark.parametrize(
    ("url", "video_id"),
    [
        ("https://vkvideo.ru/video-22822305_456241864", "-22822305_456241864"),
        ("https://vk.com/video-22822305_456241864", "-22822305_456241864"),
        ("https://vk.com/video123_456", "123_456"),
        (
            "https://vk.com/videos-22822305?z=video-22822305_456241864%2Fpl_cat_trends",
            "-22822305_456241864",
        ),
        (
            "https://vk.com/video_ext.php?oid=-22822305&id=456241864&hash=a1b2c3",
            "-22822305_456241864:a1b2c3",
        ),
        ("https://vk.com/clip-1_2", "-1_2"),
    ],
)
def test_vk_links_give_owner_and_video(url, video_id):
    assert parse_link("vk", url).video_id == video_id


def test_a_youtube_link_is_not_a_vk_link():
    with pytest.raises(ValidationError, match="а не на VK Видео"):
        parse_link("vk", "https://www.youtube.com/watch?v=M7lc1UVf-VE")


@pytest.mark.parametrize(
    ("url", "video_id"),
    [
        (
            "https://rutube.ru/video/c6cc4d620b1d4338901770a44b3e82f4/",
            "c6cc4d620b1d4338901770a44b3e82f4",
        ),
        (
            "https://rutube.ru/play/embed/c6cc4d620b1d4338901770a44b3e82f4",
            "c6cc4d620b1d4338901770a44b3e82f4",
        ),
        (
            "https://rutube.ru/shorts/C6CC4D620B1D4338901770A44B3E82F4/",
            "c6cc4d620b1d4338901770a44b3e82f4",
        ),
        (
            "https://rutube.ru/video/private/c6cc4d620b1d4338901770a44b3e82f4/?p=Ab-9_x",
            "c6cc4d620b1d4338901770a44b3e82f4:Ab-9_x",
        ),
    ],
)
def test_rutube_links_give_the_video_id(url, video_id):
    assert parse_link("rutube", url).video_id == video_id


def test_a_rutube_channel_is_not_a_video():
    with pytest.raises(ValidationError, match="не найден идентификатор"):
        parse_link("rutube", "https://rutube.ru/channel/12345/")


def test_embeds_are_privacy_enhanced_and_built_from_the_id_only():
    assert embed_url("youtube", "M7lc1UVf-VE") == (
        "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?rel=0"
    )
    assert embed_url("vk", "-1_2:abc") == "https://vkvideo.ru/video_ext.php?oid=-1&id=2&hash=abc"
    assert embed_url("rutube", "c6cc4d620b1d4338901770a44b3e82f4") == (
        "https://rutube.ru/play/embed/c6cc4d620b1d4338901770a44b3e82f4"
    )
    # A tampered id never becomes a player address.
    assert embed_url("youtube", '"><script>') == ""
    assert embed_url("vk", "javascript:alert(1)") == ""

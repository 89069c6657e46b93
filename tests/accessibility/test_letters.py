"""Every letter is multipart: the plain text and an HTML version with the same content."""

from __future__ import annotations

import email
from email import policy

import pytest

from resursnaya_sreda.kernel.mail import html_from_text, send_email
from resursnaya_sreda.kernel.tasks import _without_charset

pytestmark = pytest.mark.django_db


def test_html_version_keeps_paragraphs_line_breaks_and_makes_links_work():
    text = "Здравствуйте, <Иван>!\n\nСсылка: https://portal.example/a?b=1&c=2\nВторая строка\n"
    html = html_from_text(text, subject="Тема & письмо")
    assert "<title>Тема &amp; письмо</title>" in html
    assert "&lt;Иван&gt;" in html and "<Иван>" not in html
    assert 'href="https://portal.example/a?b=1&amp;c=2"' in html
    assert html.count("<p ") == 2
    assert "<br>" in html


def test_a_letter_from_a_text_template_goes_as_plain_and_html(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portal.example"
    with django_capture_on_commit_callbacks(execute=True):
        send_email(
            to="a@example.org",
            subject="Подтвердите адрес",
            template="accounts/email/confirm_email.txt",
            context={
                "user": {"full_name": "Иванов Иван"},
                "link": "https://x.example/y",
                "days": 7,
            },
        )
    parsed = email.message_from_bytes(mailoutbox[0].message().as_bytes(), policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    plain = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    assert "Иванов Иван" in plain and "Иванов Иван" in html
    assert 'href="https://x.example/y"' in html
    for header in ("Subject", "From", "To", "Date", "Message-ID"):
        assert parsed[header]
    assert str(parsed["Content-Type"]).count("boundary") == 1


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("text/calendar; charset=utf-8", "text/calendar"),
        ('text/calendar; method=PUBLISH; charset="UTF-8"', "text/calendar; method=PUBLISH"),
        ("application/pdf", "application/pdf"),
    ],
)
def test_attachment_types_lose_their_charset_so_django_adds_exactly_one(given, sent):
    assert _without_charset(given) == sent

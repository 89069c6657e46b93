"""The registration letter as a mail client sees it: parsed back with the ``email`` package."""

from __future__ import annotations

import email
import re
from email import policy

import pytest
from django.core import mail

from events.models import EventState
from tests.events.conftest import register

pytestmark = pytest.mark.django_db


def test_registration_letter_is_multipart_with_html_links_and_one_charset_on_the_ics(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(state=EventState.ANNOUNCED)
    with django_capture_on_commit_callbacks(execute=True):
        register(event)
    (letter,) = mail.outbox
    parsed = email.message_from_bytes(letter.message().as_bytes(), policy=policy.default)
    assert parsed.get_content_type() == "multipart/mixed"
    alternative = next(p for p in parsed.walk() if p.get_content_type() == "multipart/alternative")
    plain, html = alternative.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert html.get_content_type() == "text/html"
    text, markup = plain.get_content(), html.get_content()
    links = re.findall(r"https?://\S+", text)
    assert links
    for link in links:
        assert f'href="{link}"' in markup
    assert event.title in markup
    assert '<html lang="ru">' in markup

    (ics,) = [p for p in parsed.walk() if p.get_filename() == "event.ics"]
    content_type = ics["Content-Type"]
    assert content_type.params.get("charset", "").lower() == "utf-8"
    assert str(content_type).lower().count("charset") == 1
    assert "BEGIN:VEVENT" in ics.get_content()

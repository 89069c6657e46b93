"""The shared mail helper: attachments travel to the worker; a muted block queues nothing."""

import pytest
from django.core import mail

from resursnaya_sreda.kernel.mail import muted, send_email

pytestmark = pytest.mark.django_db


def test_a_text_attachment_arrives_with_the_letter(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_email(
            to="person@example.org",
            subject="Регистрация",
            body="Вы зарегистрированы.",
            attachments=[("event.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        )
    (letter,) = mail.outbox
    ((name, content, mimetype),) = letter.attachments
    assert name == "event.ics"
    assert "BEGIN:VCALENDAR" in content
    assert mimetype.startswith("text/calendar")


def test_nothing_is_queued_inside_a_muted_block(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with muted():
            send_email(to="person@example.org", subject="Тихо", body="—")
        send_email(to="person@example.org", subject="Громко", body="—")
    assert len(callbacks) == 1
    assert [letter.subject for letter in mail.outbox] == ["Громко"]

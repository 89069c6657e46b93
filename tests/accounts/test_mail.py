"""The shared e-mail: rendered at once, sent by a Celery task after the commit."""

from __future__ import annotations

import logging
from smtplib import SMTPException

import pytest
from django.core import mail
from django.db import transaction

from resursnaya_sreda import celery_app
from resursnaya_sreda.kernel import tasks
from resursnaya_sreda.kernel.mail import send_email

pytestmark = pytest.mark.django_db


def test_letter_is_sent_by_the_task_when_the_transaction_commits(commit, mailoutbox):
    with commit():
        send_email(to="someone@example.org", subject="Тема", body="Текст письма")
        assert mailoutbox == []
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["someone@example.org"]
    assert mailoutbox[0].body == "Текст письма"


def test_no_letter_leaves_when_the_transaction_is_rolled_back(commit, mailoutbox):
    with commit():
        try:
            with transaction.atomic():
                send_email(to="someone@example.org", subject="Тема", body="Текст")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert mailoutbox == []


def test_template_is_rendered_with_the_site_url(commit, mailoutbox, settings):
    settings.SITE_URL = "https://portal.example"
    with commit():
        send_email(
            to=["a@example.org", "b@example.org"],
            subject="Подтвердите\nадрес ",
            template="accounts/email/confirm_email.txt",
            context={"user": {"full_name": "Иванов Иван"}, "link": "https://x/y", "days": 7},
        )
    message = mailoutbox[0]
    assert message.to == ["a@example.org", "b@example.org"]
    assert message.subject == "Подтвердите адрес"
    assert "Здравствуйте, Иванов Иван!" in message.body
    assert "https://portal.example" in message.body


def test_html_alternative_is_attached_when_given(commit, mailoutbox):
    with commit():
        send_email(
            to="a@example.org",
            subject="Тема",
            body="Текст",
            html_template="accounts/email/password_reset_subject.txt",
        )
    assert mailoutbox[0].alternatives[0][1] == "text/html"


def test_exactly_one_of_template_and_body_is_required():
    with pytest.raises(ValueError, match="send_email needs exactly one of"):
        send_email(to="a@example.org", subject="Тема")
    with pytest.raises(ValueError, match="send_email needs exactly one of"):
        send_email(to="a@example.org", subject="Тема", body="x", template="y.txt")


def test_task_sends_when_called_eagerly(mailoutbox):
    result = tasks.send_email_task.delay(to=["a@example.org"], subject="Тема", body="Текст")
    assert result.get() is True
    assert mailoutbox[0].from_email == "Ресурсная среда <noreply@example.org>"


def _failing(attempts, *, succeed_after=None):
    original = mail.EmailMessage.send

    def send(self, fail_silently=False):
        attempts.append(1)
        if succeed_after is not None and len(attempts) > succeed_after:
            return original(self, fail_silently)
        raise SMTPException("server down")

    return send


def _as_on_a_worker(monkeypatch):
    """Retries go back through a queue; apply() replays them in-process when it may catch them."""
    monkeypatch.setattr(tasks, "_can_retry_later", lambda request: True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)


def test_eager_task_logs_a_failing_server_without_crashing_the_page(monkeypatch, caplog):
    attempts = []
    monkeypatch.setattr(mail.EmailMessage, "send", _failing(attempts))
    with caplog.at_level(logging.ERROR, logger="resursnaya_sreda.kernel.tasks"):
        result = tasks.send_email_task.delay(to=["a@example.org"], subject="Тема", body="Текст")
    assert result.get() is False
    assert len(attempts) == 1
    assert "not sent after 1 attempts" in caplog.text


def test_worker_retries_a_failing_server_then_logs_and_gives_up(monkeypatch, caplog):
    attempts = []
    monkeypatch.setattr(mail.EmailMessage, "send", _failing(attempts))
    _as_on_a_worker(monkeypatch)
    with caplog.at_level(logging.ERROR, logger="resursnaya_sreda.kernel.tasks"):
        result = tasks.send_email_task.apply(
            kwargs={"to": ["a@example.org"], "subject": "Тема", "body": "Текст"}
        )
    assert result.get() is False
    assert len(attempts) == tasks.EMAIL_MAX_RETRIES + 1
    assert f"not sent after {tasks.EMAIL_MAX_RETRIES + 1} attempts" in caplog.text


def test_worker_delivers_once_the_server_recovers(monkeypatch, mailoutbox):
    attempts = []
    monkeypatch.setattr(mail.EmailMessage, "send", _failing(attempts, succeed_after=2))
    _as_on_a_worker(monkeypatch)
    result = tasks.send_email_task.apply(
        kwargs={"to": ["a@example.org"], "subject": "Тема", "body": "Текст"}
    )
    assert result.get() is True
    assert len(attempts) == 3
    assert len(mailoutbox) == 1

"""Sending e-mail from any app: render now, send on a Celery worker after the commit.

Usage::

    from resursnaya_sreda.kernel.mail import send_email

    send_email(
        to=user.email,
        subject=_("Подтвердите адрес электронной почты"),
        template="accounts/email/confirm_email.txt",
        context={"user": user, "link": link},
    )

The text is rendered in the caller's process (with its active language and the objects at hand)
and the worker only delivers it. ``transaction.on_commit`` makes sure that nobody receives a
letter about rows that were rolled back, and that a worker never looks for rows not committed yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.html import urlize
from django.utils.safestring import mark_safe

from resursnaya_sreda.kernel.tasks import send_email_task

_muted: ContextVar[bool] = ContextVar("portal_mail_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """No letters are queued inside the block: demo loaders walk records through every state
    and must not mail the demo accounts on each run."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def base_context() -> dict[str, Any]:
    """What every letter may use: the portal's address for links and the signature."""
    return {"site_url": settings.SITE_URL}


def render_email(
    *,
    template: str | None = None,
    body: str | None = None,
    html_template: str | None = None,
    context: Mapping[str, Any] | None = None,
) -> tuple[str, str | None]:
    """The plain text (from ``template`` or ``body``) and the optional HTML alternative."""
    if (template is None) == (body is None):
        raise ValueError("send_email needs exactly one of template= and body=")
    full_context = {**base_context(), **(context or {})}
    text = render_to_string(template, full_context) if template else str(body)
    html = render_to_string(html_template, full_context) if html_template else None
    return text, html


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def html_from_text(text: str, *, subject: str) -> str:
    """A simple HTML version of a plain-text letter: the same paragraphs and line breaks, every
    address a working link (``lang="ru"``, the subject as the title)."""
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(text.strip()):
        lines = [urlize(line.strip(), autoescape=True) for line in block.splitlines()]
        lines = [line for line in lines if line]
        if lines:
            paragraphs.append(mark_safe("<br>\n".join(lines)))  # urlize escaped each line
    return render_to_string(
        "kernel/email/letter.html", {"subject": subject, "paragraphs": paragraphs}
    )


def send_email(
    *,
    to: str | Sequence[str],
    subject: str,
    template: str | None = None,
    body: str | None = None,
    html_template: str | None = None,
    context: Mapping[str, Any] | None = None,
    reply_to: Sequence[str] | None = None,
    attachments: Sequence[tuple[str, str, str]] | None = None,
) -> None:
    """Queue one letter to ``to`` (an address or a list of them) once the transaction commits.

    ``attachments`` are small text files as (file name, content, MIME type), e.g. an ``.ics``.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients or _muted.get():
        return
    text, html = render_email(
        template=template, body=body, html_template=html_template, context=context
    )
    # A header may not contain a line break; templates often end with one.
    clean_subject = " ".join(str(subject).split())
    # Every letter is multipart: the plain text and an HTML version with the same content.
    if html is None:
        html = html_from_text(text, subject=clean_subject)
    kwargs = {
        "to": recipients,
        "subject": clean_subject,
        "body": text,
        "html_body": html,
        "reply_to": list(reply_to) if reply_to else None,
        "attachments": [list(item) for item in attachments] if attachments else None,
    }
    transaction.on_commit(lambda: send_email_task.delay(**kwargs))

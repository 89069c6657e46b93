"""Letters on paper: one letter's PDF on the sender's letterhead, and a mailing's print batch
(every letter without an e-mail, then a sheet of address labels)."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import QuerySet

from letters import rendering
from letters.models import Delivery, Letter, Letterhead, Mailing
from reports.engine.pdf import data_uri, render_pdf, render_template


def _image(field: Any) -> str:
    if not field:
        return ""
    try:
        with field.open("rb") as handle:
            return data_uri(handle, field.name)
    except (OSError, ValueError):
        return ""


def letterhead_context(letterhead: Letterhead) -> dict[str, Any]:
    return {
        "letterhead": letterhead,
        "requisites": [line for line in letterhead.requisites.splitlines() if line.strip()],
        "logo": _image(letterhead.logo),
        "signature": _image(letterhead.signature) if letterhead.use_signature else "",
    }


def letter_context(letter: Letter) -> dict[str, Any]:
    return {
        "letter": letter,
        "paragraphs": rendering.paragraphs(letter.body),
    }


def letter_filename(letter: Letter) -> str:
    safe = letter.full_number.replace("/", "-")
    return f"letter-{letter.year}-{safe}.pdf"


def letter_html(letter: Letter) -> str:
    return render_template(
        "letters/pdf/letter.html",
        {**letterhead_context(letter.letterhead), "letters": [letter_context(letter)]},
        title=str(letter),
    )


def letter_pdf(letter: Letter) -> bytes:
    target = io.BytesIO()
    render_pdf(letter_html(letter), target)
    return target.getvalue()


def print_letters(mailing: Mailing) -> QuerySet[Letter]:
    return (
        Letter.objects.filter(mailing=mailing, delivery=Delivery.PRINT)
        .select_related("letterhead")
        .order_by("number")
    )


def print_batch_pdf(mailing: Mailing) -> bytes:
    letters = list(print_letters(mailing))
    html = render_template(
        "letters/pdf/letter.html",
        {
            **letterhead_context(mailing.letterhead),
            "letters": [letter_context(letter) for letter in letters],
            "labels": letters,
        },
        title=mailing.title,
    )
    target = io.BytesIO()
    render_pdf(html, target)
    return target.getvalue()


def print_batch_save(mailing: Mailing) -> None:
    content = ContentFile(print_batch_pdf(mailing), name=f"print-{mailing.pk}.pdf")
    mailing.print_batch.save(content.name, content, save=False)
    Mailing.objects.filter(pk=mailing.pk).update(print_batch=mailing.print_batch.name)

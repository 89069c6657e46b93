"""Pieces every step-4 view uses: the programme, the confirmation page, refused changes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from resursnaya_sreda.kernel.models import Programme
from resursnaya_sreda.kernel.selectors import programme_current
from videos.services import StoryError


def current_programme() -> Programme:
    programme = programme_current()
    if programme is None:
        raise Http404
    return programme


def confirm(
    request: HttpRequest,
    *,
    title: str,
    text: str,
    button: str,
    back_url: str,
    form: Any = None,
    danger: bool = False,
    items: list[str] | None = None,
) -> HttpResponse:
    """Ask once before an irreversible step and say what it fixes (DESIGN §4)."""
    return render(
        request,
        "videos/confirm.html",
        {
            "title": title,
            "text": text,
            "button": button,
            "back_url": back_url,
            "form": form,
            "danger": danger,
            "items": items or [],
        },
    )


def refused(request: HttpRequest, error: StoryError) -> None:
    text = error.message
    if error.items:
        text = f"{text} " + "; ".join(str(item) for item in error.items)
    messages.error(request, text)

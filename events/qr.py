"""QR codes that lead participants to the feedback form from a printed sheet or a screen."""

from __future__ import annotations

import segno
from django.conf import settings
from django.urls import reverse


def feedback_url(event_pk: int) -> str:
    """The absolute address of an event's feedback entry page."""
    return settings.SITE_URL.rstrip("/") + reverse("events:feedback-entry", kwargs={"pk": event_pk})


def qr_svg_data_uri(url: str, *, scale: int = 4) -> str:
    """An SVG QR code as a ``data:`` URI: embedded as it is in pages and in the PDF sheet
    (the PDF fetcher serves ``data:`` and nothing from outside)."""
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=2)

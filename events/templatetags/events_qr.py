from __future__ import annotations

from django import template
from django.utils.html import format_html

from events.qr import feedback_url, qr_svg_data_uri

register = template.Library()


@register.simple_tag
def feedback_qr(event, size: int = 140) -> str:
    """The QR code of an event's feedback page, to scan from the screen at the event."""
    url = feedback_url(event.pk)
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="border rounded bg-white p-1">',
        qr_svg_data_uri(url),
        size,
        size,
        f"QR-код страницы отзыва: {url}",
    )

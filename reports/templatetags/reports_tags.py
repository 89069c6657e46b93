"""``{% document_order_url "events-sheet" event=event.pk %}``: see reports/links.py."""

from typing import Any

from django import template

from reports.links import order_url

register = template.Library()


@register.simple_tag
def document_order_url(kind: str, **initial: Any) -> str:
    return order_url(kind, **initial)

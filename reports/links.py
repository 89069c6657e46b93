"""Links into the document engine's pages for other apps' pages.

A record's page offers its documents already set up for it::

    from reports.links import order_url

    order_url("events-sheet", event=event.pk)   # → /reports/?kind=events-sheet&event=5

or in a template, ``{% load reports_tags %}{% document_order_url "events-sheet" event=event.pk %}``.
The order form opens with the record chosen (if the user may choose it; otherwise empty).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse


def order_url(kind: str, **initial: Any) -> str:
    """The order page of ``kind`` with ``initial`` parameters already filled in."""
    query = urlencode({"kind": kind, **initial})
    return f"{reverse('reports:list')}?{query}#request-panel"

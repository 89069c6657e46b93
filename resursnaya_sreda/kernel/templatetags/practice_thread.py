"""``{% practice_thread practice %}``: what later steps did with a practice (see threads.py)."""

from __future__ import annotations

from typing import Any

from django import template

from resursnaya_sreda.kernel.threads import practice_thread as items_for

register = template.Library()


@register.inclusion_tag("includes/practice_thread.html", takes_context=True)
def practice_thread(context: Any, practice: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"thread_items": items_for(practice.pk, user) if practice.pk else []}

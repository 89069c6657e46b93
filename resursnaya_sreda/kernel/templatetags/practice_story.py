"""``{% practice_story practice %}``: the parts other apps add to a practice's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from resursnaya_sreda.kernel.story import parts_for

register = template.Library()


@register.simple_tag(takes_context=True)
def practice_story(context: Any, practice: Any) -> SafeString:
    request = context.get("request")
    rendered = [
        render_to_string(part.template, {"practice": practice, **part.context}, request=request)
        for part in parts_for(practice)
    ]
    # Each part is a template rendered with autoescape; joining them adds nothing unescaped.
    return mark_safe("".join(rendered))  # noqa: S308

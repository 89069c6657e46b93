"""``{% consent_text purpose version organiser=... as text %}``: a consent as it was worded."""

from __future__ import annotations

from django import template

from resursnaya_sreda.kernel.consent import consent_text as stored_text

register = template.Library()


@register.simple_tag
def consent_text(purpose: str, version: str = "", organiser: str = "") -> str:
    """The stored wording of ``version`` (the one in force when empty); "" when not stored."""
    return stored_text(purpose, version or None, organiser=organiser)

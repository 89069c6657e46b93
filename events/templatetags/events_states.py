"""``{{ state|state_badge }}``: the badge colour of an event state, where only the value is at
hand (the federal overview's counts); an event itself has ``event.state_badge``."""

from __future__ import annotations

from django import template

from events.models import STATE_BADGES

register = template.Library()


@register.filter
def state_badge(state: str) -> str:
    return STATE_BADGES.get(state, "")

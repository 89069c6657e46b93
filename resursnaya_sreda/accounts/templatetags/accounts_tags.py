from __future__ import annotations

import datetime
import math

from django import template

register = template.Library()


@register.filter
def minutes(value: datetime.timedelta | None) -> int:
    """Whole minutes, rounded up, so «через 0 мин.» is never shown."""
    if not value:
        return 0
    return max(1, math.ceil(value.total_seconds() / 60))

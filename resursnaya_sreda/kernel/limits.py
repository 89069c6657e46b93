"""Text limits every app shares, named by use, so a field of one kind has one length portal-wide.

Generous for real writing, small enough that a pasted book is refused with a message next to
the field instead of filling the database and every PDF it goes into. A model field takes the
limit as ``max_length`` (the form's maxlength and counter) and as a ``MaxLengthValidator`` (so
``full_clean`` in a service refuses it too): ``limited_text`` builds such a field. A plain
form field takes the same constant.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models

# A name, a title, a line of an address.
SHORT_TEXT = 255
# An answer, a comment, a reason: about a page and a half.
LONG_TEXT = 4000
# A description, an event's report, a resolution or a summary of experience: about three pages.
VERY_LONG_TEXT = 8000


def limited_text(
    verbose_name: Any, limit: int = LONG_TEXT, *, blank: bool = True, help_text: Any = ""
) -> models.TextField:
    """A text field limited in the form (maxlength, counter) and in ``full_clean``."""
    return models.TextField(
        verbose_name,
        blank=blank,
        max_length=limit,
        validators=[MaxLengthValidator(limit)],
        help_text=help_text,
    )

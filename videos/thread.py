"""The video story of a practice, shown on the practice's pages.

Registered from ``VideosConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from practices.models import Questionnaire
from practices.thread import ThreadSection, register
from videos import selectors


@register("videos-stories", order=40)
def stories(practice: Questionnaire, user: Any, *, public: bool) -> ThreadSection | None:
    items = selectors.practice_stories(practice.pk, user, public=public)
    if not items:
        return None
    return ThreadSection(
        title=_("Видеосюжет о практике"),
        template="videos/thread/stories.html",
        context={"stories": items},
    )

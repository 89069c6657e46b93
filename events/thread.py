"""The seminars a practice hosts, shown on the practice's pages.

Registered from ``EventsConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from events import permissions as policy
from events import selectors
from practices.models import Questionnaire
from practices.thread import ThreadSection, register


@register("events-seminars", order=20)
def seminars(practice: Questionnaire, user: Any, *, public: bool) -> ThreadSection | None:
    items = selectors.practice_seminars(practice, user, public=public)
    if not items:
        return None
    for seminar in items:
        # Staff open their own seminars' working page; everyone else the public one.
        staff_link = not public and policy.can_manage_event(user, seminar)
        seminar.thread_url = reverse(
            "events:staff-detail" if staff_link else "events:public-detail", args=[seminar.pk]
        )
    return ThreadSection(
        title=_("Семинары с этой практикой"),
        template="events/thread/seminars.html",
        context={"seminars": items},
    )

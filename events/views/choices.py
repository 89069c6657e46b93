"""Search-as-you-type lists of the event form (DESIGN §4): the seminar's practice."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from events import permissions as policy
from events import selectors
from events.forms import SEMINAR_PRACTICE_LOOKUP
from practices.models import Questionnaire
from resursnaya_sreda.kernel.autocomplete import AutocompleteView


class SeminarPracticeChoices(AutocompleteView):
    """The practices a seminar of the staff member's pilot sites may present; ``pilot_site``
    narrows them to one site's region (see forms.EventForm)."""

    url_name = "events:practice-choices"
    lookup = SEMINAR_PRACTICE_LOOKUP

    @classmethod
    def has_permission(cls, user: Any) -> bool:
        return policy.can_create_event(user)

    @classmethod
    def queryset_for(cls, user: Any) -> QuerySet[Questionnaire]:
        return selectors.seminar_practice_choices(selectors.staff_pilot_sites(user))

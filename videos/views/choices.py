"""Search-as-you-type lists of the story form (DESIGN §4): a story's practices."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from practices.models import Questionnaire
from resursnaya_sreda.kernel.autocomplete import AutocompleteView
from resursnaya_sreda.kernel.models import PilotSite
from videos import permissions as policy
from videos.forms import STORY_PRACTICE_LOOKUP
from videos.services.stories import allowed_practices


class StoryPracticeChoices(AutocompleteView):
    """The practices a story of one pilot site may be about (``allowed_practices``, as the
    form): for that site's staff and the federal centre; another site's list is a 404."""

    lookup = STORY_PRACTICE_LOOKUP
    site: PilotSite | None = None

    def get(self, request: HttpRequest, site: int) -> JsonResponse:  # type: ignore[override]
        if request.user.is_authenticated:
            self.site = PilotSite.objects.filter(pk=site).first()
            if self.site is None or not policy.can_act_for_site(request.user, self.site.pk):
                return JsonResponse({"error": _("Не найдено.")}, status=404)
        return super().get(request)

    @classmethod
    def has_permission(cls, user: Any) -> bool:
        return policy.can_see_staff_pages(user)

    def queryset_for(self, user: Any) -> QuerySet[Questionnaire]:  # type: ignore[override]
        assert self.site is not None
        return allowed_practices(self.site)

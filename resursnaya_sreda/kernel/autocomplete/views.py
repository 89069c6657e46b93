"""The JSON endpoint behind a search-as-you-type field, for apps to subclass.

An endpoint gives the records the page itself would let the user choose — the same selector,
the same permission — searched, filtered and paged by its :class:`Lookup`::

    class EventChoices(AutocompleteView):
        url_name = "events:choices"
        lookup = Lookup(search_fields=("title",), filters={"region": "pilot_site__region_id"})

        @classmethod
        def has_permission(cls, user):
            return policy.can_see_staff_pages(user)

        @classmethod
        def queryset_for(cls, user):
            return selectors.events_for_user(user)

``GET …?q=каз&region=16&page=2&limit=20`` answers
``{"results": [{"id": "5", "text": "…"}], "more": true, "page": 2}``. Whoever may not use it
gets 403 (anonymous callers too: the browser asks from a page, never follows a login redirect).
A form's field takes the endpoint as its ``source`` and narrows its queryset with
``field.for_user(user)`` — the very ``queryset_for`` the endpoint answers from.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views import View

from resursnaya_sreda.kernel.autocomplete.lookups import Lookup


class AutocompleteView(View):
    http_method_names = ["get"]
    #: The URL name fields use to find the endpoint, e.g. "autocomplete:municipalities".
    url_name: ClassVar[str] = ""
    lookup: ClassVar[Lookup]
    #: True for public reference data (regions, municipalities) the anonymous public may search.
    public: ClassVar[bool] = False

    @classmethod
    def has_permission(cls, user: Any) -> bool:
        """Whether ``user`` may search at all; the queryset still narrows what they find."""
        return True

    @classmethod
    def queryset_for(cls, user: Any) -> QuerySet:
        """The records ``user`` may choose: the page's own scoped selector."""
        raise NotImplementedError

    def get(self, request: HttpRequest) -> JsonResponse:
        user = request.user
        if not self.public and not user.is_authenticated:
            return JsonResponse({"error": _("Войдите, чтобы искать.")}, status=403)
        if not self.has_permission(user):
            return JsonResponse({"error": _("Нет доступа.")}, status=403)
        data = self.lookup.page(self.queryset_for(user), request.GET)
        response = JsonResponse(data)
        # Answers depend on the user and change with the data: never cached by a proxy.
        response["Cache-Control"] = "private, no-store"
        return response

"""What the letters views share: the staff check, the programme, the user's sites."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest

from letters import permissions as policy
from letters import selectors
from resursnaya_sreda.kernel.selectors import programme_current

PAGE_SIZE = 50


def staff_only(request: HttpRequest) -> None:
    """Letters pages are for federal and regional staff; anyone else gets a 404."""
    if not request.user.is_authenticated:
        raise Http404
    policy.require_letters(request.user)


def programme() -> Any:
    found = programme_current()
    if found is None:
        raise Http404
    return found


def page_of(request: HttpRequest, queryset: Any, *, size: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def user_sites(user: Any) -> list[Any]:
    return selectors.sites_for(user, programme())

"""Who may write, edit and publish news, and who may edit the landing page texts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from resursnaya_sreda.accounts import permissions
from resursnaya_sreda.kernel.models import Programme
from resursnaya_sreda.public.models import NewsItem


def can_create_news(user: Any) -> bool:
    """Federal coordinators and regional centre staff write news."""
    return permissions.is_staff_member(user)


def can_edit_news(user: Any, item: NewsItem) -> bool:
    """Federal coordinators edit every item; regional staff only their own pilot site's."""
    if permissions.is_federal(user):
        return True
    return item.pilot_site_id is not None and item.pilot_site_id in permissions.pilot_site_ids(user)


def can_publish_news(user: Any, item: NewsItem) -> bool:
    """Whoever may edit an item may publish it and take it down."""
    return can_edit_news(user, item)


def can_edit_landing(user: Any, programme: Programme | None = None) -> bool:
    """The landing texts are the programme's: only federal coordinators change them."""
    return permissions.is_federal(user)


def news_editable_by(user: Any) -> QuerySet[NewsItem]:
    """Items the user may edit: all for federal staff, own pilot sites' for regional."""
    queryset = NewsItem.objects.all()
    if permissions.is_federal(user):
        return queryset
    return permissions.filter_by_pilot_site(queryset, user)


def get_news_for_editing(user: Any, pk: int) -> NewsItem:
    """The item to edit or publish.

    Staff of another region get 404 (their region's records only, and a 403 would confirm it
    exists); people who are not staff get 404 for drafts and 403 for published items, which
    they can read anyway.
    """
    if permissions.is_staff_member(user):
        try:
            return news_editable_by(user).select_related("pilot_site__region").get(pk=pk)
        except NewsItem.DoesNotExist as exc:
            raise Http404 from exc
    if NewsItem.objects.filter(pk=pk, is_published=True).exists():
        raise PermissionDenied
    raise Http404


def get_news_for_reading(user: Any, slug: str) -> NewsItem:
    """A published item for anyone; a draft only for those who may edit it (a preview)."""
    try:
        item = NewsItem.objects.select_related("pilot_site__region", "author").get(slug=slug)
    except NewsItem.DoesNotExist as exc:
        raise Http404 from exc
    if item.is_published or can_edit_news(user, item):
        return item
    raise Http404

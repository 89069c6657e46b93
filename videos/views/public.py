"""Public pages: published stories by region, a story, the release schedule and its feed."""

from __future__ import annotations

from itertools import groupby

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from resursnaya_sreda.kernel.models import Region
from resursnaya_sreda.kernel.selectors import programme_current
from resursnaya_sreda.kernel.web import querystring_without_page
from videos import ics, selectors
from videos import permissions as policy

#: Story cards on one page of the public list (two a row).
PUBLIC_PAGE_SIZE = 24


def story_list(request: HttpRequest) -> HttpResponse:
    """Published stories by region, a page at a time. The cards of a page are drawn once and
    kept until a story, its links, cuts or practices change (ten minutes at most)."""
    programme = programme_current()
    region_id = request.GET.get("region", "")
    region_id = int(region_id) if region_id.isdigit() else None
    stories = selectors.public_stories(programme, region_id=region_id)
    page = Paginator(stories.only("pk"), PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    key = ":".join(
        str(part)
        for part in (
            "videos:public",
            selectors.public_version(),
            translation.get_language(),
            programme.pk if programme else 0,
            region_id or 0,
            page.number,
        )
    )
    cards = cache.get(key)
    if cards is None:
        start = (page.number - 1) * PUBLIC_PAGE_SIZE
        shown = list(stories[start : start + PUBLIC_PAGE_SIZE]) if page.paginator.count else []
        groups = [
            (region, list(items))
            for region, items in groupby(shown, key=lambda s: s.pilot_site.region)
        ]
        cards = render_to_string("videos/partials/public_cards.html", {"groups": groups})
        cache.set(key, cards, selectors.MATRIX_SECONDS)
    regions = Region.objects.filter(
        pilot_sites__video_stories__state="published",
        **({"pilot_sites__programme": programme} if programme else {}),
    ).distinct()
    return render(
        request,
        "videos/public_list.html",
        {
            "cards": mark_safe(cards),  # noqa: S308  (our own template's output)
            "page_obj": page,
            "querystring": querystring_without_page(request),
            "regions": regions,
            "region_id": region_id,
            "schedule": selectors.published_schedule(programme),
        },
    )


def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = policy.get_public_story(pk)
    story = selectors.public_stories(None).get(pk=story.pk)
    return render(request, "videos/public_story.html", {"story": story})


def schedule(request: HttpRequest) -> HttpResponse:
    programme = programme_current()
    version = selectors.published_schedule(programme)
    slots = list(selectors.version_slots(version)) if version else []
    return render(request, "videos/public_schedule.html", {"version": version, "slots": slots})


def schedule_ics(request: HttpRequest) -> HttpResponse:
    programme = programme_current()
    version = selectors.published_schedule(programme)
    slots = list(selectors.version_slots(version)) if version else []
    body = ics.calendar(slots, version_number=version.number if version else 0)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="video-schedule.ics"'
    return response

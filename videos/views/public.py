"""Public pages: published stories by region, a story, the release schedule and its feed."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from resursnaya_sreda.kernel.models import Region
from resursnaya_sreda.kernel.selectors import programme_current
from videos import ics, selectors
from videos import permissions as policy


def story_list(request: HttpRequest) -> HttpResponse:
    programme = programme_current()
    region_id = request.GET.get("region", "")
    region_id = int(region_id) if region_id.isdigit() else None
    stories = list(selectors.public_stories(programme, region_id=region_id))
    regions = Region.objects.filter(
        pilot_sites__video_stories__state="published",
        **({"pilot_sites__programme": programme} if programme else {}),
    ).distinct()
    groups = [
        (region, list(items))
        for region, items in groupby(stories, key=lambda s: s.pilot_site.region)
    ]
    return render(
        request,
        "videos/public_list.html",
        {
            "groups": groups,
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

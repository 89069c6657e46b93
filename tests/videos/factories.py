"""Builders for step-4 tests: practices a site may film, a specification, stories in a state,
short real videos made with ffmpeg."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone

from practices.models import PilotPractice, Questionnaire
from resursnaya_sreda.kernel.models import Organisation, OrganisationKind, PilotSite
from videos import probe, services
from videos.models import CheckState, Cut, Specification, SpecificationState, Story, StoryState


def practice_for(site: PilotSite, title: str = "Школа межнационального диалога", slot: int = 1):
    """A submitted questionnaire of the site's region chosen as one of its step-3 practices."""
    organisation = Organisation.objects.create(
        name=f"АНО «{title}»", kind=OrganisationKind.NGO, region=site.region
    )
    questionnaire = Questionnaire.objects.create(
        programme=site.programme,
        organisation=organisation,
        title=title,
        state="submitted",
        submitted_at=timezone.now(),
    )
    PilotPractice.objects.create(pilot_site=site, questionnaire=questionnaire, slot=slot)
    return questionnaire


def spec_for(programme: Any, *, issued: bool = True, **params: Any) -> Specification:
    """A specification that short test videos can pass: 2–10 s, 640×360 and up, 16:9."""
    values = {
        "text": "Сюжет о двух практиках: проблема, люди, результат.",
        "min_duration_seconds": 2,
        "max_duration_seconds": 10,
        "min_width": 640,
        "min_height": 360,
        "aspect_ratio": "16:9",
        "min_fps": Decimal("24"),
        "max_fps": Decimal("30"),
        "video_codecs": "h264",
        "audio_codecs": "aac",
        "containers": "mp4,mov",
        "max_file_size_mb": 50,
        "loudness_min_lufs": Decimal("-20"),
        "loudness_max_lufs": Decimal("-12"),
        **params,
    }
    number = Specification.objects.filter(programme=programme).count() + 1
    return Specification.objects.create(
        programme=programme,
        version=number,
        state=SpecificationState.ISSUED if issued else SpecificationState.DRAFT,
        issued_at=timezone.now() if issued else None,
        **values,
    )


def story_for(site: PilotSite, by: Any, *, practices: list | None = None, **data: Any) -> Story:
    practices = practices if practices is not None else [practice_for(site)]
    return services.story_create(
        site=site,
        by=by,
        data={
            "title": data.get("title", "Дружба народов в Казани"),
            "synopsis": data.get("synopsis", "О практике и её людях."),
            "script_text": data.get("script_text", "00:00 Заставка. 00:05 Ведущий."),
            "practices": practices,
        },
    )


def move_to(story: Story, state: str, *, regional: Any, federal: Any) -> Story:
    """Walk a story to ``state`` through the services (cut states get a passing cut row)."""
    order = [s.value for s in StoryState]
    spec = services.specification_current(story.programme) or spec_for(story.programme)
    services.specification_acknowledge(spec=spec, site=story.pilot_site, by=regional)

    def reached(target: str) -> bool:
        return order.index(state) >= order.index(target)

    if reached(StoryState.SCRIPT_SUBMITTED):
        story = services.story_script_submit(story=story, by=regional)
    if state == StoryState.SCRIPT_RETURNED:
        return services.story_script_return(story=story, by=federal, message="Исправьте.")
    if reached(StoryState.SCRIPT_APPROVED):
        story = services.story_script_approve(story=story, by=federal)
    if reached(StoryState.FILMING):
        story = services.story_filming_start(story=story, by=regional)
    if reached(StoryState.CUT_SUBMITTED):
        passed_cut(story)
        story = services.story_cut_submit(story=story, by=regional)
    if state == StoryState.CUT_RETURNED:
        return services.story_cut_return(story=story, by=federal, message="Сократите.")
    if reached(StoryState.CUT_APPROVED):
        story = services.story_cut_approve(story=story, by=federal)
    return story


def passed_cut(story: Story) -> Cut:
    """A cut row already checked and passed (for tests about states, not about ffprobe)."""
    return Cut.objects.create(
        story=story,
        display_name="cut.mp4",
        size=1000,
        check_state=CheckState.PASSED,
        report=[{"code": "duration", "label": "Длительность", "ok": True, "message": "ok"}],
        checked_at=timezone.now(),
        specification=story.specification,
    )


def make_video(folder: Path, name: str = "cut.mp4", **kwargs: Any) -> Path:
    kwargs.setdefault("seconds", 3)
    kwargs.setdefault("width", 640)
    kwargs.setdefault("height", 360)
    return probe.generate_test_video(folder / name, **kwargs)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)

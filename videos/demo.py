"""Demo of step 4 for ``manage.py demo_data``: a specification, stories in every state, real
cuts checked by ffprobe, proposals and a published, solved schedule.

Stories pass through the same services as on the site. The demo video is made with ffmpeg at
demo time (a minute of a still title card with a tone, looped from a two-second piece so it
takes a second to make); every accepted demo story uses the same file, so it is checked once
and the other cuts take that check's results. The channel's window opens a few weeks before
today so the demo shows stories already released. Idempotent: a site that has a story keeps it.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from practices.models import PRACTICES_PER_SITE, PilotPractice, Questionnaire
from resursnaya_sreda.accounts.models import Role, User
from resursnaya_sreda.kernel import mail
from resursnaya_sreda.kernel.models import PilotSite, Programme, RoadmapStep
from resursnaya_sreda.kernel.uploads import SCANS, check_upload
from videos import probe, services
from videos.models import (
    Cut,
    PartnerRole,
    ReleasePin,
    ScheduleState,
    ScheduleVersion,
    Specification,
    Story,
    StoryState,
)
from videos.models.specifications import SCRIPT_KINDS

FEDERAL = "federal@example.org"
DEMO_REGION = "16"  # regional@example.org's site starts from the beginning, for the journey

SPEC_TEXT = "\n\n".join(
    (
        "Сюжет рассказывает о двух лучших практиках пилотной площадки: какую задачу решает "
        "практика, кто её делает, что изменилось для людей и как повторить опыт в другом "
        "муниципалитете.",
        "Структура: заставка канала «Ресурсная среда» (до 5 секунд) — вступление ведущего — "
        "первая практика — вторая практика — что из этого может взять другой регион — "
        "концовка канала с титрами.",
        "Титры: название практики и организации, ФИО и должности выступающих, партнёры "
        "съёмки. Музыка только с правом использования. На каждого человека в кадре — "
        "письменное согласие на съёмку и публикацию.",
    )
)

SAMPLE_SCRIPT = """Примерный сценарий видеосюжета (4 минуты)

00:00–00:05 Заставка канала «Ресурсная среда».
00:05–00:30 Ведущий: где мы, о каких практиках расскажем.
00:30–01:50 Первая практика: проблема, люди, результат (синхрон автора практики).
01:50–03:10 Вторая практика: то же.
03:10–03:50 Как повторить: три совета от авторов.
03:50–04:00 Концовка канала, титры, партнёры съёмки.
"""

# Each site's story ends in one of these, in turn, so every state is on show.
STATES = (
    StoryState.PUBLISHED,
    StoryState.SCHEDULED,
    StoryState.CUT_APPROVED,
    StoryState.CUT_SUBMITTED,
    StoryState.CUT_RETURNED,
    StoryState.FILMING,
    StoryState.SCRIPT_APPROVED,
    StoryState.SCRIPT_RETURNED,
    StoryState.SCRIPT_SUBMITTED,
)
ORDER = [state.value for state in StoryState]


def _reached(state: str, target: str) -> bool:
    return ORDER.index(target) >= ORDER.index(state)


def _has_ffmpeg() -> bool:
    return bool(shutil.which(settings.FFMPEG_BINARY) and shutil.which(settings.FFPROBE_BINARY))


def make_demo_video(folder: Path, *, seconds: int = 62) -> Path:
    """A minute of a test card at 1280×720, 25 fps, H.264/AAC at −16 LUFS: passes the demo
    specification. Joined from one two-second piece with stream copy, so it takes a second."""
    probe.generate_test_video(folder / "piece.mp4", seconds=2, width=1280, height=720)
    playlist = folder / "pieces.txt"
    playlist.write_text("".join("file 'piece.mp4'\n" for _ in range(seconds // 2)))
    target = folder / "Сюжет — чистовой монтаж.mp4"
    subprocess.run(  # noqa: S603 - fixed binary and arguments
        [
            settings.FFMPEG_BINARY,
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "concat",
            "-safe",
            "0",
            "-i",
            str(playlist),
            "-c",
            "copy",
            "-movflags",
            "+faststart",
            str(target),
        ],
        check=True,
        timeout=120,
    )
    return target


def _specification(programme: Programme, federal: User) -> Specification:
    current = services.specification_current(programme)
    if current is not None:
        return current
    script = check_upload(
        SimpleUploadedFile("Примерный сценарий.txt", SAMPLE_SCRIPT.encode("utf-8")),
        kinds=SCRIPT_KINDS,
    )
    draft = services.specification_save(
        programme=programme,
        by=federal,
        data={
            "text": SPEC_TEXT,
            "min_duration_seconds": 60,
            "max_duration_seconds": 300,
            "min_width": 1280,
            "min_height": 720,
        },
        sample_script=script,
    )
    return services.specification_issue(spec=draft, by=federal)


def _scan(name: str) -> object:
    """A «scanned» signed page: a grey JPEG with lines, re-encoded by the upload toolkit."""
    image = Image.new("RGB", (620, 877), (246, 246, 240))
    draw = ImageDraw.Draw(image)
    for row in range(12):
        draw.line((60, 120 + row * 50, 560, 120 + row * 50), fill=(120, 120, 120), width=2)
    draw.line((380, 760, 540, 730), fill=(20, 40, 120), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return check_upload(SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg"), kinds=SCANS)


def _upload(story: Story, by: User, path: Path, template: Cut | None) -> Cut:
    """The cut goes in through the resumable-upload service, as from the browser. The same
    file checked a moment ago for another story lends its results (inside the transaction, so
    the worker's task finds the cut already checked)."""
    with transaction.atomic():
        upload = services.upload_create(
            story=story, by=by, length=path.stat().st_size, filename=path.name
        )
        with path.open("rb") as handle:
            upload = services.upload_append(
                upload=upload, by=by, offset=0, stream=handle, declared=None
            )
        cut = upload.cut
        if template is not None and template.size == cut.size:
            _copy_check(template, cut)
    return services.cut_process(cut_id=cut.pk)


def _copy_check(source: Cut, cut: Cut) -> None:
    from resursnaya_sreda.kernel.uploads import atomic_with_files

    with atomic_with_files():
        if not cut.file:
            from videos.services.cuts import _store_source

            with tempfile.TemporaryDirectory() as folder:
                joined = Path(folder) / "cut.mp4"
                with joined.open("wb") as target:
                    from videos.services.uploads import cut_assemble

                    cut_assemble(cut, target)
                _store_source(cut, joined)
        for name in (
            "report",
            "duration",
            "width",
            "height",
            "fps",
            "video_codec",
            "audio_codec",
            "container",
            "loudness",
            "check_state",
            "specification",
        ):
            setattr(cut, name, getattr(source, name))
        for name in ("poster", "preview"):
            field = getattr(source, name)
            if field:
                with field.open("rb") as handle:
                    getattr(cut, name).save(Path(field.name).name, File(handle), save=False)
        cut.checked_at = timezone.now()
        cut.save()


def _walk(
    story: Story,
    target: str,
    *,
    regional: User,
    federal: User,
    videos: dict[str, Path],
    checked: dict[str, Cut],
) -> None:
    state = StoryState
    if _reached(state.SCRIPT_SUBMITTED, target):
        services.story_script_submit(story=story, by=regional)
    if target == state.SCRIPT_RETURNED:
        services.story_script_return(
            story=story,
            by=federal,
            message=(
                "Добавьте в сценарий синхрон автора второй практики и советы, как её повторить."
            ),
        )
        return
    if not _reached(state.SCRIPT_APPROVED, target):
        return
    services.story_script_approve(story=story, by=federal, message="Хороший сценарий, снимайте.")
    if not _reached(state.FILMING, target):
        return
    services.story_filming_start(story=story, by=regional)
    services.partner_add(
        story=story,
        by=regional,
        data={"name": "Телекомпания «Регион-ТВ»", "role": PartnerRole.LOCAL_TV},
        agreement=_scan("Соглашение о съёмке.jpg"),
    )
    services.person_add(
        story=story,
        by=regional,
        data={"full_name": "Иванова Мария Петровна", "role": "автор практики"},
        release=_scan("Согласие Ивановой.jpg"),
    )
    if not videos or not _reached(state.CUT_SUBMITTED, target):
        return
    cut = _upload(story, regional, videos["good"], checked.get("good"))
    checked.setdefault("good", cut)
    services.story_cut_submit(story=story, by=regional)
    if target == state.CUT_SUBMITTED:
        # Someone on screen without a release: the federal centre cannot accept yet.
        services.person_add(
            story=story,
            by=regional,
            data={"full_name": "Петров Ильдар Маратович", "role": "участник фестиваля"},
        )
        return
    if target == state.CUT_RETURNED:
        services.story_cut_return(
            story=story, by=federal, message="Сократите вступление и добавьте титры партнёров."
        )
        bad = _upload(story, regional, videos["bad"], checked.get("bad"))
        checked.setdefault("bad", bad)
        return
    services.story_cut_approve(story=story, by=federal, message="Принято.")


SUBMITTED_STATES = ("submitted", "under_review", "resubmitted")


def _practices(site: PilotSite, limit: int, federal: User) -> list[Questionnaire]:
    """The site's practices for its story. A site that has not chosen its step-3 practices in
    the demo gets its region's submitted questionnaires as them (the demo's stand-in for step
    3, written through the model because the practices services are not a stable import)."""
    if not PilotPractice.objects.filter(pilot_site=site).exists():
        candidates = Questionnaire.objects.filter(
            programme_id=site.programme_id,
            organisation__region_id=site.region_id,
            state__in=SUBMITTED_STATES,
        ).order_by("pk")[:PRACTICES_PER_SITE]
        for slot, questionnaire in enumerate(candidates, start=1):
            practice = PilotPractice(
                pilot_site=site, questionnaire=questionnaire, slot=slot, proposed_by=federal
            )
            practice.full_clean()
            practice.save()
    return list(services.allowed_practices(site)[:limit])


def populate(programme: Programme) -> None:
    """Stories of every state across the pilot sites, a specification and a schedule."""
    federal = User.objects.filter(email=FEDERAL).first()
    if federal is None:
        return
    with mail.muted():
        _populate(programme, federal)


def _populate(programme: Programme, federal: User) -> None:
    spec = _specification(programme, federal)
    today = timezone.localdate()
    step = RoadmapStep.objects.filter(programme=programme, number=4).first()
    rules = services.rules_for(programme)
    if not ScheduleVersion.objects.filter(programme=programme).exists():
        services.rules_save(
            programme=programme,
            by=federal,
            data={
                "window_start": today - datetime.timedelta(days=21),
                "window_end": step.ends_on if step else today + datetime.timedelta(days=120),
                "weekdays": [2, 4],
                "releases_per_day": 1,
                "min_gap_days": 1,
                "review_days": 7,
            },
            reserved=[
                (
                    today + datetime.timedelta(days=((1 - today.weekday()) % 7) + 14),
                    "Выпуск о конкурсе",
                )
            ],
        )
        rules.refresh_from_db()
    targets = services.story_targets(programme)
    sites = list(programme.pilot_sites.select_related("region").order_by("region__name"))
    folder = Path(tempfile.mkdtemp(prefix="videos-demo-"))
    try:
        videos: dict[str, Path] = {}
        if _has_ffmpeg():
            videos["good"] = make_demo_video(folder)
            videos["bad"] = probe.generate_test_video(
                folder / "Черновой монтаж.mp4", seconds=8, width=640, height=480, loudness_db=-30
            )
        checked: dict[str, Cut] = {}
        first_run = not ScheduleVersion.objects.filter(programme=programme).exists()
        late: list[tuple[PilotSite, User, list[Questionnaire], int]] = []
        index = 0
        for site in sites:
            if Story.objects.filter(pilot_site=site).exists():
                continue
            regional = User.objects.filter(
                memberships__role=Role.REGIONAL, memberships__pilot_site=site
            ).first()
            practices = _practices(site, targets.practices_per_story, federal)
            if regional is None or not practices:
                continue
            target = None
            if site.region.code != DEMO_REGION:
                target = STATES[index % len(STATES)]
                index += 1
                if target == StoryState.CUT_APPROVED and first_run:
                    # Accepted after the schedule was published: it waits for the next version.
                    late.append((site, regional, practices, index))
                    continue
            story = _create(site, regional, practices)
            if target is None:
                continue  # regional@example.org acknowledges and submits it themselves
            services.specification_acknowledge(spec=spec, site=site, by=regional)
            _walk(story, target, regional=regional, federal=federal, videos=videos, checked=checked)
            if target != StoryState.SCRIPT_RETURNED:
                _propose(story, regional, max(today, rules.window_start), index)
        if first_run:
            _publish_first_schedule(programme, federal, today)
            for site, regional, practices, number in late:
                story = _create(site, regional, practices)
                services.specification_acknowledge(spec=spec, site=site, by=regional)
                _walk(
                    story,
                    StoryState.CUT_APPROVED,
                    regional=regional,
                    federal=federal,
                    videos=videos,
                    checked=checked,
                )
                _propose(story, regional, max(today, rules.window_start), number)
            _resolve_with_pin(programme, federal)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _create(site: PilotSite, regional: User, practices: list[Questionnaire]) -> Story:
    titles = " и ".join(f"«{q.display_title}»" for q in practices)
    return services.story_create(
        site=site,
        by=regional,
        data={
            "title": f"{site.region.name}: {practices[0].display_title}",
            "synopsis": f"Сюжет о практиках {titles}: как они появились и кому помогают.",
            "script_text": SAMPLE_SCRIPT,
            "practices": practices,
        },
    )


def _propose(story: Story, regional: User, start: datetime.date, index: int) -> None:
    ready = start + datetime.timedelta(days=7 + 5 * index)
    day = datetime.timedelta
    services.proposal_save(
        story=story,
        by=regional,
        ready_on=ready,
        preferences=[
            (ready + day(days=10), ready + day(days=16)),
            (ready + day(days=24), ready + day(days=30)),
        ],
        avoid=[(ready + day(days=17), ready + day(days=20))],
    )


def _publish_first_schedule(programme: Programme, federal: User, today: datetime.date) -> None:
    """Publish one story as released two weeks ago, then solve and publish version 1."""
    first = Story.objects.filter(programme=programme, state=StoryState.CUT_APPROVED).first()
    if first is not None:
        services.story_links_save(
            story=first,
            by=federal,
            links={"youtube": "https://www.youtube.com/watch?v=M7lc1UVf-VE"},
        )
        Story.objects.filter(pk=first.pk).update(release_on=today - datetime.timedelta(days=14))
    version = services.schedule_request(programme=programme, by=federal)
    version = services.schedule_solve(version_id=version.pk)
    if version.state == ScheduleState.SOLVED:
        services.schedule_publish(version=version, by=federal)


def _resolve_with_pin(programme: Programme, federal: User) -> None:
    """Pin one story a week later and solve version 2 (left unpublished): a minimal change."""
    published = ScheduleVersion.objects.filter(
        programme=programme, state=ScheduleState.PUBLISHED
    ).first()
    if published is None:
        return
    slot = published.slots.filter(released=False, story__state=StoryState.FILMING).first()
    if slot is not None:
        ReleasePin.objects.update_or_create(
            story=slot.story,
            defaults={
                "release_on": slot.release_on + datetime.timedelta(days=7),
                "pinned_by": federal,
            },
        )
    second = services.schedule_request(programme=programme, by=federal)
    services.schedule_solve(version_id=second.pk)

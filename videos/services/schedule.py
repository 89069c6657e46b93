"""Steps 4.2–4.3: proposals, the channel's rules, pins, solving on the worker, publishing."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from resursnaya_sreda.kernel.models import Programme, RoadmapStep
from videos import notifications, scheduling
from videos import permissions as policy
from videos.models import (
    ChannelRules,
    ChoiceKind,
    ProposalPeriod,
    ReleasePin,
    ReleaseProposal,
    ReservedDate,
    ScheduleSlot,
    ScheduleState,
    ScheduleVersion,
    Story,
    StoryState,
)
from videos.services.common import StoryError
from videos.services.stories import story_schedule

VIDEO_STEP = 4
MAX_PERIODS = 5


def rules_for(programme: Programme) -> ChannelRules:
    """The programme's channel rules; made on first use with the step's window."""
    rules = ChannelRules.objects.filter(programme=programme).first()
    if rules is not None:
        return rules
    step = RoadmapStep.objects.filter(programme=programme, number=VIDEO_STEP).first()
    today = timezone.localdate()
    start = step.starts_on if step else today
    end = step.ends_on if step else today + datetime.timedelta(days=120)
    rules, _created = ChannelRules.objects.get_or_create(
        programme=programme, defaults={"window_start": start, "window_end": end}
    )
    return rules


@transaction.atomic
def rules_save(
    *,
    programme: Programme,
    by: Any,
    data: dict[str, Any],
    reserved: Sequence[tuple[datetime.date, str]] = (),
) -> ChannelRules:
    if not policy.can_manage_schedule(by):
        raise PermissionDenied
    rules = rules_for(programme)
    for name in (
        "window_start",
        "window_end",
        "releases_per_day",
        "min_gap_days",
        "review_days",
        "site_spacing_days",
    ):
        if name in data:
            setattr(rules, name, data[name])
    if "weekdays" in data:
        days = sorted({int(day) for day in data["weekdays"]})
        if not days:
            raise ValidationError({"weekdays": [_("Выберите хотя бы один день выпуска.")]})
        rules.release_weekdays = ",".join(str(day) for day in days)
    rules.updated_by = by
    rules.full_clean()
    rules.save()
    rules.reserved.all().delete()
    for day, note in reserved:
        ReservedDate.objects.create(rules=rules, date=day, note=note[:255])
    return rules


def _check_periods(
    periods: Sequence[tuple[datetime.date, datetime.date]], field: str
) -> list[tuple[datetime.date, datetime.date]]:
    clean = []
    for start, end in periods:
        if start is None and end is None:
            continue
        if start is None or end is None:
            raise ValidationError({field: [_("Укажите у периода и начало, и конец.")]})
        if end < start:
            raise ValidationError(
                {
                    field: [
                        _("Период %(s)s–%(e)s кончается раньше, чем начинается.")
                        % {"s": start.strftime("%d.%m.%Y"), "e": end.strftime("%d.%m.%Y")}
                    ]
                }
            )
        clean.append((start, end))
    if len(clean) > MAX_PERIODS:
        raise ValidationError({field: [_("Не больше %(n)s периодов.") % {"n": MAX_PERIODS}]})
    return clean


@transaction.atomic
def proposal_save(
    *,
    story: Story,
    by: Any,
    ready_on: datetime.date,
    preferences: Sequence[tuple[datetime.date, datetime.date]],
    avoid: Sequence[tuple[datetime.date, datetime.date]] = (),
    note: str = "",
) -> ReleaseProposal:
    """The site's proposal for one story: readiness, preferred periods in order, bad dates."""
    if not policy.can_propose_dates(by, story):
        raise StoryError(_("Предложение по дате выпуска для этого сюжета уже не меняется."))
    if ready_on is None:
        raise ValidationError({"ready_on": [_("Укажите, когда монтаж будет готов.")]})
    preferences = _check_periods(preferences, "preferences")
    if not preferences:
        raise ValidationError({"preferences": [_("Укажите хотя бы один желаемый период выпуска.")]})
    avoid = _check_periods(avoid, "avoid")
    proposal, _created = ReleaseProposal.objects.select_for_update().get_or_create(
        story=story, defaults={"ready_on": ready_on, "submitted_by": by}
    )
    proposal.ready_on = ready_on
    proposal.note = note.strip()[:500]
    proposal.submitted_by = by
    proposal.full_clean()
    proposal.save()
    proposal.periods.all().delete()
    for rank, (start, end) in enumerate(preferences, start=1):
        ProposalPeriod.objects.create(
            proposal=proposal, kind=ChoiceKind.PREFER, rank=rank, starts_on=start, ends_on=end
        )
    for start, end in avoid:
        ProposalPeriod.objects.create(
            proposal=proposal, kind=ChoiceKind.AVOID, rank=0, starts_on=start, ends_on=end
        )
    return proposal


@transaction.atomic
def pin_set(*, story: Story, by: Any, release_on: datetime.date | None) -> ReleasePin | None:
    """Fix a story to a date for the next solve; None releases the pin."""
    if not policy.can_manage_schedule(by):
        raise PermissionDenied
    if release_on is None:
        ReleasePin.objects.filter(story=story).delete()
        return None
    rules = rules_for(story.programme)
    if not rules.window_start <= release_on <= rules.window_end:
        raise ValidationError(
            {
                "release_on": [
                    _("Дата вне окна выпусков %(s)s–%(e)s.")
                    % {
                        "s": rules.window_start.strftime("%d.%m.%Y"),
                        "e": rules.window_end.strftime("%d.%m.%Y"),
                    }
                ]
            }
        )
    pin, _created = ReleasePin.objects.update_or_create(
        story=story, defaults={"release_on": release_on, "pinned_by": by}
    )
    return pin


def baseline_for(programme: Programme) -> ScheduleVersion | None:
    """What a re-solve compares with: the published version, else the newest solved one."""
    published = ScheduleVersion.objects.filter(
        programme=programme, state=ScheduleState.PUBLISHED
    ).first()
    if published is not None:
        return published
    return (
        ScheduleVersion.objects.filter(programme=programme, state=ScheduleState.SOLVED)
        .order_by("-number")
        .first()
    )


@transaction.atomic
def schedule_request(*, programme: Programme, by: Any) -> ScheduleVersion:
    """Queue a new version for the worker to solve («Составить график»)."""
    if not policy.can_manage_schedule(by):
        raise PermissionDenied
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    if ScheduleVersion.objects.filter(programme=programme, state=ScheduleState.SOLVING).exists():
        raise StoryError(_("График уже составляется: дождитесь результата."))
    number = (
        ScheduleVersion.objects.filter(programme=programme).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    version = ScheduleVersion.objects.create(
        programme=programme,
        number=number,
        created_by=by,
        baseline=baseline_for(programme),
    )
    from videos.tasks import solve_schedule_task

    version_id = version.pk
    transaction.on_commit(lambda: solve_schedule_task.delay(version_id))
    return version


def solver_rules(rules: ChannelRules, *, today: datetime.date | None = None) -> scheduling.Rules:
    """The stored rules for the solver; no new release is placed in the past."""
    today = today or timezone.localdate()
    start = max(rules.window_start, today)
    return scheduling.Rules(
        window_start=start,
        window_end=max(rules.window_end, start),
        weekdays=tuple(rules.weekdays),
        per_day=rules.releases_per_day,
        min_gap_days=rules.min_gap_days,
        review_days=rules.review_days,
        site_spacing_days=rules.site_spacing_days,
        reserved=frozenset(rules.reserved.values_list("date", flat=True)),
    )


def solver_inputs(
    programme: Programme, baseline: ScheduleVersion | None
) -> list[scheduling.StoryInput]:
    """Every story of the programme as the solver sees it (four queries in all)."""
    stories = (
        Story.objects.filter(programme=programme)
        .select_related("pilot_site__region", "proposal", "pin")
        .prefetch_related("proposal__periods")
        .order_by("pk")
    )
    baseline_dates = dict(baseline.slots.values_list("story_id", "release_on")) if baseline else {}
    inputs = []
    for story in stories:
        proposal = getattr(story, "proposal", None)
        pin = getattr(story, "pin", None)
        periods = list(proposal.periods.all()) if proposal else []
        preferences = tuple(
            (p.starts_on, p.ends_on)
            for p in sorted(periods, key=lambda p: p.rank)
            if p.kind == ChoiceKind.PREFER
        )
        avoid = tuple((p.starts_on, p.ends_on) for p in periods if p.kind == ChoiceKind.AVOID)
        released = story.release_on if story.state == StoryState.PUBLISHED else None
        inputs.append(
            scheduling.StoryInput(
                key=story.pk,
                site=story.pilot_site_id,
                label=f"{story.pilot_site.region.name}: {story.title}",
                ready_on=proposal.ready_on if proposal else None,
                preferences=preferences,
                avoid=avoid,
                pinned_on=pin.release_on if pin and not released else None,
                released_on=released,
                baseline_on=baseline_dates.get(story.pk),
            )
        )
    return inputs


def schedule_solve(*, version_id: int) -> ScheduleVersion:
    """Solve a queued version (the worker's task) and store its dates or its reasons."""
    version = ScheduleVersion.objects.select_related("programme", "baseline").get(pk=version_id)
    if version.state != ScheduleState.SOLVING:
        return version
    rules = rules_for(version.programme)
    solver_input = solver_inputs(version.programme, version.baseline)
    solver_rule = solver_rules(rules)
    try:
        result = scheduling.solve(
            solver_input, solver_rule, time_limit=float(settings.VIDEOS_SOLVER_SECONDS)
        )
    except Exception as exc:  # the worker must leave a visible state, whatever happened
        ScheduleVersion.objects.filter(pk=version.pk).update(
            state=ScheduleState.FAILED,
            message=_("Расчёт прервался с ошибкой: %(e)s") % {"e": exc},
            solved_at=timezone.now(),
        )
        raise
    with transaction.atomic():
        version = ScheduleVersion.objects.select_for_update().get(pk=version.pk)
        version.rules = {
            "window_start": solver_rule.window_start.isoformat(),
            "window_end": solver_rule.window_end.isoformat(),
            "weekdays": list(solver_rule.weekdays),
            "per_day": solver_rule.per_day,
            "min_gap_days": solver_rule.min_gap_days,
            "review_days": solver_rule.review_days,
            "site_spacing_days": solver_rule.site_spacing_days,
            "reserved": sorted(d.isoformat() for d in solver_rule.reserved),
        }
        version.solve_seconds = result.seconds
        version.solved_at = timezone.now()
        if not result.feasible:
            version.state = ScheduleState.INFEASIBLE
            version.message = result.message
            version.save()
            return version
        ScheduleSlot.objects.bulk_create(
            [
                ScheduleSlot(
                    version=version,
                    story_id=p.key,
                    release_on=p.release_on,
                    preference_rank=p.preference_rank,
                    pinned=p.pinned,
                    released=p.released,
                    moved_from=p.moved_from,
                )
                for p in result.placements
            ]
        )
        version.state = ScheduleState.SOLVED
        version.changed_count = result.changed
        version.message = ""
        version.save()
    return version


@transaction.atomic
def schedule_publish(*, version: ScheduleVersion, by: Any) -> ScheduleVersion:
    """Make a solved version the public schedule, give accepted stories their dates, tell
    each site; the version published before stays in the history as superseded."""
    if not policy.can_manage_schedule(by):
        raise PermissionDenied
    version = ScheduleVersion.objects.select_for_update().get(pk=version.pk)
    if version.state != ScheduleState.SOLVED:
        raise StoryError(_("Опубликовать можно только составленную версию графика."))
    ScheduleVersion.objects.filter(
        programme=version.programme_id, state=ScheduleState.PUBLISHED
    ).update(state=ScheduleState.SUPERSEDED)
    version.state = ScheduleState.PUBLISHED
    version.published_by = by
    version.published_at = timezone.now()
    version.save()
    slots = list(
        version.slots.select_related("story__pilot_site__region", "story__programme").order_by(
            "release_on"
        )
    )
    by_site: dict[int, list[ScheduleSlot]] = defaultdict(list)
    for slot in slots:
        story = (
            Story.objects.select_for_update()
            .select_related("pilot_site__region")
            .get(pk=slot.story_id)
        )
        if story.state != StoryState.PUBLISHED:
            story_schedule(story=story, by=by, release_on=slot.release_on)
        by_site[story.pilot_site_id].append(slot)
    notifications.schedule_published(version, by_site)
    return version

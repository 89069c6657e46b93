"""Writes to the programme kernel: programmes from the seed, copies for a new cycle, pilot
sites and the municipality import. Views, admin actions, commands and tests call these."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from resursnaya_sreda.kernel import roadmap_seed
from resursnaya_sreda.kernel.models import (
    Municipality,
    Organisation,
    PilotSite,
    Programme,
    Region,
    RoadmapStep,
    RoadmapTask,
    Target,
)


def seed_schedule(*, start: datetime.date) -> dict[int, tuple[datetime.date, datetime.date]]:
    """The seed's step dates moved so that step 1 begins on ``start``.

    Every step keeps its duration and its distance from step 1, so the gaps and overlaps of the
    2020 roadmap are the same in any cycle.
    """
    shift = start - roadmap_seed.STEPS[0].starts_on
    return {
        step.number: (step.starts_on + shift, step.ends_on + shift) for step in roadmap_seed.STEPS
    }


@transaction.atomic
def programme_make_current(*, programme: Programme) -> Programme:
    """Make ``programme`` the one the public site shows; the previous current one steps down."""
    Programme.objects.filter(is_current=True).exclude(pk=programme.pk).update(is_current=False)
    if not programme.is_current:
        programme.is_current = True
        programme.full_clean()
        programme.save(update_fields=["is_current"])
    return programme


@transaction.atomic
def programme_seed_roadmap(*, programme: Programme, start: datetime.date) -> Programme:
    """Write the seed's steps, tasks and targets into ``programme``, step 1 starting on ``start``.

    Idempotent: steps are matched by number, tasks by step and number, targets by code, so a
    second run moves the dates and restores the seed's texts without adding rows.
    """
    schedule = seed_schedule(start=start)
    for seed_step in roadmap_seed.STEPS:
        starts_on, ends_on = schedule[seed_step.number]
        step = RoadmapStep.objects.filter(programme=programme, number=seed_step.number).first()
        if step is None:
            step = RoadmapStep(programme=programme, number=seed_step.number)
        step.title = seed_step.title
        step.summary = seed_step.summary
        step.starts_on = starts_on
        step.ends_on = ends_on
        step.full_clean()
        step.save()

        for number, seed_task in enumerate(seed_step.tasks, start=1):
            task = RoadmapTask.objects.filter(step=step, number=number).first()
            if task is None:
                task = RoadmapTask(step=step, number=number)
            task.text = seed_task.text
            task.responsible = seed_task.responsible
            task.full_clean()
            task.save()

        for code, value in seed_step.targets:
            target = Target.objects.filter(programme=programme, code=code).first()
            if target is None:
                target = Target(programme=programme, code=code)
            target.step = step
            target.value = value
            target.full_clean()
            target.save()
    return programme


@transaction.atomic
def programme_create_from_seed(
    *,
    title: str,
    year: int,
    start: datetime.date | None = None,
    make_current: bool = False,
) -> Programme:
    """Create a programme with the seed's seven steps, their tasks, targets and landing texts.

    Step 1 starts on ``start`` (1 March of ``year`` by default, as in the 2020 roadmap); the
    other steps keep the seed's durations and gaps. Raises ``ValidationError`` when the title
    is taken.
    """
    if start is None:
        start = datetime.date(year, 3, 1)
    programme = Programme(title=title, year=year, **roadmap_seed.LANDING)
    programme.full_clean()
    programme.save()
    programme_seed_roadmap(programme=programme, start=start)
    if make_current:
        programme_make_current(programme=programme)
    return programme


def _moved(
    day: datetime.date, *, source_year: int, year: int, shift_days: int | None
) -> datetime.date:
    if shift_days is not None:
        return day + datetime.timedelta(days=shift_days)
    target_year = day.year + (year - source_year)
    try:
        return day.replace(year=target_year)
    except ValueError:  # 29 February into a common year
        return day.replace(year=target_year, day=28)


@transaction.atomic
def programme_copy(
    *,
    source: Programme,
    title: str,
    year: int,
    shift_days: int | None = None,
) -> Programme:
    """Copy a programme for the next cycle: landing texts, steps, tasks, targets, pilot sites.

    Dates move by ``shift_days``; without it each date keeps its day and month and moves by
    the difference of the years (1 March 2020 becomes 1 March 2021). The copy is not current:
    the federal centre switches the public site over when the new cycle opens. Nothing made
    during the source cycle (questionnaires, events, reports) is copied.
    """
    copy = Programme(
        title=title,
        year=year,
        organiser=source.organiser,
        summary=source.summary,
        goals=source.goals,
        tasks=source.tasks,
        conditions=source.conditions,
        contacts=source.contacts,
    )
    copy.full_clean()
    copy.save()

    new_steps: dict[int, RoadmapStep] = {}
    for step in source.steps.prefetch_related("tasks").order_by("number"):
        new_step = RoadmapStep(
            programme=copy,
            number=step.number,
            title=step.title,
            summary=step.summary,
            starts_on=_moved(
                step.starts_on, source_year=source.year, year=year, shift_days=shift_days
            ),
            ends_on=_moved(step.ends_on, source_year=source.year, year=year, shift_days=shift_days),
        )
        new_step.full_clean()
        new_step.save()
        new_steps[step.pk] = new_step
        for task in step.tasks.all():
            new_task = RoadmapTask(
                step=new_step, number=task.number, text=task.text, responsible=task.responsible
            )
            new_task.full_clean()
            new_task.save()

    for target in source.targets.all():
        new_target = Target(
            programme=copy,
            step=new_steps.get(target.step_id) if target.step_id else None,
            code=target.code,
            value=target.value,
        )
        new_target.full_clean()
        new_target.save()

    for site in source.pilot_sites.select_related("region", "centre"):
        pilot_site_create(programme=copy, region=site.region, centre=site.centre)
    return copy


@transaction.atomic
def pilot_site_create(*, programme: Programme, region: Region, centre: Organisation) -> PilotSite:
    """Make ``region`` a pilot site of ``programme``, run by the resource centre ``centre``.

    The centre must be an organisation of that region; a region is a pilot site of a programme
    at most once.
    """
    if centre.region_id != region.pk:
        raise ValidationError(
            {"centre": _("Ресурсный центр должен находиться в регионе пилотной площадки.")}
        )
    site = PilotSite(programme=programme, region=region, centre=centre)
    site.full_clean()
    site.save()
    return site


# --- Municipalities ----------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityRow:
    """One checked line of an import file."""

    line: int
    region: Region
    name: str
    kind: str
    oktmo: str


@dataclass(frozen=True)
class ImportCounts:
    created: int
    updated: int
    unchanged: int


def _find_existing(row: MunicipalityRow) -> Municipality | None:
    if row.oktmo:
        found = Municipality.objects.filter(oktmo=row.oktmo).first()
        if found is not None:
            return found
    return Municipality.objects.filter(region=row.region, name=row.name).first()


@transaction.atomic
def municipalities_import(*, rows: Iterable[MunicipalityRow]) -> ImportCounts:
    """Create or update municipalities from checked rows, all or nothing.

    A row matches an existing municipality by OKTMO, else by region and name; matched rows are
    updated in place, so importing the same file twice changes nothing. Any row the database
    refuses (for example an OKTMO already held by another municipality) raises
    ``ValidationError`` naming its line, and the whole import is rolled back.
    """
    created = updated = unchanged = 0
    for row in rows:
        municipality = _find_existing(row)
        if municipality is None:
            municipality = Municipality(region=row.region, name=row.name)
            is_new = True
        else:
            is_new = False
            same = (
                municipality.region_id == row.region.pk
                and municipality.name == row.name
                and municipality.kind == row.kind
                and municipality.oktmo == row.oktmo
            )
            if same:
                unchanged += 1
                continue
        municipality.region = row.region
        municipality.name = row.name
        municipality.kind = row.kind
        municipality.oktmo = row.oktmo
        try:
            municipality.full_clean()
        except ValidationError as exc:
            messages = "; ".join(exc.messages)
            raise ValidationError(
                _("Строка %(line)s: %(messages)s") % {"line": row.line, "messages": messages}
            ) from exc
        municipality.save()
        if is_new:
            created += 1
        else:
            updated += 1
    return ImportCounts(created=created, updated=updated, unchanged=unchanged)

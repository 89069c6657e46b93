"""Demo data for the federal view (``manage.py demo_data``): some sites ahead, some behind, one
red cell where a step's window has closed short, a frozen report for the programme's first
quarter, and a seminar accepted after it was frozen, so the comparison page has something to say.

The seed's windows are all open on the demo's day 46 (step 1, the questionnaire, must be), so
the federal centre here closed step 3 — the choice of each site's two practices — yesterday,
before the contest's entries. Every site but the last chose and supported two (the practices'
demo); the last had one practice to choose and it still waits for confirmation, so its cell is
the red one. Chosen by step number and region name, never by a database id.

Runs after every other app's loader and goes through the services, as people would. The
events come from the events app's demo helpers (the same people, sheets and photos).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from dashboard import services
from dashboard.models import Snapshot
from dashboard.periods import programme_quarter
from events import demo as event_demo
from events.models import EventState
from resursnaya_sreda.accounts.models import Role, User
from resursnaya_sreda.kernel.models import Programme, RoadmapStep, RoadmapTask

FEDERAL = "federal@example.org"
#: How many sites (by region name) hold their second seminar early: the «ahead» ones.
AHEAD = 3
#: The step whose window the demo closes yesterday: the sites' two practices (step 3).
CLOSED_STEP = 3


def _regional(site: object) -> User | None:
    return User.objects.filter(
        memberships__role=Role.REGIONAL, memberships__pilot_site=site
    ).first()


def _second_seminar(site: object, federal: User, seed: int, *, title: str, people: int) -> None:
    regional = _regional(site)
    if regional is None:
        return
    event = event_demo._event(site, regional, f"{title}: {site.region.name}")
    if event is None:
        return
    event_demo.services.event_announce(event=event, by=regional)
    event_demo._register_people(event, people)
    event = event_demo._hold_with_evidence(event, regional, seed)
    event_demo._finish(event, EventState.REPORT_ACCEPTED, regional, federal)


def _close_step(programme: Programme, number: int) -> None:
    """End the step's window yesterday (the kernel's loader puts the seed's dates back on every
    run, so this runs every time and changes nothing the second time)."""
    step = RoadmapStep.objects.filter(programme=programme, number=number).first()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    if step is None or step.starts_on > yesterday or step.ends_on == yesterday:
        return
    step.ends_on = yesterday
    step.full_clean()
    step.save(update_fields=["ends_on"])


def populate(programme: Programme) -> None:
    federal = User.objects.filter(email=FEDERAL).first()
    if federal is None:
        return
    _close_step(programme, CLOSED_STEP)
    sites = list(programme.pilot_sites.select_related("region").order_by("region__name"))
    for index, site in enumerate(sites[:AHEAD]):
        _second_seminar(site, federal, index + 3, title="Семинар «Диалог поколений»", people=19)
    # Tasks the federal centre did outside the portal, marked with what proves them.
    for step, number, note in (
        (1, 1, "Приказ о команде проекта и план-график утверждены, протокол № 1."),
        (1, 2, "Описание проекта размещено на сайте и разослано пилотным площадкам."),
    ):
        task = RoadmapTask.objects.filter(
            step__programme=programme, step__number=step, number=number
        ).first()
        if task is not None and not hasattr(task, "dashboard_mark"):
            services.task_mark_done(by=federal, task=task, note=note)
    # The programme's first quarter frozen (it is day 46 of its three months, so as the figures
    # stand today), then one more seminar accepted: the comparison shows it.
    start = programme.steps.order_by("starts_on").values_list("starts_on", flat=True).first()
    if start and not Snapshot.objects.filter(programme=programme, pilot_site=None).exists():
        starts_on, ends_on = programme_quarter(start, 1)
        snapshot = services.snapshot_freeze(
            by=federal, programme=programme, site=None, starts_on=starts_on, ends_on=ends_on
        )
        services.snapshot_build(snapshot_id=snapshot.pk)  # as the worker would
        if len(sites) > AHEAD:
            _second_seminar(sites[AHEAD], federal, AHEAD + 3, title="Семинар «Соседи»", people=18)

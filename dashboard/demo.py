"""Demo data for the federal view (``manage.py demo_data``): some sites ahead, some behind, one
red cell where a step's window has closed short, a frozen report for the programme's first
quarter, and a seminar accepted after it was frozen, so the comparison page has something to say.

The seed's windows are all open on the demo's day 46 (step 1, the questionnaire, must be), so
the federal centre here closed the first round of seminars (step 2) yesterday. Every site but
the last held two seminars that count; the last held one large seminar (its participants are
enough) and its other seminar's report still waits for the federal centre, so its «Семинары»
cell — one counted seminar, with its sheet scan — is the one red cell. Sites are chosen by
region name, never by a database id.

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
from events.indicators import counted_events
from events.models import Event, EventKind, EventState
from resursnaya_sreda.accounts.models import Role, User
from resursnaya_sreda.kernel.models import PilotSite, Programme, RoadmapStep, RoadmapTask

FEDERAL = "federal@example.org"
#: The step whose window the demo closes yesterday: the seminars (step 2).
CLOSED_STEP = 2
#: Seminars each site holds in step 2 (the programme's target per site).
SEMINARS = 2
#: Titles of the seminars the dashboard's demo adds, in the order a site holds them.
TITLES = ("Семинар «Диалог поколений»", "Семинар «Соседи»")
#: The last site's one seminar: large enough for the site's participants target on its own.
LARGE = ("Семинар «Большой круг»", 31)
#: The site (by place in region-name order) whose second seminar is accepted after the freeze.
AFTER_FREEZE = 3


def _regional(site: PilotSite) -> User | None:
    return User.objects.filter(
        memberships__role=Role.REGIONAL, memberships__pilot_site=site
    ).first()


def _announced_seminar(site: PilotSite, *, title: str, people: int) -> Event | None:
    """A seminar announced (a month ahead, inside step 2's window) with its registrations;
    None when the demo already has it."""
    regional = _regional(site)
    if regional is None:
        return None
    event = event_demo._event(site, regional, f"{title}: {site.region.name}")
    if event is None:
        return None
    event_demo.services.event_announce(event=event, by=regional)
    event_demo._register_people(event, people)
    return event


def _held_and_accepted(event: Event, federal: User, seed: int) -> None:
    """Held with its evidence in the last 12 days (step 2 began 14 days ago), report accepted."""
    regional = _regional(event.pilot_site)
    event = event_demo._hold_with_evidence(event, regional, seed)
    event_demo._finish(event, EventState.REPORT_ACCEPTED, regional, federal)


def _counted(programme: Programme, site: PilotSite) -> int:
    return counted_events(programme, EventKind.SEMINAR).filter(pilot_site=site).count()


def _seminars_up_to(
    programme: Programme, site: PilotSite, federal: User, seed: int, *, count: int
) -> None:
    """Hold the demo's seminars at ``site`` until ``count`` of its seminars count."""
    for number, title in enumerate(TITLES):
        if _counted(programme, site) >= count:
            return
        event = _announced_seminar(site, title=title, people=18)
        if event is not None:
            _held_and_accepted(event, federal, seed + 5 * number)


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
    sites = list(programme.pilot_sites.select_related("region").order_by("region__name"))
    if not sites:
        return
    *others, last = sites
    # Seminars are announced while step 2 is open (the kernel's loader puts the seed's window
    # back on every run), then the step is closed.
    for index, site in enumerate(others):
        wanted = SEMINARS - 1 if index == AFTER_FREEZE else SEMINARS
        _seminars_up_to(programme, site, federal, index + 3, count=wanted)
    if _counted(programme, last) < 1:
        title, people = LARGE
        large = _announced_seminar(last, title=title, people=people)
        if large is not None:
            _held_and_accepted(large, federal, 2)
    after = None
    if len(others) > AFTER_FREEZE and _counted(programme, others[AFTER_FREEZE]) < SEMINARS:
        after = _announced_seminar(others[AFTER_FREEZE], title=TITLES[-1], people=18)
    _close_step(programme, CLOSED_STEP)
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
    # stand today), then one more seminar held and accepted: the comparison shows it.
    start = programme.steps.order_by("starts_on").values_list("starts_on", flat=True).first()
    if start and not Snapshot.objects.filter(programme=programme, pilot_site=None).exists():
        starts_on, ends_on = programme_quarter(start, 1)
        snapshot = services.snapshot_freeze(
            by=federal, programme=programme, site=None, starts_on=starts_on, ends_on=ends_on
        )
        services.snapshot_build(snapshot_id=snapshot.pk)  # as the worker would
    if after is not None:
        _held_and_accepted(after, federal, AFTER_FREEZE + 3)

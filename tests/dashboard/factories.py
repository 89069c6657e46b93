"""Hand-made records for the dashboard's tests: each made directly, in the state a test names."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from contest.models import Contest, Entry, EntryState, Nomination
from events.models import (
    ROUND_TABLE_PURPOSE,
    BridgeSite,
    Event,
    EventKind,
    EventState,
    ParticipantCategory,
    ProgrammeFeedback,
    Registration,
    RegistrationStatus,
)
from practices.models import (
    Admission,
    Decision,
    Outcome,
    PilotPractice,
    PilotPracticeState,
    Questionnaire,
    QuestionnaireState,
    SupportEntry,
)
from resursnaya_sreda.kernel.models import PilotSite
from tests.factories import MunicipalityFactory, OrganisationFactory
from videos.models import Story, StoryState

_numbers = itertools.count(1)


def event(
    site: PilotSite | None,
    *,
    kind: str = EventKind.SEMINAR,
    state: str = EventState.REPORT_ACCEPTED,
    attended: int = 15,
    minimum: int | None = None,
    categories: tuple[str, ...] = (),
    day: datetime.date | None = None,
    programme: Any = None,
    title: str = "",
) -> Event:
    """An event with ``attended`` people marked present (categories cycle through
    ``categories``)."""
    day = day or timezone.localdate() - datetime.timedelta(days=5)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    if minimum is None:
        minimum = {EventKind.SEMINAR: 15, EventKind.ROUND_TABLE: 30}.get(kind, 0)
    made = Event.objects.create(
        programme=programme or site.programme,
        pilot_site=site,
        kind=kind,
        title=title or f"Мероприятие {next(_numbers)}",
        date=day,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        min_participants=minimum,
        state=state,
    )
    cycle = itertools.cycle(categories or (ParticipantCategory.ETHNO_LEADER,))
    Registration.objects.bulk_create(
        Registration(
            event=made,
            full_name=f"Участник {n}",
            person_key=f"p{made.pk}-{n}",
            category=next(cycle),
            status=RegistrationStatus.REGISTERED,
            attended=True,
        )
        for n in range(attended)
    )
    return made


def round_table(site: PilotSite, *, attended: int = 30, full_mix: bool = True, **kw: Any) -> Event:
    categories = ROUND_TABLE_PURPOSE if full_mix else (ParticipantCategory.NGO,)
    return event(site, kind=EventKind.ROUND_TABLE, attended=attended, categories=categories, **kw)


def questionnaire(
    site: PilotSite,
    *,
    state: str = QuestionnaireState.SUBMITTED,
    admitted: bool | None = None,
    best: bool = False,
    title: str = "",
) -> Questionnaire:
    municipality = MunicipalityFactory(region=site.region)
    organisation = OrganisationFactory(region=site.region, municipality=municipality)
    made = Questionnaire.objects.create(
        programme=site.programme,
        organisation=organisation,
        municipality=municipality,
        title=title or f"Практика {next(_numbers)}",
        state=state,
        submitted_at=None if state == QuestionnaireState.DRAFT else timezone.now(),
    )
    if admitted is not None:
        Admission.objects.create(
            questionnaire=made, admitted=admitted, reason="" if admitted else "Не по теме."
        )
    if best:
        Decision.objects.create(questionnaire=made, outcome=Outcome.BEST, reason="Лучшая.")
    return made


def pilot_practice(
    site: PilotSite, *, slot: int = 1, confirmed: bool = True, supported: bool = True
) -> PilotPractice:
    chosen = questionnaire(site, admitted=True, best=True)
    made = PilotPractice.objects.create(
        pilot_site=site,
        questionnaire=chosen,
        slot=slot,
        state=PilotPracticeState.CONFIRMED if confirmed else PilotPracticeState.PROPOSED,
        confirmed_at=timezone.now() if confirmed else None,
    )
    if supported:
        SupportEntry.objects.create(
            practice=made, date=timezone.localdate(), kind="methodological", text="Консультация."
        )
    return made


def story(site: PilotSite, *, state: str = StoryState.PUBLISHED, number: int = 1) -> Story:
    return Story.objects.create(
        programme=site.programme,
        pilot_site=site,
        number=number,
        title=f"Сюжет {next(_numbers)}",
        state=state,
        published_at=timezone.now() if state == StoryState.PUBLISHED else None,
    )


def contest_for(programme: Any) -> tuple[Contest, Nomination]:
    contest = Contest.objects.filter(programme=programme).first()
    if contest is None:
        contest = Contest.objects.create(
            programme=programme,
            edition=3,
            organiser="ФАДН",
            entries_open_on=timezone.localdate() - datetime.timedelta(days=10),
            deadline=timezone.now() + datetime.timedelta(days=30),
        )
    nomination, _created = Nomination.objects.get_or_create(
        contest=contest, title="Участники проекта «Ресурсная среда»", defaults={"is_special": True}
    )
    return contest, nomination


def entry(site: PilotSite, *, state: str = EntryState.CHECKED) -> Entry:
    contest, nomination = contest_for(site.programme)
    practice = questionnaire(site, admitted=True, best=True)
    return Entry.objects.create(
        contest=contest,
        nomination=nomination,
        questionnaire=practice,
        organisation=practice.organisation,
        region=site.region,
        pilot_site=site,
        state=state,
        title=practice.title,
        sent_on=timezone.localdate() if state in (EntryState.SENT, EntryState.RESULT) else None,
        result="participant" if state == EntryState.RESULT else "",
    )


def programme_feedback(site: PilotSite) -> ProgrammeFeedback:
    return ProgrammeFeedback.objects.create(pilot_site=site, usefulness=5, what_worked="Семинары.")


def videobridge(programme: Any, sites: list[PilotSite], *, connected: bool = True) -> Event:
    bridge = event(None, kind=EventKind.VIDEOBRIDGE, attended=0, programme=programme)
    for site in sites:
        BridgeSite.objects.create(event=bridge, pilot_site=site, connected=connected)
    return bridge

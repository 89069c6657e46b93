"""Steps 2, 6 and 7 in the programme's figures: seminars, their participants, round tables and
their mix, the programme feedback form and the videobridge.

Registered from ``EventsConfig.ready``; see ``resursnaya_sreda.kernel.indicators``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import (
    ROUND_TABLE_PURPOSE,
    BridgeSite,
    Event,
    EventKind,
    EventState,
    ProgrammeFeedback,
    Registration,
)
from resursnaya_sreda.kernel.indicators import (
    Indicator,
    TaskProof,
    per_site,
    programme_total,
    register,
    register_proof,
)
from resursnaya_sreda.kernel.models import TargetCode

_TAKEN_PLACE_STATES = (
    EventState.HELD,
    EventState.REPORT_SUBMITTED,
    EventState.REPORT_ACCEPTED,
    EventState.REPORT_RETURNED,
)


def counted_events(programme: Any, kind: str) -> QuerySet[Event]:
    """Events of a kind whose report is accepted and whose attendance reached the minimum
    (the rule of ``Event.meets_target`` and ``selectors.events_against_target``).

    Attendance is a correlated count per accepted event (index ``registration_attended_idx``),
    so a site filter added by the dashboard narrows the events before any registration is
    read, instead of counting all registrations of the programme first."""
    return (
        Event.objects.filter(programme_id=programme.pk, kind=kind, state=EventState.REPORT_ACCEPTED)
        .alias(attended_count=_attended())
        .filter(attended_count__gte=F("min_participants"))
    )


def _attended() -> Coalesce:
    """How many attended the event of the outer query: a correlated count by the index
    ``registration_attended_idx``."""
    attended = (
        Registration.objects.filter(event_id=OuterRef("pk"), attended=True)
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(attended), 0)


def uncounted_events(programme: Any, kind: str) -> QuerySet[Event]:
    """Events of a kind that took place but do not count (``counted_events``), each with its
    attendance (``attended_n``) for ``why_not_counted``."""
    return (
        Event.objects.filter(programme_id=programme.pk, kind=kind, state__in=_TAKEN_PLACE_STATES)
        .exclude(pk__in=counted_events(programme, kind).values("pk"))
        .annotate(attended_n=_attended())  # a correlated count: count() leaves it out
    )


def why_not_counted(event: Event) -> str:
    """Why a held event does not count, in the words of the figure's definition."""
    if event.state == EventState.HELD:
        return str(_("отчёт ещё не отправлен в федеральный центр"))
    if event.state == EventState.REPORT_SUBMITTED:
        return str(_("отчёт на проверке в федеральном центре"))
    if event.state == EventState.REPORT_RETURNED:
        return str(_("отчёт возвращён на доработку"))
    return str(_("присутствовало %(n)s при минимуме %(min)s")) % {
        "n": event.attended_n,
        "min": event.min_participants,
    }


def _event_link(event: Event) -> str:
    return reverse("events:staff-detail", args=[event.pk])


def _event_line(event: Event) -> str:
    return f"{event.heading}, {event.date:%d.%m.%Y}"


def _event_evidence(event: Event) -> list[tuple[str, str]]:
    """Each sheet scan, then the event page's photos, participants with their attendance, and
    the report (its sections, by anchor)."""
    label = str(_("Скан листа: %(name)s"))
    items = [(label % {"name": scan.display_name}, scan.file.url) for scan in event.scans.all()]
    page = _event_link(event)
    photos = len(event.photos.all())
    if photos:
        items.append((str(_("Фотографии: %(n)s")) % {"n": photos}, f"{page}#photos"))
    items.append((str(_("Присутствие участников")), f"{page}#participants"))
    items.append((str(_("Отчёт")), f"{page}#report"))
    return items


def _round_tables_with_mix(programme: Any) -> QuerySet[Event]:
    queryset = counted_events(programme, EventKind.ROUND_TABLE)
    for category in ROUND_TABLE_PURPOSE:
        queryset = queryset.filter(
            Exists(
                Registration.objects.filter(
                    event_id=OuterRef("pk"), attended=True, category=category
                )
            )
        )
    return queryset


def _participant_line(registration: Registration) -> str:
    return f"{_event_line(registration.event)} — {registration.get_category_display()}"


SEMINARS = register(
    Indicator(
        key="seminars",
        step=2,
        title=_("Семинары проведены"),
        short_title=_("Семинары"),
        definition=_(
            "Семинары площадки, отчёт о которых принят федеральным центром и на которых "
            "присутствовало не меньше минимума (15 участников или сниженный по записанному "
            "исключению). Семинар с 14 участниками, отчёт на проверке или возвращённый отчёт "
            "не считаются; недобор, подтверждённый при приёмке, тоже не считается."
        ),
        records=lambda programme: counted_events(programme, EventKind.SEMINAR),
        uncounted=lambda programme: uncounted_events(programme, EventKind.SEMINAR),
        why_not=why_not_counted,
        site="pilot_site",
        target=per_site(TargetCode.SEMINARS_PER_SITE),
        total_target=programme_total(TargetCode.SEMINARS),
        link=_event_link,
        describe=_event_line,
        evidence=_event_evidence,
        related=("pilot_site__region",),
        prefetch=("scans", "photos"),
        dated="date",
        noun=("семинар", "семинара", "семинаров"),
        order=10,
    )
)

SEMINAR_PARTICIPANTS = register(
    Indicator(
        key="seminar-participants",
        step=2,
        title=_("Участники семинаров"),
        short_title=_("Участники"),
        definition=_(
            "Отмеченные как присутствовавшие на засчитанных семинарах (см. «Семинары "
            "проведены»). Цель: семинаров на площадку × минимум участников."
        ),
        records=lambda programme: Registration.objects.filter(
            attended=True, event__in=counted_events(programme, EventKind.SEMINAR)
        ),
        site="event__pilot_site",
        target=per_site(TargetCode.SEMINARS_PER_SITE, times=TargetCode.SEMINAR_PARTICIPANTS),
        link=lambda registration: _event_link(registration.event),
        describe=_participant_line,
        related=("event__pilot_site__region",),
        dated="event__date",
        noun=("участник", "участника", "участников"),
        order=20,
    )
)

ROUND_TABLES = register(
    Indicator(
        key="round-tables",
        step=6,
        title=_("Круглые столы проведены"),
        short_title=_("Круглые столы"),
        definition=_(
            "Круглые столы площадки с принятым отчётом и не менее 30 присутствовавшими "
            "(или сниженным по записанному исключению минимумом)."
        ),
        records=lambda programme: counted_events(programme, EventKind.ROUND_TABLE),
        uncounted=lambda programme: uncounted_events(programme, EventKind.ROUND_TABLE),
        why_not=why_not_counted,
        site="pilot_site",
        target=lambda targets, n: 1 if TargetCode.ROUND_TABLES in targets else None,
        total_target=programme_total(TargetCode.ROUND_TABLES),
        link=_event_link,
        describe=_event_line,
        evidence=_event_evidence,
        related=("pilot_site__region",),
        prefetch=("scans", "photos"),
        dated="date",
        noun=("круглый стол", "круглых стола", "круглых столов"),
        order=10,
    )
)

ROUND_TABLE_MIX = register(
    Indicator(
        key="round-table-mix",
        step=6,
        title=_("Круглые столы с составом, названным в дорожной карте"),
        short_title=_("Состав круглых столов"),
        definition=_(
            "Засчитанные круглые столы, среди присутствовавших на которых есть каждая "
            "категория дорожной карты: органы исполнительной власти, муниципальная власть, "
            "общественные организации, научное сообщество, СМИ."
        ),
        records=_round_tables_with_mix,
        site="pilot_site",
        target=lambda targets, n: 1 if TargetCode.ROUND_TABLES in targets else None,
        link=_event_link,
        describe=_event_line,
        evidence=_event_evidence,
        related=("pilot_site__region",),
        prefetch=("scans", "photos"),
        dated="date",
        noun=(
            "круглый стол полного состава",
            "круглых стола полного состава",
            "круглых столов полного состава",
        ),
        order=20,
    )
)

PROGRAMME_FEEDBACK = register(
    Indicator(
        key="programme-feedback",
        step=6,
        title=_("Форма обратной связи о программе заполнена"),
        short_title=_("Обратная связь (6.8)"),
        definition=_(
            "Форма обратной связи по итогам программы (задача 6.8), заполненная площадкой."
        ),
        records=lambda programme: ProgrammeFeedback.objects.filter(pilot_site__programme=programme),
        site="pilot_site",
        target=lambda targets, n: 1,
        link=lambda feedback: reverse("events:programme-feedback"),
        describe=lambda feedback: (
            str(_("Отзыв площадки «%(site)s»")) % {"site": feedback.pilot_site.region}
        ),
        related=("pilot_site__region",),
        dated="updated_at",
        noun=("отзыв о программе", "отзыва о программе", "отзывов о программе"),
        order=30,
    )
)

VIDEOBRIDGE = register(
    Indicator(
        key="videobridge",
        step=7,
        title=_("Участие в итоговом видеомосте"),
        short_title=_("Видеомост"),
        definition=_(
            "Площадка подключилась к итоговому видеомосту, который состоялся (проведён, отчёт "
            "отправлен или принят)."
        ),
        records=lambda programme: BridgeSite.objects.filter(
            event__programme=programme,
            connected=True,
            event__state__in=_TAKEN_PLACE_STATES,
        ),
        site="pilot_site",
        target=per_site(TargetCode.VIDEOBRIDGE),
        link=lambda bridge: _event_link(bridge.event),
        describe=lambda bridge: _event_line(bridge.event),
        related=("event", "pilot_site__region"),
        closed=lambda programme, sites: (
            {s.pk for s in sites}
            if Event.objects.filter(
                programme=programme, kind=EventKind.VIDEOBRIDGE, state__in=_TAKEN_PLACE_STATES
            ).exists()
            else set()
        ),
        dated="event__date",
        noun=("подключение к видеомосту", "подключения к видеомосту", "подключений к видеомосту"),
        order=10,
    )
)


# --- Roadmap tasks proved by records --------------------------------------------------------


def _kind_in(kind: str, states: tuple[str, ...]) -> Any:
    """The sites with an event of ``kind`` in one of ``states`` (a per-site task's proof)."""
    return lambda programme: Event.objects.filter(
        programme=programme, kind=kind, state__in=states, pilot_site__isnull=False
    ).values_list("pilot_site_id", flat=True)


_TAKEN_PLACE = (
    EventState.HELD,
    EventState.REPORT_SUBMITTED,
    EventState.REPORT_ACCEPTED,
    EventState.REPORT_RETURNED,
)
_ANNOUNCED = (EventState.ANNOUNCED, *_TAKEN_PLACE)


def _staff_list() -> str:
    return reverse("events:staff-list")


for _step, _task, _label, _sites in (
    (
        2,
        1,
        _("Программа семинара составлена"),
        _kind_in(EventKind.SEMINAR, ("planned", *_ANNOUNCED)),
    ),
    (2, 3, _("Семинар объявлен на портале"), _kind_in(EventKind.SEMINAR, _ANNOUNCED)),
    (2, 4, _("Регистрационные листы сформированы"), _kind_in(EventKind.SEMINAR, _ANNOUNCED)),
    # The announcement publishes how participants come: registration, free entry or recruited.
    (
        2,
        5,
        _("Порядок набора участников объявлен с семинаром"),
        _kind_in(EventKind.SEMINAR, _ANNOUNCED),
    ),
    (2, 6, _("Семинар проведён, присутствие отмечено"), _kind_in(EventKind.SEMINAR, _TAKEN_PLACE)),
    (
        2,
        7,
        _("Отчёт о семинаре принят"),
        _kind_in(EventKind.SEMINAR, (EventState.REPORT_ACCEPTED,)),
    ),
    (
        6,
        1,
        _("Программа круглого стола составлена"),
        _kind_in(EventKind.ROUND_TABLE, ("planned", *_ANNOUNCED)),
    ),
    (6, 5, _("Регистрационные листы сформированы"), _kind_in(EventKind.ROUND_TABLE, _ANNOUNCED)),
    (6, 6, _("Круглый стол объявлен на портале"), _kind_in(EventKind.ROUND_TABLE, _ANNOUNCED)),
    (
        6,
        7,
        _("Итоги круглого стола приняты"),
        _kind_in(EventKind.ROUND_TABLE, (EventState.REPORT_ACCEPTED,)),
    ),
):
    register_proof(TaskProof(step=_step, task=_task, label=_label, sites=_sites, url=_staff_list))

register_proof(
    TaskProof(
        step=6,
        task=8,
        label=_("Форма обратной связи заполнена"),
        sites=lambda programme: ProgrammeFeedback.objects.filter(
            pilot_site__programme=programme
        ).values_list("pilot_site_id", flat=True),
        url=lambda: reverse("events:programme-feedback"),
    )
)

"""Events and their state: create, edit, announce, mark held.

Also the pieces every other write on an event shares: the row lock, the history row and the
move from one state to another, and the refusals (``EventError`` and its kin).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import permissions as policy
from events.models import (
    EVENT_FIELDS,
    KIND_STEPS,
    TIME_FIELDS,
    BridgeSite,
    Event,
    EventHistory,
    EventKind,
    EventState,
    HistoryAction,
)
from practices import selectors as practice_selectors
from resursnaya_sreda.kernel import localtime
from resursnaya_sreda.kernel.models import PilotSite, Programme, RoadmapStep, Target, TargetCode

# Which programme target gives each kind its minimum of participants.
MINIMUM_TARGET = {
    EventKind.SEMINAR: TargetCode.SEMINAR_PARTICIPANTS,
    EventKind.ROUND_TABLE: TargetCode.ROUND_TABLE_PARTICIPANTS,
}


class EventError(Exception):
    """A refused change, with the message to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransitionError(EventError):
    """The event is not in a state that allows this change (e.g. a double click)."""


# --- Shared by every write on an event -----------------------------------------------------


def lock_event(event: Event) -> Event:
    """The event's row, locked until the transaction ends, so two writes never interleave."""
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("programme", "pilot_site__region")
        .get(pk=event.pk)
    )


def record_history(
    event: Event, *, action: str, by: Any, from_state: str, message: str = ""
) -> None:
    EventHistory.objects.create(
        event=event,
        action=action,
        from_state=from_state,
        to_state=event.state,
        actor=by if getattr(by, "is_authenticated", False) else None,
        message=message,
    )


def move_state(event: Event, *, to: str, action: str, by: Any, message: str = "") -> Event:
    """The one way an event changes state: saved with the time, and a history row written."""
    from_state = event.state
    event.state = to
    event.state_changed_at = timezone.now()
    event.save(update_fields=["state", "state_changed_at", "return_message", "updated_at"])
    record_history(event, action=action, by=by, from_state=from_state, message=message)
    return event


def today() -> datetime.date:
    return timezone.localdate()


def event_start(event: Event) -> datetime.datetime:
    return event.starts_at


def event_end(event: Event) -> datetime.datetime:
    return event.ends_at


def local_today(event: Event) -> datetime.date:
    """Today on the clocks of the event's region."""
    return localtime.to_local(timezone.now(), event.zone).date()


def _set_times(event: Event, data: dict[str, Any], *, new: bool = False) -> None:
    """The date and times staff entered are on the region's clocks; store the instants."""
    if not new and not any(name in data for name in ("date", *TIME_FIELDS)):
        return
    day = data.get("date") or event.date
    start = data.get("start_time") or event.start_time
    end = data.get("end_time") or event.end_time
    errors = {
        name: [_("Обязательное поле.")]
        for name, value in (("date", day), ("start_time", start), ("end_time", end))
        if value is None
    }
    if errors:
        raise ValidationError(errors)
    if end <= start:
        raise ValidationError({"end_time": [_("Окончание должно быть позже начала.")]})
    event.date = day
    event.starts_at = localtime.combine(day, start, event.zone)
    event.ends_at = localtime.combine(day, end, event.zone)


def default_minimum(programme: Any, kind: str) -> int:
    code = MINIMUM_TARGET.get(kind)
    if code is None:
        return 0
    target = Target.objects.filter(programme=programme, code=code).first()
    return target.value if target else 0


# --- Events --------------------------------------------------------------------------------


def _take_from_practice(event: Event, *, previous_practice_id: int | None) -> None:
    """A seminar presents one best practice of its region: its host organisation and
    municipality are the practice's. Other kinds link to no practice."""
    if event.kind != EventKind.SEMINAR:
        event.practice = None
        return
    if event.practice_id is None:
        raise ValidationError(
            {"practice": [_("Выберите лучшую практику, которую представляет семинар.")]}
        )
    if event.practice_id != previous_practice_id and not (
        practice_selectors.hostable_practices(event.pilot_site)
        .filter(pk=event.practice_id)
        .exists()
    ):
        raise ValidationError(
            {
                "practice": [
                    _(
                        "Семинар проводят с лучшей практикой своего региона: отобранной "
                        "комиссией или одной из практик пилотной площадки."
                    )
                ]
            }
        )
    practice = event.practice
    event.host_organisation = practice.organisation
    event.municipality = practice.municipality or practice.organisation.municipality


def _check_window(event: Event) -> None:
    """An event outside its roadmap step's dates needs a reason the federal centre sees."""
    step = RoadmapStep.objects.filter(
        programme_id=event.programme_id, number=KIND_STEPS[event.kind]
    ).first()
    if step is None or event.date is None:
        return
    if step.starts_on <= event.date <= step.ends_on:
        event.out_of_window_reason = ""
        return
    if not event.out_of_window_reason.strip():
        raise ValidationError(
            {
                "out_of_window_reason": [
                    _(
                        "Дата вне сроков шага %(number)s дорожной карты (%(start)s–%(end)s): "
                        "перенесите мероприятие или объясните здесь, почему оно вне сроков."
                    )
                    % {
                        "number": step.number,
                        "start": f"{step.starts_on:%d.%m.%Y}",
                        "end": f"{step.ends_on:%d.%m.%Y}",
                    }
                ]
            }
        )


def _check_event(event: Event, *, previous_practice_id: int | None = None) -> None:
    if event.pilot_site_id is not None:
        _take_from_practice(event, previous_practice_id=previous_practice_id)
    errors: dict[str, list[str]] = {}
    if event.municipality_id and (
        event.pilot_site_id is None or event.municipality.region_id != event.pilot_site.region_id
    ):
        errors["municipality"] = [_("Муниципальное образование должно быть в регионе площадки.")]
    if errors:
        raise ValidationError(errors)
    _check_window(event)
    event.full_clean(exclude=["programme", "pilot_site", "created_by"])


@transaction.atomic
def event_create(
    *,
    by: Any,
    pilot_site: PilotSite | None,
    data: dict[str, Any],
    programme: Programme | None = None,
) -> Event:
    """A planned event; its minimum of participants comes from the programme's targets.

    A seminar or a round table belongs to a pilot site, whose staff (or a federal
    coordinator) create it. A seminar needs the best practice it presents
    (``data["practice"]``): a questionnaire of the region decided as best, or one of the
    site's step-3 practices. The final videobridge is one per programme and belongs to the
    federal centre: only a federal coordinator creates it (``pilot_site`` None, ``programme``
    given), and every pilot site of the programme is on it.
    """
    if data.get("kind") == EventKind.VIDEOBRIDGE:
        return _videobridge_create(by=by, programme=programme or pilot_site.programme, data=data)
    if pilot_site is None:
        raise ValidationError({"pilot_site": [_("Выберите пилотную площадку.")]})
    if not policy.roles.can_manage_pilot_site(by, pilot_site):
        raise PermissionDenied
    event = Event(programme=pilot_site.programme, pilot_site=pilot_site, created_by=by)
    return _create(event, by=by, data=data)


def _create(event: Event, *, by: Any, data: dict[str, Any]) -> Event:
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    _set_times(event, data, new=True)
    event.min_participants = default_minimum(event.programme, event.kind)
    _check_event(event)
    event.save()
    record_history(event, action=HistoryAction.CREATE, by=by, from_state="")
    return event


def _videobridge_create(*, by: Any, programme: Programme, data: dict[str, Any]) -> Event:
    if not policy.roles.is_federal(by):
        raise PermissionDenied
    Programme.objects.select_for_update().get(pk=programme.pk)
    if Event.objects.filter(programme=programme, kind=EventKind.VIDEOBRIDGE).exists():
        raise ValidationError(
            {"kind": [_("Итоговый видеомост у программы уже есть: он один на программу.")]}
        )
    event = _create(
        Event(programme=programme, pilot_site=None, created_by=by),
        by=by,
        data={**data, "practice": None, "municipality": None, "host_organisation": None},
    )
    BridgeSite.objects.bulk_create(
        BridgeSite(event=event, pilot_site=site) for site in programme.pilot_sites.all()
    )
    return event


@transaction.atomic
def event_update(*, event: Event, by: Any, data: dict[str, Any]) -> Event:
    """Staff change what they entered; the kind, and so the minimum, stays as created."""
    locked = lock_event(event)
    if not policy.can_edit_event(by, locked):
        raise TransitionError(_("Это мероприятие сейчас нельзя изменить."))
    previous_practice_id = locked.practice_id
    for name in EVENT_FIELDS:
        if name in data and name != "kind":
            setattr(locked, name, data[name])
    _set_times(locked, data)
    _check_event(locked, previous_practice_id=previous_practice_id)
    locked.save()
    return locked


@transaction.atomic
def event_minimum_lower(*, event: Event, by: Any, value: int, reason: str) -> Event:
    """A federal exception: this event's minimum below the programme's target, with why.

    Staff cannot change the minimum; the exception is recorded (who, when, why) on the event
    and in its history, and shown wherever the minimum is shown.
    """
    locked = lock_event(event)
    if not policy.can_lower_minimum(by, locked):
        raise PermissionDenied
    reason = " ".join(reason.split())
    target = default_minimum(locked.programme, locked.kind)
    errors = {}
    if not reason:
        errors["reason"] = [_("Напишите основание исключения: его увидят в отчётах.")]
    if value >= target:
        errors["value"] = [
            _("Исключение — это минимум ниже целевого показателя (%(target)s).")
            % {"target": target}
        ]
    if errors:
        raise ValidationError(errors)
    locked.min_participants = value
    locked.minimum_exception_reason = reason
    locked.minimum_exception_by = by
    locked.minimum_exception_at = timezone.now()
    locked.save(
        update_fields=[
            "min_participants",
            "minimum_exception_reason",
            "minimum_exception_by",
            "minimum_exception_at",
            "updated_at",
        ]
    )
    record_history(
        locked,
        action=HistoryAction.LOWER_MINIMUM,
        by=by,
        from_state=locked.state,
        message=_("Минимум %(target)s → %(value)s: %(reason)s")
        % {"target": target, "value": value, "reason": reason},
    )
    return locked


@transaction.atomic
def event_announce(*, event: Event, by: Any) -> Event:
    """Planned → announced: the public page and registration open."""
    locked = lock_event(event)
    if not policy.can_announce_event(by, locked):
        raise TransitionError(_("Объявить можно только запланированное мероприятие."))
    if locked.ends_at <= timezone.now():
        raise TransitionError(_("Дата мероприятия уже прошла: исправьте дату перед объявлением."))
    return move_state(locked, to=EventState.ANNOUNCED, action=HistoryAction.ANNOUNCE, by=by)


@transaction.atomic
def event_mark_held(*, event: Event, by: Any) -> Event:
    """Announced → held, on the day or after it."""
    locked = lock_event(event)
    if not policy.can_mark_held(by, locked):
        raise TransitionError(_("Проведённым можно отметить только объявленное мероприятие."))
    if locked.starts_at > timezone.now():
        raise TransitionError(_("Мероприятие ещё не началось: отметить его проведённым нельзя."))
    return move_state(locked, to=EventState.HELD, action=HistoryAction.MARK_HELD, by=by)

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
    TIME_FIELDS,
    Event,
    EventHistory,
    EventKind,
    EventState,
    HistoryAction,
)
from practices import selectors as practice_selectors
from resursnaya_sreda.kernel import localtime
from resursnaya_sreda.kernel.models import PilotSite, Target, TargetCode

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


def _check_event(event: Event, *, previous_practice_id: int | None = None) -> None:
    _take_from_practice(event, previous_practice_id=previous_practice_id)
    errors: dict[str, list[str]] = {}
    if event.municipality_id and event.municipality.region_id != event.pilot_site.region_id:
        errors["municipality"] = [_("Муниципальное образование должно быть в регионе площадки.")]
    if errors:
        raise ValidationError(errors)
    event.full_clean(exclude=["programme", "pilot_site", "created_by"])


@transaction.atomic
def event_create(*, by: Any, pilot_site: PilotSite, data: dict[str, Any]) -> Event:
    """A planned event of the pilot site; the minimum comes from the programme's targets.

    A seminar needs the best practice it presents (``data["practice"]``): a questionnaire of
    the region decided as best, or one of the site's step-3 practices.
    """
    if not policy.roles.can_manage_pilot_site(by, pilot_site):
        raise PermissionDenied
    event = Event(programme=pilot_site.programme, pilot_site=pilot_site, created_by=by)
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    _set_times(event, data, new=True)
    if not data.get("min_participants"):
        event.min_participants = default_minimum(pilot_site.programme, event.kind)
    _check_event(event)
    event.save()
    record_history(event, action=HistoryAction.CREATE, by=by, from_state="")
    return event


@transaction.atomic
def event_update(*, event: Event, by: Any, data: dict[str, Any]) -> Event:
    locked = lock_event(event)
    if not policy.can_edit_event(by, locked):
        raise TransitionError(_("Это мероприятие сейчас нельзя изменить."))
    previous_practice_id = locked.practice_id
    for name in EVENT_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    _set_times(locked, data)
    _check_event(locked, previous_practice_id=previous_practice_id)
    locked.save()
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

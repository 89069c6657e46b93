"""Writes on events. One function per change of state, each writing the history.

Views, the admin, the demo loader and tests call these same functions; none takes a request.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import ics
from events import permissions as policy
from events.models import (
    Event,
    EventHistory,
    EventKind,
    EventPhoto,
    EventScan,
    EventState,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    HistoryAction,
    ProgrammeFeedback,
    Registration,
    RegistrationMode,
    RegistrationSource,
    RegistrationStatus,
)
from resursnaya_sreda.kernel.consent import EVENT_CONSENT_VERSION
from resursnaya_sreda.kernel.mail import send_email
from resursnaya_sreda.kernel.models import PilotSite, Target, TargetCode
from resursnaya_sreda.kernel.uploads import CheckedUpload, atomic_with_files, delete_on_commit

# Which programme target gives each kind its minimum of participants.
MINIMUM_TARGET = {
    EventKind.SEMINAR: TargetCode.SEMINAR_PARTICIPANTS,
    EventKind.ROUND_TABLE: TargetCode.ROUND_TABLE_PARTICIPANTS,
}


FEEDBACK_LINK_INTERVAL_SECONDS = 120


class EventError(Exception):
    """A refused change, with the message to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransitionError(EventError):
    """The event is not in a state that allows this change (e.g. a double click)."""


class EvidenceMissingError(EventError):
    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            _("Отчёт пока нельзя отправить: не хватает %(n)s пунктов ниже.") % {"n": len(missing)}
        )
        self.missing = missing


class RegistrationError(EventError):
    pass


# --- Helpers -----------------------------------------------------------------------------------


def _lock(event: Event) -> Event:
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("programme", "pilot_site__region")
        .get(pk=event.pk)
    )


def _record(event: Event, *, action: str, by: Any, from_state: str, message: str = "") -> None:
    EventHistory.objects.create(
        event=event,
        action=action,
        from_state=from_state,
        to_state=event.state,
        actor=by if getattr(by, "is_authenticated", False) else None,
        message=message,
    )


def _move(event: Event, *, to: str, action: str, by: Any, message: str = "") -> Event:
    from_state = event.state
    event.state = to
    event.state_changed_at = timezone.now()
    event.save(update_fields=["state", "state_changed_at", "return_message", "updated_at"])
    _record(event, action=action, by=by, from_state=from_state, message=message)
    return event


def default_minimum(programme: Any, kind: str) -> int:
    code = MINIMUM_TARGET.get(kind)
    if code is None:
        return 0
    target = Target.objects.filter(programme=programme, code=code).first()
    return target.value if target else 0


def today() -> datetime.date:
    return timezone.localdate()


def event_start(event: Event) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(event.date, event.starts_at))


def event_end(event: Event) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(event.date, event.ends_at))


# --- Events ------------------------------------------------------------------------------------


EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "date",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "municipality",
    "host_organisation",
    "partner_administration",
    "min_participants",
    "capacity",
    "registration_mode",
    "online_link",
)


def _check_event(event: Event) -> None:
    errors: dict[str, list[str]] = {}
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = [_("Окончание должно быть позже начала.")]
    if event.municipality_id and event.municipality.region_id != event.pilot_site.region_id:
        errors["municipality"] = [_("Муниципальное образование должно быть в регионе площадки.")]
    if errors:
        raise ValidationError(errors)
    event.full_clean(exclude=["programme", "pilot_site", "created_by"])


@transaction.atomic
def event_create(*, by: Any, pilot_site: PilotSite, data: dict[str, Any]) -> Event:
    """A planned event of the pilot site; the minimum comes from the programme's targets."""
    if not policy.roles.can_manage_pilot_site(by, pilot_site):
        raise PermissionDenied
    event = Event(programme=pilot_site.programme, pilot_site=pilot_site, created_by=by)
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    if not data.get("min_participants"):
        event.min_participants = default_minimum(pilot_site.programme, event.kind)
    _check_event(event)
    event.save()
    _record(event, action=HistoryAction.CREATE, by=by, from_state="")
    return event


@transaction.atomic
def event_update(*, event: Event, by: Any, data: dict[str, Any]) -> Event:
    locked = _lock(event)
    if not policy.can_edit_event(by, locked):
        raise TransitionError(_("Это мероприятие сейчас нельзя изменить."))
    for name in EVENT_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    _check_event(locked)
    locked.save()
    return locked


@transaction.atomic
def event_announce(*, event: Event, by: Any) -> Event:
    """Planned → announced: the public page and registration open."""
    locked = _lock(event)
    if not policy.can_announce_event(by, locked):
        raise TransitionError(_("Объявить можно только запланированное мероприятие."))
    if locked.date < today():
        raise TransitionError(_("Дата мероприятия уже прошла: исправьте дату перед объявлением."))
    return _move(locked, to=EventState.ANNOUNCED, action=HistoryAction.ANNOUNCE, by=by)


@transaction.atomic
def event_mark_held(*, event: Event, by: Any) -> Event:
    """Announced → held, on the day or after it."""
    locked = _lock(event)
    if not policy.can_mark_held(by, locked):
        raise TransitionError(_("Проведённым можно отметить только объявленное мероприятие."))
    if locked.date > today():
        raise TransitionError(_("Мероприятие ещё не прошло: отметить его проведённым нельзя."))
    return _move(locked, to=EventState.HELD, action=HistoryAction.MARK_HELD, by=by)


def attendance_count(event: Event) -> int:
    return event.registrations.filter(attended=True).count()


def missing_evidence(event: Event) -> list[str]:
    """What stops the report from being submitted, in the words of the checklist."""
    missing = []
    if not event.scans.exists():
        missing.append(_("Загрузите сканы подписанных листов регистрации."))
    if not event.photos.exists():
        missing.append(_("Загрузите хотя бы одну фотографию."))
    if event.attendance_reconciled_at is None:
        missing.append(_("Отметьте присутствовавших по листу и подтвердите сверку посещаемости."))
    if not event.report_text.strip():
        missing.append(_("Напишите текст отчёта."))
    if event.is_round_table:
        if not event.conclusions.strip():
            missing.append(_("Запишите основные выводы круглого стола."))
        if not event.resolution_text.strip() and not event.resolution_file:
            missing.append(_("Приложите резолюцию круглого стола (текст или файл)."))
    return missing


@transaction.atomic
def event_report_save(*, event: Event, by: Any, text: str) -> Event:
    locked = _lock(event)
    if not policy.can_work_on_evidence(by, locked):
        raise TransitionError(_("Отчёт сейчас нельзя изменить."))
    locked.report_text = text.strip()
    locked.full_clean(exclude=["programme", "pilot_site", "created_by"])
    locked.save(update_fields=["report_text", "updated_at"])
    return locked


@transaction.atomic
def event_report_submit(*, event: Event, by: Any) -> Event:
    """Held (or returned) → report submitted, only with complete evidence."""
    locked = _lock(event)
    if not policy.can_submit_report(by, locked):
        raise TransitionError(_("Отчёт по этому мероприятию сейчас нельзя отправить."))
    missing = missing_evidence(locked)
    if missing:
        raise EvidenceMissingError(missing)
    locked.return_message = ""
    return _move(locked, to=EventState.REPORT_SUBMITTED, action=HistoryAction.SUBMIT_REPORT, by=by)


@transaction.atomic
def event_report_accept(*, event: Event, by: Any) -> Event:
    locked = _lock(event)
    if not policy.can_review_report(by, locked):
        raise TransitionError(_("Принять можно только отправленный отчёт."))
    return _move(locked, to=EventState.REPORT_ACCEPTED, action=HistoryAction.ACCEPT_REPORT, by=by)


@transaction.atomic
def event_report_return(*, event: Event, by: Any, message: str) -> Event:
    locked = _lock(event)
    if not policy.can_review_report(by, locked):
        raise TransitionError(_("Вернуть можно только отправленный отчёт."))
    message = message.strip()
    if not message:
        raise ValidationError({"message": [_("Напишите, что нужно исправить.")]})
    locked.return_message = message
    return _move(
        locked,
        to=EventState.REPORT_RETURNED,
        action=HistoryAction.RETURN_REPORT,
        by=by,
        message=message,
    )


# --- Registration --------------------------------------------------------------------------


def person_key(*, email: str, full_name: str) -> str:
    if email.strip():
        return email.strip().lower()
    return "name:" + " ".join(full_name.lower().replace("ё", "е").split())


def registration_open(event: Event) -> bool:
    return (
        event.state == EventState.ANNOUNCED
        and event.registration_mode == RegistrationMode.ONLINE
        and timezone.now() < event_end(event)
    )


def registered_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.REGISTERED).count()


@transaction.atomic
def registration_create(
    *,
    event: Event,
    full_name: str,
    email: str,
    organisation: str = "",
    position: str = "",
    category: str = "other",
    phone: str = "",
    consent_personal_data: bool,
    consent_photo: bool = False,
    notify: bool = True,
) -> Registration:
    """A visitor's online registration: consent required, once per person, waiting list when full.

    The event row is locked so two visitors taking the last seat at once cannot both get it.
    """
    locked = _lock(event)
    if not registration_open(locked):
        raise RegistrationError(_("Регистрация на это мероприятие закрыта."))
    if not consent_personal_data:
        raise ValidationError(
            {
                "consent_personal_data": [
                    _("Без согласия на обработку персональных данных зарегистрироваться нельзя.")
                ]
            }
        )
    key = person_key(email=email, full_name=full_name)
    if locked.registrations.filter(person_key=key).exists():
        raise RegistrationError(
            _(
                "Участник с адресом %(email)s уже зарегистрирован на это мероприятие. "
                "Повторная регистрация не нужна: подтверждение пришло на эту почту."
            )
            % {"email": email}
        )
    full = locked.capacity is not None and registered_count(locked) >= locked.capacity
    registration = Registration(
        event=locked,
        full_name=" ".join(full_name.split()),
        organisation=organisation.strip(),
        position=position.strip(),
        category=category,
        email=email.strip(),
        phone=phone.strip(),
        person_key=key,
        consent_personal_data=True,
        consent_version=EVENT_CONSENT_VERSION,
        consent_at=timezone.now(),
        consent_photo=consent_photo,
        status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
        source=RegistrationSource.ONLINE,
    )
    registration.full_clean(exclude=["event"])
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise RegistrationError(_("Этот участник уже зарегистрирован.")) from exc
    if notify:
        _send_confirmation(registration)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration | None:
    """The participant gives their place back through the link in their letter.

    The registration (and the personal data in it) is deleted. If it held a seat, the first
    person on the waiting list takes it and is told by e-mail; that person is returned.
    """
    locked = _lock(registration.event)
    if timezone.now() >= event_end(locked):
        raise RegistrationError(_("Мероприятие уже прошло: отменить регистрацию нельзя."))
    current = locked.registrations.filter(pk=registration.pk).first()
    if current is None:
        raise RegistrationError(_("Эта регистрация уже отменена."))
    held_a_seat = current.status == RegistrationStatus.REGISTERED
    current.delete()
    if not held_a_seat:
        return None
    if locked.capacity is not None and registered_count(locked) >= locked.capacity:
        return None
    promoted = (
        locked.registrations.filter(status=RegistrationStatus.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if promoted is None:
        return None
    promoted.status = RegistrationStatus.REGISTERED
    promoted.save(update_fields=["status"])
    _send_confirmation(promoted)
    return promoted


def _send_confirmation(registration: Registration) -> None:
    """The letter goes after the commit, on the worker, with the event as an .ics file."""
    if not registration.email:
        return
    event = registration.event
    send_email(
        to=registration.email,
        subject=_("Регистрация на мероприятие «%(title)s»") % {"title": event.title},
        template="events/email/registration_confirmed.txt",
        context={"registration": registration, "event": event},
        attachments=[("event.ics", ics.calendar([event]), "text/calendar; charset=utf-8")],
    )


# --- On the day and after ------------------------------------------------------------------


@transaction.atomic
def attendance_set(*, event: Event, by: Any, attended_ids: set[int]) -> int:
    """Mark exactly these registrations as present; the count is of people, not typed."""
    locked = _lock(event)
    if not policy.can_work_on_evidence(by, locked):
        raise TransitionError(_("Посещаемость отмечают после проведения мероприятия."))
    registrations = locked.registrations.all()
    registrations.filter(pk__in=attended_ids).update(attended=True)
    registrations.exclude(pk__in=attended_ids).update(attended=False)
    locked.attendance_reconciled_at = timezone.now()
    locked.save(update_fields=["attendance_reconciled_at", "updated_at"])
    return registrations.filter(attended=True).count()


@transaction.atomic
def walk_in_add(
    *,
    event: Event,
    by: Any,
    full_name: str,
    organisation: str = "",
    position: str = "",
    category: str = "other",
    email: str = "",
    phone: str = "",
    consent_photo: bool = False,
) -> Registration:
    """Someone who signed the paper sheet without registering; the sheet is their consent."""
    locked = _lock(event)
    if not policy.can_work_on_evidence(by, locked):
        raise TransitionError(_("Участников по листу добавляют после проведения мероприятия."))
    key = person_key(email=email, full_name=full_name)
    if locked.registrations.filter(person_key=key).exists():
        raise RegistrationError(_("Этот участник уже есть в списке: отметьте его присутствие."))
    registration = Registration(
        event=locked,
        full_name=" ".join(full_name.split()),
        organisation=organisation.strip(),
        position=position.strip(),
        category=category,
        email=email.strip(),
        phone=phone.strip(),
        person_key=key,
        consent_personal_data=True,
        consent_version=EVENT_CONSENT_VERSION,
        consent_at=timezone.now(),
        consent_photo=consent_photo,
        source=RegistrationSource.WALK_IN,
        attended=True,
    )
    registration.full_clean(exclude=["event"])
    registration.save()
    return registration


@atomic_with_files()
def scan_add(*, event: Event, by: Any, upload: CheckedUpload) -> EventScan:
    locked = _lock(event)
    if not policy.can_work_on_evidence(by, locked):
        raise TransitionError(_("Сканы листов загружают после проведения мероприятия."))
    scan = EventScan(event=locked, uploaded_by=by)
    scan.attach(upload)
    scan.save()
    return scan


@atomic_with_files()
def photo_add(
    *,
    event: Event,
    by: Any,
    upload: CheckedUpload,
    caption: str = "",
    people: list[Registration] | None = None,
) -> EventPhoto:
    """A photo; flagged when someone marked on it did not consent to photos."""
    locked = _lock(event)
    if not policy.can_work_on_evidence(by, locked):
        raise TransitionError(_("Фотографии загружают после проведения мероприятия."))
    people = [p for p in (people or []) if p.event_id == locked.pk]
    photo = EventPhoto(
        event=locked,
        uploaded_by=by,
        caption=" ".join(caption.split()),
        has_non_consenting=any(not person.consent_photo for person in people),
    )
    photo.attach(upload)
    photo.save()
    photo.people.set(people)
    return photo


# --- Round tables and the videobridge --------------------------------------------------------

RESULT_FIELDS = (
    "invited",
    "conclusions",
    "resolution_text",
    "recording_link",
    "experience_summary",
)


@atomic_with_files()
def event_results_save(
    *,
    event: Event,
    by: Any,
    data: dict[str, Any],
    resolution: CheckedUpload | None = None,
) -> Event:
    """Round-table conclusions and resolution, the videobridge's recording and summary."""
    locked = _lock(event)
    if not policy.can_edit_event(by, locked):
        raise TransitionError(_("Итоги этого мероприятия сейчас нельзя изменить."))
    for name in RESULT_FIELDS:
        if name in data:
            setattr(locked, name, (data[name] or "").strip())
    if resolution is not None:
        if locked.resolution_file:
            delete_on_commit(locked.resolution_file)
        locked.resolution_file = resolution
        locked.resolution_file_name = resolution.display_name
    locked.full_clean(exclude=["programme", "pilot_site", "created_by", "resolution_file"])
    locked.save()
    return locked


# --- Participants' feedback ---------------------------------------------------------------


class FeedbackError(EventError):
    pass


def feedback_questions(kind: str) -> list[FeedbackQuestion]:
    return list(FeedbackQuestion.objects.filter(kind=kind, is_active=True).order_by("position"))


@transaction.atomic
def feedback_send(*, event: Event, by: Any) -> int:
    """E-mail the feedback link to those who attended, and only after the event."""
    locked = _lock(event)
    if not policy.can_manage_event(by, locked) or locked.state in (
        EventState.PLANNED,
        EventState.ANNOUNCED,
    ):
        raise TransitionError(_("Ссылки на отзыв рассылают после проведения мероприятия."))
    recipients = list(
        locked.registrations.filter(attended=True, feedback__isnull=True).exclude(email="")
    )
    for registration in recipients:
        send_email(
            to=registration.email,
            subject=_("Ваш отзыв о мероприятии «%(title)s»") % {"title": locked.title},
            template="events/email/feedback_link.txt",
            context={"registration": registration, "event": locked},
        )
    locked.feedback_sent_at = timezone.now()
    locked.save(update_fields=["feedback_sent_at", "updated_at"])
    return len(recipients)


def feedback_link_request(*, event: Event, email: str) -> bool:
    """Send a participant who attended their personal link again, found by e-mail.

    The page that calls this says the same thing whatever the answer, so it cannot be used
    to learn who attended.
    """
    if event.state in (EventState.PLANNED, EventState.ANNOUNCED):
        return False
    registration = (
        event.registrations.filter(
            attended=True, person_key=email.strip().lower(), feedback__isnull=True
        )
        .exclude(email="")
        .first()
    )
    if registration is None:
        return False
    # One letter per participant per interval: the page is public and must not be usable to
    # flood someone's mailbox.
    if not cache.add(f"events:feedback-link:{registration.pk}", 1, FEEDBACK_LINK_INTERVAL_SECONDS):
        return False
    send_email(
        to=registration.email,
        subject=_("Ваш отзыв о мероприятии «%(title)s»") % {"title": event.title},
        template="events/email/feedback_link.txt",
        context={"registration": registration, "event": event},
    )
    return True


def registration_for_token(token: str) -> Registration | None:
    return (
        Registration.objects.select_related("event__pilot_site__region")
        .filter(feedback_token=token)
        .first()
    )


def feedback_open(registration: Registration) -> bool:
    return registration.attended and registration.event.state not in (
        EventState.PLANNED,
        EventState.ANNOUNCED,
    )


@transaction.atomic
def feedback_submit(
    *, registration: Registration, ratings: dict[int, int], texts: dict[int, str]
) -> FeedbackResponse:
    """One answer per participant: a second use of the link is refused."""
    locked = (
        Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    )
    if not feedback_open(locked):
        raise FeedbackError(_("Отзыв можно оставить после мероприятия, если вы на нём были."))
    if FeedbackResponse.objects.filter(registration=locked).exists():
        raise FeedbackError(_("Вы уже оставили отзыв по этой ссылке. Спасибо!"))
    response = FeedbackResponse.objects.create(registration=locked, event=locked.event)
    for question in feedback_questions(locked.event.kind):
        rating = ratings.get(question.pk)
        text = (texts.get(question.pk) or "").strip()
        if rating is None and not text:
            continue
        answer = FeedbackAnswer(response=response, question=question, rating=rating, text=text)
        answer.full_clean(exclude=["response", "question"])
        answer.save()
    return response


# --- The programme feedback form (step 6.8) -------------------------------------------------


@transaction.atomic
def programme_feedback_save(
    *, pilot_site: PilotSite, by: Any, data: dict[str, Any]
) -> ProgrammeFeedback:
    if pilot_site.pk not in policy.roles.pilot_site_ids(by):
        raise PermissionDenied
    feedback, _created = ProgrammeFeedback.objects.get_or_create(
        pilot_site=pilot_site,
        defaults={"usefulness": data["usefulness"], "what_worked": data["what_worked"]},
    )
    for name in ("usefulness", "what_worked", "what_to_change"):
        setattr(feedback, name, data.get(name, getattr(feedback, name)))
    feedback.submitted_by = by
    feedback.full_clean(exclude=["pilot_site", "submitted_by"])
    feedback.save()
    return feedback


# --- Recruited lists from XLSX ---------------------------------------------------------------


@transaction.atomic
def recruited_import(*, event: Event, by: Any, rows: list[dict[str, str]]) -> int:
    """Write rows ``importing.read_recruited`` already checked; all or nothing."""
    locked = _lock(event)
    if not policy.can_edit_event(by, locked):
        raise TransitionError(_("Список участников этого мероприятия сейчас нельзя изменить."))
    existing = set(locked.registrations.values_list("person_key", flat=True))
    created = 0
    for row in rows:
        key = person_key(email=row["email"], full_name=row["full_name"])
        if key in existing:
            continue
        existing.add(key)
        registration = Registration(
            event=locked,
            full_name=row["full_name"],
            organisation=row["organisation"],
            position=row["position"],
            category=row["category"],
            email=row["email"],
            phone=row["phone"],
            person_key=key,
            source=RegistrationSource.RECRUITED,
        )
        registration.full_clean(exclude=["event"])
        registration.save()
        created += 1
    return created

"""Registration: online sign-up with consent and a waiting list, cancellation by the personal
link, people who came without registering, and lists recruited by the administration."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import ics
from events import permissions as policy
from events.models import (
    Event,
    EventState,
    ParticipantCategory,
    Registration,
    RegistrationMode,
    RegistrationSource,
    RegistrationStatus,
)
from events.services.events import EventError, TransitionError, event_end, lock_event
from resursnaya_sreda.kernel.consent import EVENT_CONSENT_VERSION
from resursnaya_sreda.kernel.mail import send_email


class RegistrationError(EventError):
    pass


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


class _Person(NamedTuple):
    full_name: str
    email: str
    organisation: str
    position: str
    category: str
    phone: str


def _new_registration(event: Event, person: _Person, **fields: Any) -> Registration:
    """A registration with the person's input tidied and checked, not yet saved."""
    registration = Registration(
        event=event,
        full_name=" ".join(person.full_name.split()),
        organisation=person.organisation.strip(),
        position=person.position.strip(),
        category=person.category,
        email=person.email.strip(),
        phone=person.phone.strip(),
        person_key=person_key(email=person.email, full_name=person.full_name),
        **fields,
    )
    # Uniqueness is the database's to enforce: the person is checked by the caller under the
    # event's lock, and a random feedback token needs no query of its own.
    registration.full_clean(exclude=["event"], validate_unique=False)
    return registration


class _Locked(NamedTuple):
    state: str
    registration_mode: str
    not_ended: bool
    capacity: int | None
    person_known: bool
    seats_taken: int

    @property
    def registration_open(self) -> bool:
        """As ``registration_open`` of an event, on the locked row."""
        return (
            self.state == EventState.ANNOUNCED
            and self.registration_mode == RegistrationMode.ONLINE
            and self.not_ended
        )


def _lock_for_registration(event: Event, key: str) -> _Locked:
    """The event's row locked until the transaction ends (two visitors taking the last seat
    at once cannot both get it), then what the registration decides on: its state, whether
    it has ended, whether this person is already on the list, the seats taken.

    Two statements, not one: under READ COMMITTED a statement sees the rows committed when
    it began, so a count read in the statement that waited for the lock would miss the seat
    the previous holder just took; the second statement starts after the lock is ours.
    Written out in SQL: this is the door's hot path, and the ORM's building of the same
    queries cost more than running them."""
    quote = connection.ops.quote_name
    events, registrations = quote(Event._meta.db_table), quote(Registration._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT state, registration_mode, ends_at > %s, capacity "
            f"FROM {events} WHERE id = %s{lock}",
            [now, event.pk],
        )
        row = cursor.fetchone()
        if row is None:
            raise RegistrationError(_("Регистрация на это мероприятие закрыта."))
        cursor.execute(
            f"SELECT EXISTS(SELECT 1 FROM {registrations} WHERE event_id = %s "
            "AND person_key = %s), "
            f"(SELECT COUNT(*) FROM {registrations} WHERE event_id = %s AND status = %s)",
            [event.pk, key, event.pk, RegistrationStatus.REGISTERED.value],
        )
        known, taken = cursor.fetchone()
    state, mode, not_ended, capacity = row
    return _Locked(state, mode, bool(not_ended), capacity, bool(known), int(taken))


def _consent_now() -> dict[str, Any]:
    return {
        "consent_personal_data": True,
        "consent_version": EVENT_CONSENT_VERSION,
        "consent_at": timezone.now(),
    }


@transaction.atomic
def registration_create(
    *,
    event: Event,
    full_name: str,
    email: str,
    organisation: str = "",
    position: str = "",
    category: str = ParticipantCategory.OTHER,
    phone: str = "",
    consent_personal_data: bool,
    consent_photo: bool = False,
    notify: bool = True,
) -> Registration:
    """A visitor's online registration: consent required, once per person, waiting list when full.

    The event row is locked so two visitors taking the last seat at once cannot both get it;
    then one read for the checks, and the insert is the only write.
    """
    key = person_key(email=email, full_name=full_name)
    locked = _lock_for_registration(event, key)
    if not locked.registration_open:
        raise RegistrationError(_("Регистрация на это мероприятие закрыта."))
    if not consent_personal_data:
        raise ValidationError(
            {
                "consent_personal_data": [
                    _("Без согласия на обработку персональных данных зарегистрироваться нельзя.")
                ]
            }
        )
    if locked.person_known:
        raise RegistrationError(
            _(
                "Участник с адресом %(email)s уже зарегистрирован на это мероприятие. "
                "Повторная регистрация не нужна: подтверждение пришло на эту почту."
            )
            % {"email": email}
        )
    full = locked.capacity is not None and locked.seats_taken >= locked.capacity
    registration = _new_registration(
        event,
        _Person(full_name, email, organisation, position, category, phone),
        **_consent_now(),
        consent_photo=consent_photo,
        status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
        source=RegistrationSource.ONLINE,
    )
    try:
        # No savepoint of its own: a refused insert ends this transaction, and the error
        # leaves it, so the whole registration is rolled back.
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
    locked = lock_event(registration.event)
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
    """The letter is written on the worker after the commit (events.tasks), .ics and all:
    the registration request only queues it."""
    if not registration.email:
        return
    from events.tasks import send_registration_confirmation

    pk = registration.pk
    transaction.on_commit(lambda: send_registration_confirmation.delay(pk))


def confirm_by_mail(registration_id: int) -> None:
    """Write and send the confirmation of one registration (on the worker)."""
    registration = (
        Registration.objects.select_related("event__pilot_site__region", "event__programme")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not registration.email:
        return
    event = registration.event
    send_email(
        to=registration.email,
        subject=_("Регистрация на мероприятие «%(title)s»") % {"title": event.title},
        template="events/email/registration_confirmed.txt",
        context={"registration": registration, "event": event},
        attachments=[("event.ics", ics.calendar([event]), "text/calendar; charset=utf-8")],
    )


@transaction.atomic
def walk_in_add(
    *,
    event: Event,
    by: Any,
    full_name: str,
    organisation: str = "",
    position: str = "",
    category: str = ParticipantCategory.OTHER,
    email: str = "",
    phone: str = "",
    consent_photo: bool = False,
) -> Registration:
    """Someone who signed the paper sheet without registering; the sheet is their consent."""
    locked = lock_event(event)
    if not policy.can_work_on_evidence(by, locked):
        raise TransitionError(_("Участников по листу добавляют после проведения мероприятия."))
    key = person_key(email=email, full_name=full_name)
    if locked.registrations.filter(person_key=key).exists():
        raise RegistrationError(_("Этот участник уже есть в списке: отметьте его присутствие."))
    registration = _new_registration(
        locked,
        _Person(full_name, email, organisation, position, category, phone),
        **_consent_now(),
        consent_photo=consent_photo,
        source=RegistrationSource.WALK_IN,
        attended=True,
    )
    registration.save()
    return registration


@transaction.atomic
def recruited_import(*, event: Event, by: Any, rows: list[dict[str, str]]) -> int:
    """Write rows ``importing.read_recruited`` already checked; all or nothing."""
    locked = lock_event(event)
    if not policy.can_edit_event(by, locked):
        raise TransitionError(_("Список участников этого мероприятия сейчас нельзя изменить."))
    existing = set(locked.registrations.values_list("person_key", flat=True))
    created = 0
    for row in rows:
        key = person_key(email=row["email"], full_name=row["full_name"])
        if key in existing:
            continue
        existing.add(key)
        _new_registration(locked, _Person(**row), source=RegistrationSource.RECRUITED).save()
        created += 1
    return created

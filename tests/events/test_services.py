"""State machine, evidence gate and registration rules of events."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from events import services
from events.demo import shift_event
from events.models import (
    EventHistory,
    EventKind,
    EventState,
    RegistrationStatus,
)
from resursnaya_sreda.kernel.consent import EVENT_CONSENT_VERSION
from tests.events.conftest import checked_photo, complete_evidence, register

pytestmark = pytest.mark.django_db


def test_new_seminar_takes_its_minimum_from_the_programme_targets(make_event):
    assert make_event().min_participants == 15


def test_new_round_table_takes_thirty_as_its_minimum(make_event):
    assert make_event(kind=EventKind.ROUND_TABLE).min_participants == 30


def test_end_before_start_is_refused_with_a_message(make_event):
    with pytest.raises(ValidationError, match="Окончание должно быть позже начала") as caught:
        make_event(start_time=datetime.time(12, 0), end_time=datetime.time(11, 0))
    assert "end_time" in caught.value.message_dict


def test_every_transition_writes_a_history_row(make_event, regional_a, federal):
    event = make_event(state=EventState.HELD)
    complete_evidence(event, regional_a)
    services.event_report_submit(event=event, by=regional_a)
    services.event_report_return(event=event, by=federal, message="Добавьте выводы.")
    services.event_report_submit(event=event, by=regional_a)
    services.event_report_accept(event=event, by=federal, acknowledge_shortfall=True)
    actions = list(EventHistory.objects.filter(event=event).values_list("action", "to_state"))
    assert actions == [
        ("create", "planned"),
        ("announce", "announced"),
        ("mark_held", "held"),
        ("submit_report", "report_submitted"),
        ("return_report", "report_returned"),
        ("submit_report", "report_submitted"),
        ("accept_report", "report_accepted"),
    ]


def test_announcing_twice_is_refused(make_event, regional_a):
    event = make_event(state=EventState.ANNOUNCED)
    with pytest.raises(
        services.TransitionError, match="Объявить можно только запланированное мероприятие"
    ):
        services.event_announce(event=event, by=regional_a)


def test_an_event_in_the_future_cannot_be_marked_held(make_event, regional_a):
    event = make_event(state=EventState.ANNOUNCED, days=3)
    with pytest.raises(services.TransitionError, match="Мероприятие ещё не началось"):
        services.event_mark_held(event=event, by=regional_a)


def test_an_event_with_a_past_date_cannot_be_announced(make_event, regional_a):
    event = make_event(days=-2)
    with pytest.raises(services.TransitionError, match="Дата мероприятия уже прошла"):
        services.event_announce(event=event, by=regional_a)


def test_report_without_evidence_is_refused_with_the_checklist(make_event, regional_a):
    event = make_event(state=EventState.HELD)
    with pytest.raises(
        services.EvidenceMissingError, match="Отчёт пока нельзя отправить"
    ) as caught:
        services.event_report_submit(event=event, by=regional_a)
    assert len(caught.value.missing) == 4
    event.refresh_from_db()
    assert event.state == EventState.HELD


def test_report_with_scans_but_no_photo_is_refused(make_event, regional_a):
    event = complete_evidence(make_event(state=EventState.HELD), regional_a)
    event.photos.all().delete()
    with pytest.raises(
        services.EvidenceMissingError, match="Отчёт пока нельзя отправить"
    ) as caught:
        services.event_report_submit(event=event, by=regional_a)
    assert caught.value.missing == ["Загрузите хотя бы одну фотографию."]


def test_complete_evidence_lets_the_report_go(make_event, regional_a):
    event = complete_evidence(make_event(state=EventState.HELD), regional_a)
    services.event_report_submit(event=event, by=regional_a)
    event.refresh_from_db()
    assert event.state == EventState.REPORT_SUBMITTED


def test_regional_staff_cannot_accept_their_own_report(make_event, regional_a):
    event = complete_evidence(make_event(state=EventState.HELD), regional_a)
    services.event_report_submit(event=event, by=regional_a)
    with pytest.raises(services.TransitionError, match="Принять можно только отправленный отчёт"):
        services.event_report_accept(event=event, by=regional_a)


def test_return_needs_a_message(make_event, regional_a, federal):
    event = complete_evidence(make_event(state=EventState.HELD), regional_a)
    services.event_report_submit(event=event, by=regional_a)
    with pytest.raises(ValidationError, match="Напишите, что нужно исправить"):
        services.event_report_return(event=event, by=federal, message="  ")


def test_returned_report_keeps_the_message_for_the_region(make_event, regional_a, federal):
    event = complete_evidence(make_event(state=EventState.HELD), regional_a)
    services.event_report_submit(event=event, by=regional_a)
    services.event_report_return(event=event, by=federal, message="Нет выводов.")
    event.refresh_from_db()
    assert (event.state, event.return_message) == (EventState.REPORT_RETURNED, "Нет выводов.")


# --- Registration ------------------------------------------------------------------------------


def test_registration_records_the_consent_version_and_time(make_event):
    event = make_event(state=EventState.ANNOUNCED)
    before = timezone.now()
    (registration,) = register(event)
    assert registration.consent_version == EVENT_CONSENT_VERSION
    assert registration.consent_at >= before


def test_registration_without_consent_is_refused(make_event):
    event = make_event(state=EventState.ANNOUNCED)
    with pytest.raises(ValidationError, match="Без согласия на обработку персональных") as caught:
        services.registration_create(
            event=event,
            full_name="Без Согласия",
            email="x@example.org",
            consent_personal_data=False,
        )
    assert "consent_personal_data" in caught.value.message_dict
    assert event.registrations.count() == 0


def test_the_same_email_twice_gives_one_registration_and_a_message(make_event):
    event = make_event(state=EventState.ANNOUNCED)
    register(event)
    with pytest.raises(
        services.RegistrationError, match="уже зарегистрирован на это мероприятие"
    ) as caught:
        services.registration_create(
            event=event,
            full_name="Участник Номер 0",
            email="PERSON0@example.org",
            consent_personal_data=True,
        )
    assert "уже зарегистрирован" in caught.value.message
    assert event.registrations.count() == 1


def test_registration_beyond_capacity_goes_to_the_waiting_list(make_event):
    event = make_event(state=EventState.ANNOUNCED, capacity=2)
    registrations = register(event, 3)
    assert [r.status for r in registrations] == [
        RegistrationStatus.REGISTERED,
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITING,
    ]


def test_registration_after_the_event_is_refused(make_event):
    event = make_event(state=EventState.ANNOUNCED, days=-1)
    with pytest.raises(services.RegistrationError, match="Регистрация на это мероприятие закрыта"):
        register(event)


def test_registration_for_a_planned_event_is_refused(make_event):
    with pytest.raises(services.RegistrationError, match="Регистрация на это мероприятие закрыта"):
        register(make_event())


def test_registration_is_closed_when_the_administration_recruits(make_event):
    event = make_event(state=EventState.ANNOUNCED, registration_mode="recruited")
    with pytest.raises(services.RegistrationError, match="Регистрация на это мероприятие закрыта"):
        register(event)


def test_confirmation_letter_carries_an_ics_file(make_event, django_capture_on_commit_callbacks):
    event = make_event(state=EventState.ANNOUNCED)
    with django_capture_on_commit_callbacks(execute=True):
        register(event)
    (letter,) = mail.outbox
    name, content, mimetype = letter.attachments[0]
    assert name == "event.ics"
    assert "BEGIN:VEVENT" in content and "SUMMARY:Семинар о практиках" in content


# --- Attendance and photos ------------------------------------------------------------------


def test_attendance_is_the_count_of_people_marked(make_event, regional_a):
    event = make_event(state=EventState.ANNOUNCED, days=1)
    people = register(event, 3)
    event = shift_event(event, timezone.localdate() - datetime.timedelta(days=1))
    services.event_mark_held(event=event, by=regional_a)
    count = services.attendance_set(
        event=event, by=regional_a, attended_ids={people[0].pk, people[2].pk}
    )
    assert count == 2


def test_walk_in_already_on_the_list_is_refused(make_event, regional_a):
    event = make_event(state=EventState.HELD)
    services.walk_in_add(event=event, by=regional_a, full_name="Иванов Иван")
    with pytest.raises(services.RegistrationError, match="Этот участник уже есть в"):
        services.walk_in_add(event=event, by=regional_a, full_name="  иванов   иван ")


def test_photo_with_a_person_who_refused_photos_is_flagged(make_event, regional_a):
    event = make_event(state=EventState.HELD)
    person = services.walk_in_add(
        event=event, by=regional_a, full_name="Нефотогеничный", consent_photo=False
    )
    photo = services.photo_add(event=event, by=regional_a, upload=checked_photo(), people=[person])
    assert photo.has_non_consenting is True


def test_photo_with_consenting_people_is_not_flagged(make_event, regional_a):
    event = make_event(state=EventState.HELD)
    person = services.walk_in_add(
        event=event, by=regional_a, full_name="Фотогеничный", consent_photo=True
    )
    photo = services.photo_add(event=event, by=regional_a, upload=checked_photo(), people=[person])
    assert photo.has_non_consenting is False


def test_evidence_cannot_be_added_before_the_event(make_event, regional_a):
    event = make_event(state=EventState.ANNOUNCED)
    with pytest.raises(
        services.TransitionError, match="Фотографии загружают после проведения мероприятия"
    ):
        services.photo_add(event=event, by=regional_a, upload=checked_photo())

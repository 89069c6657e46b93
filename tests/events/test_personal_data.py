"""Events and 152-ФЗ: reads of participants recorded, public forms limited, participants and
feedback anonymised after retention with every count and register unchanged, a person's
registrations exported and erased, and the consent's wording shown with its version."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events import personal_data as events_data
from events import services
from events.demo import shift_event
from events.models import Event, EventState, FeedbackAnswer, FeedbackQuestion, Registration
from reports.engine import registry
from reports.engine.render import render_document
from resursnaya_sreda.kernel import access_log, personal_data
from resursnaya_sreda.kernel.models import AccessAction, PersonalDataAccess
from tests.events.conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.RATELIMIT_MAIL_PER_ADDRESS = "10/h"
    settings.RATELIMIT_MAIL_PER_RECIPIENT = "3/h"


def entries():
    return list(PersonalDataAccess.objects.order_by("pk"))


def _render(identifier, parameters, user, fmt="xlsx"):
    kind = registry.get(identifier)
    form = kind.get_form(parameters, user=user)
    assert form.is_valid(), form.errors
    output = io.BytesIO()
    render_document(kind(form.cleaned_data, user=user), fmt, output)
    return output.getvalue()


def _rows(data):
    return [list(row) for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


@pytest.fixture
def held(make_event, regional_a):
    """A held seminar: three registered online, a walk-in; two came, one left free text."""
    event = make_event(state=EventState.ANNOUNCED)
    people = register(event, 3)
    event = shift_event(event, timezone.localdate() - datetime.timedelta(days=3))
    services.event_mark_held(event=event, by=regional_a)
    walk_in = services.walk_in_add(event=event, by=regional_a, full_name="Пришедший Пётр Петрович")
    services.attendance_set(event=event, by=regional_a, attended_ids={people[0].pk, walk_in.pk})
    questions = list(FeedbackQuestion.objects.filter(kind=event.kind, is_active=True))
    rating = next(q for q in questions if q.is_rating)
    comment = next(q for q in questions if not q.is_rating)
    services.feedback_submit(
        registration=Registration.objects.get(pk=people[0].pk),
        ratings={rating.pk: 5},
        texts={comment.pk: "Пишите мне: person0@example.org или +7 (900) 123-45-67"},
    )
    return Event.objects.get(pk=event.pk)


# --- The record of reading personal data -------------------------------------------------


def test_the_staff_event_page_with_participants_writes_one_entry(make_event, regional_a, login):
    event = make_event(state=EventState.ANNOUNCED)
    register(event, 2)
    client = login(regional_a)
    url = reverse("events:staff-detail", args=[event.pk])
    assert client.get(url).status_code == 200
    client.get(url)  # read again at once: still one entry
    [entry] = entries()
    assert entry.user == regional_a
    assert entry.action == AccessAction.VIEW
    assert entry.object_id == str(event.pk)
    assert entry.parameters == {"participants": 2}
    assert entry.path == url


def test_a_staff_page_redrawn_with_a_bad_form_also_writes_one_entry(make_event, regional_a, login):
    event = make_event(state=EventState.ANNOUNCED)
    register(event, 1)
    response = login(regional_a).post(reverse("events:walk-in", args=[event.pk]), {})
    assert response.status_code == 400
    assert len(entries()) == 1


@pytest.mark.parametrize(
    "name, args",
    [
        ("events:public-list", []),
        ("events:public-detail", ["event"]),
        ("events:staff-list", []),
        ("events:programme-feedback", []),
        ("events:feedback-entry", ["event"]),
    ],
)
def test_pages_without_personal_data_write_nothing(make_event, regional_a, login, name, args):
    event = make_event(state=EventState.ANNOUNCED)
    register(event, 2)
    url = reverse(name, args=[event.pk if a == "event" else a for a in args])
    assert login(regional_a).get(url).status_code == 200
    assert entries() == []


def test_an_event_page_without_participants_writes_nothing(make_event, regional_a, login):
    event = make_event(state=EventState.ANNOUNCED)
    assert login(regional_a).get(reverse("events:staff-detail", args=[event.pk])).status_code == 200
    assert entries() == []


def test_another_regions_event_is_not_found_and_not_recorded(make_event, regional_b, login):
    event = make_event(state=EventState.ANNOUNCED)
    register(event, 2)
    response = login(regional_b).get(reverse("events:staff-detail", args=[event.pk]))
    assert response.status_code == 404
    assert entries() == []


def test_the_registration_admin_writes_one_entry_per_page(make_event, federal, login):
    event = make_event(state=EventState.ANNOUNCED)
    (registration,) = register(event, 1)
    client = login(federal)
    assert client.get("/admin/events/registration/?status=registered").status_code == 200
    assert client.get(f"/admin/events/registration/{registration.pk}/change/").status_code == 200
    assert [e.action for e in entries()] == [AccessAction.ADMIN_LIST, AccessAction.ADMIN_VIEW]
    assert entries()[0].parameters == {"status": "registered"}


def test_events_register_themselves_as_holding_personal_data():
    assert access_log.holds_personal_data(Registration)
    assert registry.get("events-sheet").personal_data
    assert registry.get("events-participants").personal_data
    assert not registry.get("events-register").personal_data


def test_downloading_the_participants_register_writes_one_entry(
    make_event, regional_a, login, django_capture_on_commit_callbacks
):
    from reports.services import document_job_request

    register(make_event(state=EventState.ANNOUNCED), 2)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = document_job_request(
            user=regional_a, kind="events-participants", fmt="xlsx", parameters={}
        )
    response = login(regional_a).get(reverse("reports:job-download", args=[outcome.job.pk]))
    assert response.status_code == 200
    [entry] = entries()
    assert entry.action == AccessAction.EXPORT
    assert entry.parameters["document"] == "events-participants"


# --- Limits on the public forms that send letters ----------------------------------------


def _registration(n, email=None):
    return {
        "full_name": f"Участник {n}",
        "organisation": "НКО «Дружба»",
        "category": "ngo",
        "email": email or f"person{n}@example.org",
        "consent_personal_data": "on",
    }


def test_registrations_from_one_address_are_limited(make_event, client, mailoutbox, settings):
    settings.RATELIMIT_EVENT_REGISTRATIONS_PER_ADDRESS = "5/h"
    settings.RATELIMIT_MAIL_PER_ADDRESS = "2/h"  # other letters' limit does not apply here
    event = make_event(state=EventState.ANNOUNCED)
    url = reverse("events:public-detail", args=[event.pk])
    statuses = [client.post(url, _registration(n)).status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    assert Registration.objects.filter(event=event).count() == 5


def test_a_limited_registration_keeps_what_was_typed_and_says_when_to_retry(
    make_event, client, settings
):
    settings.RATELIMIT_EVENT_REGISTRATIONS_PER_ADDRESS = "1/h"
    event = make_event(state=EventState.ANNOUNCED)
    url = reverse("events:public-detail", args=[event.pk])
    client.post(url, _registration(1))
    response = client.post(url, _registration(2, email="typed@example.org"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Слишком много запросов с вашего адреса." in html
    assert "Повторите попытку через" in html
    assert 'value="typed@example.org"' in html
    assert not Registration.objects.filter(email="typed@example.org").exists()


def test_letters_to_one_recipient_are_limited_across_events(make_event, client):
    urls = [
        reverse("events:public-detail", args=[make_event(state=EventState.ANNOUNCED).pk])
        for _ in range(4)
    ]
    statuses = [client.post(url, _registration(1)).status_code for url in urls]
    assert statuses == [302, 302, 302, 429]


def test_the_feedback_link_form_is_limited_per_recipient(held, client, mailoutbox):
    url = reverse("events:feedback-entry", args=[held.pk])
    statuses = [client.post(url, {"email": "nobody@example.org"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_the_feedback_link_form_is_limited_per_address(held, client, mailoutbox, settings):
    settings.RATELIMIT_MAIL_PER_ADDRESS = "2/h"
    url = reverse("events:feedback-entry", args=[held.pk])
    statuses = [client.post(url, {"email": f"p{n}@example.org"}).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    response = client.post(url, {"email": "p9@example.org"})
    assert response["Retry-After"]
    assert "Повторите попытку через" in response.content.decode()


# --- Anonymising after the retention date -----------------------------------------------


def test_anonymising_keeps_every_count_and_the_events_register(held, regional_a, programme):
    register_before = _rows(_render("events-register", {}, regional_a))
    participants_before = _rows(_render("events-participants", {}, regional_a))
    counts_before = (
        services.registered_count(held),
        held.registrations.filter(attended=True).count(),
    )
    from events import selectors

    summary_before = selectors.feedback_summary(held)

    counts = personal_data.programme_anonymise(programme=programme)

    assert counts["events-registrations"] == 4
    assert counts["events-feedback"] == 1
    assert _rows(_render("events-register", {}, regional_a)) == register_before
    assert (
        services.registered_count(held),
        held.registrations.filter(attended=True).count(),
    ) == counts_before
    summary = selectors.feedback_summary(held)
    assert summary["averages"] == summary_before["averages"]
    assert summary["responses"] == summary_before["responses"]
    participants = _rows(_render("events-participants", {}, regional_a))
    assert len(participants) == len(participants_before)
    flat = " ".join(str(cell) for row in participants for cell in row)
    assert "Участник Номер" not in flat and "person0@example.org" not in flat
    assert "Пётр" not in flat
    # Status, source, attendance and consent stay in the register's columns.
    assert [row[10:] for row in participants] == [row[10:] for row in participants_before]
    [(_q, comment)] = summary["comments"]
    assert "person0@example.org" not in comment and "123-45-67" not in comment
    assert comment.startswith("Пишите мне: [скрыто]")


def test_anonymising_twice_changes_nothing_more(held, programme):
    personal_data.programme_anonymise(programme=programme)
    assert personal_data.programme_anonymise(programme=programme) == dict.fromkeys(
        personal_data.anonymisers(), 0
    )


def test_an_anonymised_participants_feedback_link_leads_nowhere(held, programme, client):
    registration = held.registrations.get(attended=True, feedback__isnull=True)
    old_token = registration.feedback_token
    personal_data.programme_anonymise(programme=programme)
    assert client.get(reverse("events:feedback", args=[old_token])).status_code == 404


# --- A person's data: export and erasure ------------------------------------------------


def test_the_export_lists_a_persons_registrations_and_feedback(held):
    sources = dict(personal_data.person_data("PERSON0@example.org"))
    registrations, feedback = sources["events"]
    assert registrations.table[0][0] == held.title
    assert registrations.table[0][2] == "Участник Номер 0"
    assert "редакция 2020-1" in registrations.table[0][7]
    assert feedback.table[0][2] == 5
    assert dict(personal_data.person_data("stranger@example.org"))["events"] == []


def test_erasure_removes_the_person_and_their_words_and_keeps_the_counts(held, federal):
    attended = held.registrations.filter(attended=True).count()
    record = personal_data.person_erase(email="person0@example.org", by=federal, reason="Заявление")
    assert record.counts["events"] == 2  # one registration, one free-text answer
    assert not Registration.objects.filter(email__iexact="person0@example.org").exists()
    assert held.registrations.filter(attended=True).count() == attended
    assert FeedbackAnswer.objects.filter(response__event=held).exclude(rating=None).count() == 1
    assert not FeedbackAnswer.objects.exclude(text="").exists()
    assert dict(personal_data.person_data("person0@example.org"))["events"] == []


def test_contacts_in_free_text_are_masked():
    assert events_data.mask_contacts("a.b@mail.ru, 8 900 123 45 67, +7-900-123-45-67") == (
        "[скрыто], [скрыто], [скрыто]"
    )
    assert events_data.mask_contacts("Было 15 участников в 2020 году") == (
        "Было 15 участников в 2020 году"
    )


# --- Consent texts with their version -------------------------------------------------------


def test_the_registration_form_names_the_version_of_each_consent(make_event, client):
    event = make_event(state=EventState.ANNOUNCED)
    html = client.get(reverse("events:public-detail", args=[event.pk])).content.decode()
    assert html.count("Текст согласия в редакции 2020-1.") == 2


def test_the_sheet_names_the_version_each_participant_agreed_to(make_event, regional_a):
    from pypdf import PdfReader

    event = make_event(state=EventState.ANNOUNCED)
    register(event, 1)
    data = _render("events-sheet", {"event": event.pk}, regional_a, "pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "ред. 2020-1" in " ".join(text.split())


def test_the_admin_shows_the_wording_a_participant_agreed_to(make_event, federal, login):
    event = make_event(state=EventState.ANNOUNCED)
    (registration,) = register(event, 1)
    html = (
        login(federal).get(f"/admin/events/registration/{registration.pk}/change/").content.decode()
    )
    assert "Регистрация на мероприятие, редакция 2020-1" in html
    assert "Я даю согласие АНО" in html
    # Without consent to photos, the photo wording is not shown as agreed.
    assert "Фото- и видеосъёмка на мероприятии, редакция" not in html


def test_the_consent_texts_are_a_read_only_history(federal, regional_a, login):
    from resursnaya_sreda.kernel.models import ConsentText

    wording = ConsentText.objects.get(purpose="event_registration", version="2020-1")
    client = login(federal)
    html = client.get("/admin/kernel/consenttext/").content.decode()
    assert "Регистрация на мероприятие" in html
    page = client.get(f"/admin/kernel/consenttext/{wording.pk}/change/")
    assert page.status_code == 200
    assert 'name="text"' not in page.content.decode()
    assert client.get("/admin/kernel/consenttext/add/").status_code == 403
    response = client.post(f"/admin/kernel/consenttext/{wording.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert ConsentText.objects.filter(pk=wording.pk).exists()
    assert login(regional_a).get("/admin/kernel/consenttext/").status_code == 302


def test_only_the_staff_event_page_records_among_all_event_pages(held, federal, login):
    """The matrix over every events URL, read by a federal coordinator who may see all: one
    entry for the page with participants, none for any other page."""
    from django.core.cache import cache

    from tests.security.urls import app_urls

    registration = held.registrations.first()
    client = login(federal)
    written = {}
    for url in app_urls("events", pk=held.pk, token=registration.feedback_token):
        cache.clear()
        before = PersonalDataAccess.objects.count()
        client.get(url.path)
        written[url.name] = PersonalDataAccess.objects.count() - before
    assert len(written) > 20
    assert {name: n for name, n in written.items() if n} == {"events:staff-detail": 1}

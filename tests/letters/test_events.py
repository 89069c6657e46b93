"""Letters about events: the seminar letter from the seminar page, the administration's reply
updating the seminar, round-table invitations whose personal link prefills registration."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from events.models import AgendaItem, Event, EventHistory, EventKind, EventState, SupportItem
from letters import services
from letters.models import Letter, LetterKind, ReplyDecision
from resursnaya_sreda.kernel.uploads import SCANS, check_upload
from tests.events.conftest import pdf_upload
from tests.letters.factories import administration

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar(make_event, site_a):
    event = make_event(days=30)
    AgendaItem.objects.create(event=event, starts_at=datetime.time(10, 0), title="Открытие")
    AgendaItem.objects.create(
        event=event, starts_at=datetime.time(11, 0), title="Опыт практики", speaker="Сидоров С. С."
    )
    SupportItem.objects.create(event=event, text="Зал на 40 человек")
    SupportItem.objects.create(event=event, text="Проектор")
    return event


def _send_seminar_letter(client, seminar, addressee, letterhead, capture):
    with capture(execute=True):
        return client.post(
            reverse("letters:seminar-letter", args=[seminar.pk]),
            {"letterhead": letterhead.pk, "addressee": addressee.pk, "send": "1"},
        )


def test_the_seminar_letter_is_made_from_the_seminars_data(
    login, regional_a, site_a, seminar, letterhead_a, django_capture_on_commit_callbacks
):
    addressee = administration(site_a, by=regional_a, municipality=seminar.municipality)
    client = login(regional_a)
    page = client.get(reverse("letters:seminar-letter", args=[seminar.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Зал на 40 человек" in text and "11:00 — Опыт практики (Сидоров С. С.)" in text
    assert seminar.practice.display_title in text
    assert "(Москва" in text or "UTC+3" in text  # the local time carries its zone
    response = _send_seminar_letter(
        client, seminar, addressee, letterhead_a, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("events:staff-detail", args=[seminar.pk])
    letter = Letter.objects.get(event_id=seminar.pk)
    assert letter.kind == LetterKind.SEMINAR and letter.organisation == addressee.organisation
    assert [m.to for m in mail.outbox] == [[addressee.email]]
    history = EventHistory.objects.filter(event=seminar, action="letter_sent").get()
    assert letter.full_number in history.message
    pdf = PdfReader(io.BytesIO(services.letter_pdf(letter)))
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "— Проектор" in pdf_text and "Предлагаем администрации стать партнёром" in pdf_text
    # The seminar page shows the letter and the way to record the answer.
    staff_page = client.get(reverse("events:staff-detail", args=[seminar.pk])).content.decode()
    assert "Письмо администрации" in staff_page and letter.full_number in staff_page
    assert reverse("letters:reply-create", args=[letter.pk]) in staff_page
    assert "Отправлено письмо" in staff_page


def test_a_partners_reply_makes_it_the_seminars_partner_administration(
    login, regional_a, site_a, seminar, letterhead_a, django_capture_on_commit_callbacks
):
    addressee = administration(site_a, by=regional_a, name="Администрация Елабужского района")
    client = login(regional_a)
    _send_seminar_letter(
        client, seminar, addressee, letterhead_a, django_capture_on_commit_callbacks
    )
    letter = Letter.objects.get(event_id=seminar.pk)
    response = client.post(
        reverse("letters:reply-create", args=[letter.pk]),
        {
            "decision": ReplyDecision.PARTNER,
            "received_on": timezone.localdate().isoformat(),
            "note": "Готовы предоставить зал",
            "scan": pdf_upload("otvet.pdf"),
        },
    )
    assert response.status_code == 302
    seminar.refresh_from_db()
    assert seminar.partner_administration == "Администрация Елабужского района"
    assert EventHistory.objects.filter(event=seminar, action="letter_reply").exists()
    page = client.get(reverse("events:staff-detail", args=[seminar.pk])).content.decode()
    assert "Согласна стать партнёром семинара" in page and "скан ответа" in page


def test_a_reply_without_its_scan_is_refused_beside_the_field(
    login, regional_a, site_a, seminar, letterhead_a, django_capture_on_commit_callbacks
):
    addressee = administration(site_a, by=regional_a)
    client = login(regional_a)
    _send_seminar_letter(
        client, seminar, addressee, letterhead_a, django_capture_on_commit_callbacks
    )
    letter = Letter.objects.get(event_id=seminar.pk)
    response = client.post(
        reverse("letters:reply-create", args=[letter.pk]),
        {
            "decision": ReplyDecision.SUPPORT,
            "received_on": timezone.localdate().isoformat(),
            "note": "звонили",
        },
    )
    assert response.status_code == 400
    assert "Приложите скан ответного письма." in response.content.decode()
    assert (
        'value="звонили"' in response.content.decode()
        or "звонили</textarea>" in response.content.decode()
    )


def test_a_seminar_without_an_answer_close_to_its_date_is_flagged(
    login,
    regional_a,
    site_a,
    make_event,
    letterhead_a,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.LETTERS_REPLY_WARNING_DAYS = 14
    soon = make_event(days=10)
    addressee = administration(site_a, by=regional_a)
    client = login(regional_a)
    _send_seminar_letter(client, soon, addressee, letterhead_a, django_capture_on_commit_callbacks)
    page = client.get(reverse("events:staff-detail", args=[soon.pk])).content.decode()
    assert "Администрация не ответила, а до семинара 14 дней или меньше." in page
    letter = Letter.objects.get(event_id=soon.pk)
    services.reply_record(
        by=regional_a,
        letter=letter,
        decision=ReplyDecision.SUPPORT,
        received_on=timezone.localdate(),
        upload=check_upload(pdf_upload(), kinds=SCANS),
    )
    page = client.get(reverse("events:staff-detail", args=[soon.pk])).content.decode()
    assert "Администрация не ответила" not in page


@pytest.fixture
def round_table(make_event):
    event = make_event(
        kind=EventKind.ROUND_TABLE, state=EventState.ANNOUNCED, days=20, practice=None
    )
    Event.objects.filter(pk=event.pk).update(
        invited="Ахметов Рустам Ильдарович, Министерство по делам молодёжи, ahmetov@example.org\n"
        "Гарипова Алсу, Газета «Новости Казани», СМИ"
    )
    return Event.objects.get(pk=event.pk)


def test_invitations_carry_a_personal_link_that_prefills_registration(
    login, client, regional_a, round_table, letterhead_a, django_capture_on_commit_callbacks
):
    staff = login(regional_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("letters:invitations", args=[round_table.pk]),
            {"letterhead": letterhead_a.pk, "send": "1"},
        )
    assert response.status_code == 302
    letters = list(Letter.objects.filter(event_id=round_table.pk).order_by("number"))
    assert [(x.person, x.organisation, x.category) for x in letters] == [
        ("Ахметов Рустам Ильдарович", "Министерство по делам молодёжи", "other"),
        ("Гарипова Алсу", "Газета «Новости Казани»", "media"),
    ]
    assert [m.to for m in mail.outbox] == [["ahmetov@example.org"]]  # the other goes to print
    link = f"/events/{round_table.pk}/?invitation={letters[0].token}"
    assert link in letters[0].body
    client.logout()
    page = client.get(link).content.decode()
    assert 'value="Ахметов Рустам Ильдарович"' in page
    assert 'value="Министерство по делам молодёжи"' in page
    assert 'value="ahmetov@example.org"' in page
    # Someone else's token or a made-up one prefills nothing.
    assert (
        "Ахметов" not in client.get(f"/events/{round_table.pk}/?invitation=forged").content.decode()
    )
    from events.models import Registration

    response = client.post(
        link,
        {
            "full_name": "Ахметов Рустам Ильдарович",
            "organisation": "Министерство по делам молодёжи",
            "category": "executive",
            "email": "ahmetov@example.org",
            "consent_personal_data": "on",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(event=round_table)
    letters[0].refresh_from_db()
    assert letters[0].registration_id == registration.pk
    panel = login(regional_a).get(reverse("events:staff-detail", args=[round_table.pk]))
    text = panel.content.decode()
    assert "Приглашения" in text and "зарегистрировался" in text

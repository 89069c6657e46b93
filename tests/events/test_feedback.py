"""Participants' feedback by personal link, its summary; round tables, videobridge, step 6.8."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events import selectors, services
from events.models import (
    EventKind,
    EventState,
    FeedbackQuestion,
    ProgrammeFeedback,
)
from tests.events.conftest import complete_evidence

pytestmark = pytest.mark.django_db


def _attendee(event, by, name="Участник Отзывов", email="otzyv@example.org"):
    return services.walk_in_add(event=event, by=by, full_name=name, email=email)


def _answers(kind, ratings=(5, 4, 3), text="Больше практики"):
    questions = list(FeedbackQuestion.objects.filter(kind=kind).order_by("position"))
    rating_questions = [q for q in questions if q.is_rating]
    text_question = next(q for q in questions if not q.is_rating)
    data = {f"q{q.pk}": str(r) for q, r in zip(rating_questions, ratings, strict=False)}
    data[f"q{text_question.pk}"] = text
    return data


def test_feedback_links_go_only_to_attendees(
    make_event, regional_a, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(state=EventState.HELD)
    _attendee(event, regional_a)
    absent = _attendee(event, regional_a, "Отсутствующий", "absent@example.org")
    absent.attended = False
    absent.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.feedback_send(event=event, by=regional_a) == 1
    assert [m.to for m in mailoutbox] == [["otzyv@example.org"]]


def test_feedback_links_are_not_sent_before_the_event(make_event, regional_a):
    event = make_event(state=EventState.ANNOUNCED)
    with pytest.raises(services.TransitionError, match="Ссылки на отзыв рассылают после"):
        services.feedback_send(event=event, by=regional_a)


def test_participant_answers_once_by_the_link(make_event, regional_a, client):
    event = make_event(state=EventState.HELD)
    person = _attendee(event, regional_a)
    url = reverse("events:feedback", args=[person.feedback_token])
    client.post(url, _answers(event.kind))
    second = client.post(url, _answers(event.kind, ratings=(1, 1, 1)), follow=True)
    assert "Вы уже оставили отзыв" in second.content.decode()
    assert event.feedback.count() == 1
    assert selectors.feedback_summary(event)["averages"][0][1] == 5


def test_missing_rating_is_shown_beside_the_question(make_event, regional_a, client):
    event = make_event(state=EventState.HELD)
    person = _attendee(event, regional_a)
    response = client.post(reverse("events:feedback", args=[person.feedback_token]), {})
    assert "Поставьте оценку от 1 до 5" in response.content.decode()
    assert event.feedback.count() == 0


def test_an_unknown_token_is_404(client, db):
    assert client.get(reverse("events:feedback", args=["nope"])).status_code == 404


def test_summary_counts_rate_averages_and_comments(make_event, regional_a):
    event = make_event(state=EventState.HELD)
    questions = list(FeedbackQuestion.objects.filter(kind=event.kind, is_rating=True))
    text_q = FeedbackQuestion.objects.get(kind=event.kind, is_rating=False)
    people = [_attendee(event, regional_a, f"Человек {i}", f"p{i}@example.org") for i in range(4)]
    for person, rating in zip(people[:2], (4, 5), strict=True):
        services.feedback_submit(
            registration=person,
            ratings={q.pk: rating for q in questions},
            texts={text_q.pk: f"Комментарий {rating}"},
        )
    summary = selectors.feedback_summary(event)
    assert (summary["responses"], summary["attended"], summary["rate"]) == (2, 4, 50)
    assert summary["averages"][0][1] == 4.5
    assert sorted(c for _, c in summary["comments"]) == ["Комментарий 4", "Комментарий 5"]


# --- Round tables ----------------------------------------------------------------------------


def test_round_table_report_needs_conclusions_and_a_resolution(make_event, regional_a):
    event = complete_evidence(
        make_event(state=EventState.HELD, kind=EventKind.ROUND_TABLE), regional_a
    )
    with pytest.raises(
        services.EvidenceMissingError, match="Отчёт пока нельзя отправить"
    ) as caught:
        services.event_report_submit(event=event, by=regional_a)
    assert len(caught.value.missing) == 2
    services.event_results_save(
        event=event,
        by=regional_a,
        data={"conclusions": "Нужен совет по делам НКО.", "resolution_text": "Рекомендовать…"},
    )
    services.event_report_submit(event=event, by=regional_a)
    event.refresh_from_db()
    assert event.state == EventState.REPORT_SUBMITTED


def test_round_table_page_shows_the_mix_of_categories(make_event, regional_a, login):
    event = make_event(state=EventState.HELD, kind=EventKind.ROUND_TABLE)
    services.walk_in_add(event=event, by=regional_a, full_name="Журналист", category="media")
    content = login(regional_a).get(reverse("events:staff-detail", args=[event.pk])).content
    text = content.decode()
    assert "Состав участников по категориям" in text
    assert "Среди участников нет:" in text
    assert "Органы исполнительной власти" in text or "Орган исполнительной власти" in text


# --- Videobridge -----------------------------------------------------------------------------


def test_videobridge_running_order_is_saved_from_the_edit_page(
    make_event, site_a, site_b, federal, login
):
    event = make_event(kind=EventKind.VIDEOBRIDGE, by=federal)
    bridge = list(event.bridge_sites.order_by("pilot_site__region__name"))
    assert [b.pilot_site for b in bridge] == [site_b, site_a]  # Дагестан, Татарстан
    day = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "kind": "videobridge",
        "title": event.title,
        "date": day.isoformat(),
        "start_time": "11:00",
        "end_time": "13:00",
        "registration_mode": "free",
        "online_link": "https://meet.example.org/bridge",
        "min_participants": "0",
    }
    for prefix, rows in {
        "agenda": [],
        "support": [],
        "slots": [
            {
                "starts_at": "11:00",
                "ends_at": "11:10",
                "speaker": "РРЦ Татарстана",
                "pilot_site": site_a.pk,
            },
            {
                "starts_at": "11:10",
                "ends_at": "11:20",
                "speaker": "АНО «Дружба»",
                "organisation": "НКО Дагестана",
                "pilot_site": site_b.pk,
            },
        ],
        # Every pilot site of the programme is on the bridge: staff only mark who connected.
        "sites": [{"id": bridge[0].pk, "connected": "on"}, {"id": bridge[1].pk}],
    }.items():
        initial = len(rows) if prefix == "sites" else 0
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": initial})
        for i, row in enumerate(rows):
            data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    response = login(federal).post(reverse("events:edit", args=[event.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert [s.speaker for s in event.running_order.all()] == ["РРЦ Татарстана", "АНО «Дружба»"]
    assert sorted(event.bridge_sites.values_list("connected", flat=True)) == [False, True]


# --- Programme feedback (step 6.8) --------------------------------------------------------


def test_regional_staff_fill_their_sites_programme_form(regional_a, site_a, login):
    response = login(regional_a).post(
        reverse("events:programme-feedback"),
        {"usefulness": "5", "what_worked": "Семинары", "what_to_change": ""},
    )
    assert response.status_code == 302
    assert ProgrammeFeedback.objects.get().pilot_site == site_a


def test_federal_sees_every_sites_answer_and_regional_only_own(
    regional_a, regional_b, site_a, site_b, federal, login
):
    services.programme_feedback_save(
        pilot_site=site_a, by=regional_a, data={"usefulness": 4, "what_worked": "Ответ А"}
    )
    services.programme_feedback_save(
        pilot_site=site_b, by=regional_b, data={"usefulness": 3, "what_worked": "Ответ Б"}
    )
    federal_page = login(federal).get(reverse("events:programme-feedback")).content.decode()
    assert "Ответ А" in federal_page and "Ответ Б" in federal_page
    assert len(selectors.programme_feedback_for(regional_a)) == 1


def test_applicants_have_no_programme_form(applicant, login):
    assert login(applicant).get(reverse("events:programme-feedback")).status_code == 403


def test_the_address_on_the_sheet_mails_the_personal_link_to_an_attendee(
    make_event, regional_a, client, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(state=EventState.HELD)
    person = _attendee(event, regional_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events:feedback-entry", args=[event.pk]), {"email": "OTZYV@example.org"}
        )
    (letter,) = mailoutbox
    assert person.feedback_token in letter.body


def test_the_address_on_the_sheet_says_nothing_about_strangers(
    make_event, regional_a, client, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(state=EventState.HELD)
    _attendee(event, regional_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:feedback-entry", args=[event.pk]),
            {"email": "stranger@example.org"},
            follow=True,
        )
    assert "Если вы были на мероприятии" in response.content.decode()
    assert mailoutbox == []


def test_asking_again_at_once_sends_no_second_letter_but_answers_the_same(
    make_event, regional_a, client, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(state=EventState.HELD)
    _attendee(event, regional_a)
    url = reverse("events:feedback-entry", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "otzyv@example.org"})
        response = client.post(url, {"email": "otzyv@example.org"}, follow=True)
    assert "Если вы были на мероприятии" in response.content.decode()
    assert len(mailoutbox) == 1

"""Starting an entry from a selected practice, prefilled; drafts; bad input; submission."""

from __future__ import annotations

import datetime
import decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contest import services
from contest.models import EntryAction, EntryState
from practices.models import Attachment, AttachmentKind, Questionnaire
from tests.contest.conftest import complete, scan_bytes, selected_practice

pytestmark = pytest.mark.django_db


def test_an_entry_starts_with_every_answer_the_questionnaire_already_has(
    draft_entry, form, practice_a
):
    q = form["questions"]
    answers = {a.question_id: a for a in draft_entry.answers.all()}
    assert draft_entry.title == practice_a.title
    assert draft_entry.contact_email == practice_a.contact_email
    assert draft_entry.municipality_id == practice_a.municipality_id
    assert answers[q["problem"].pk].text == practice_a.problem
    assert answers[q["results"].pk].text == practice_a.results_quantitative
    assert answers[q["people"].pk].number == decimal.Decimal(practice_a.people_reached)
    assert "Управление образования" in answers[q["partners"].pk].text
    assert q["plans"].pk not in answers  # the contest's own question is the applicant's
    assert draft_entry.history.get().action == EntryAction.CREATE


def test_the_presentation_in_the_questionnaire_becomes_the_entry_file(
    form, practice_a, applicant, special
):
    presentation = Attachment(
        questionnaire=practice_a,
        kind=AttachmentKind.PRESENTATION,
        display_name="презентация.pdf",
        content_type="application/pdf",
        size=9,
    )
    presentation.file.save("p.pdf", SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%"), save=False)
    presentation.save()
    entry = services.entry_start(by=applicant, questionnaire=practice_a, nomination=special)
    copied = entry.attachments.get(requirement=form["requirements"]["presentation"])
    assert copied.copied_from_questionnaire
    assert copied.file.name != presentation.file.name  # a copy, not the same stored file
    assert copied.file.read() == b"%PDF-1.4\n%"


def test_changing_the_entry_leaves_the_questionnaire_as_it_was(
    draft_entry, form, applicant, practice_a
):
    before = Questionnaire.objects.values().get(pk=practice_a.pk)
    services.entry_save_draft(
        entry=draft_entry,
        by=applicant,
        version=draft_entry.version,
        changes={"title": "Новое название для конкурса", "contact_phone": "+7 999 000-00-00"},
        answers={form["questions"]["problem"].pk: "Переписанная актуальность"},
    )
    assert Questionnaire.objects.values().get(pk=practice_a.pk) == before
    draft_entry.refresh_from_db()
    assert draft_entry.title == "Новое название для конкурса"


def test_an_entry_for_a_practice_that_was_not_selected_is_refused(form, make_q, applicant, special):
    with pytest.raises(services.ContestError, match="только от отобранной практики"):
        services.entry_start(by=applicant, questionnaire=make_q(), nomination=special)


@pytest.fixture
def make_q(programme, applicant_organisation):
    from tests.practices.conftest import QuestionnaireFactory, fill

    def _make():
        questionnaire = QuestionnaireFactory(
            programme=programme, organisation=applicant_organisation
        )
        fill(questionnaire, title="Практика, которую не отобрали")
        questionnaire.state = "submitted"
        questionnaire.save()
        return questionnaire

    return _make


def test_a_third_entry_beyond_the_organisers_limit_is_refused(
    draft_entry, practice_a, applicant, general, third_nomination
):
    services.entry_start(by=applicant, questionnaire=practice_a, nomination=general)
    with pytest.raises(services.ContestError, match="не больше 2 заявок"):
        services.entry_start(by=applicant, questionnaire=practice_a, nomination=third_nomination)


def test_the_same_nomination_twice_is_refused(draft_entry, practice_a, applicant, special):
    with pytest.raises(services.ContestError, match="уже есть заявка в номинации"):
        services.entry_start(by=applicant, questionnaire=practice_a, nomination=special)


def test_no_entry_starts_after_the_deadline(form, contest, practice_a, applicant, special):
    contest.deadline = timezone.now() - datetime.timedelta(minutes=1)
    contest.save()
    with pytest.raises(services.ContestError, match="Приём заявок открыт"):
        services.entry_start(by=applicant, questionnaire=practice_a, nomination=special)


def test_a_save_from_an_outdated_page_is_refused_and_keeps_nothing(draft_entry, applicant):
    services.entry_save_draft(
        entry=draft_entry,
        by=applicant,
        version=draft_entry.version,
        changes={"title": "Первая вкладка"},
        editor_token="tab-1",
    )
    with pytest.raises(services.StaleVersionError, match="другой вкладке"):
        services.entry_save_draft(
            entry=draft_entry,
            by=applicant,
            version=1,
            changes={"title": "Вторая вкладка"},
            editor_token="tab-2",
        )
    draft_entry.refresh_from_db()
    assert draft_entry.title == "Первая вкладка"


def test_autosave_answers_in_json_and_bumps_the_version(login, applicant, draft_entry, form):
    client = login(applicant)
    plans = form["questions"]["plans"]
    response = client.post(
        reverse("contest:autosave", args=[draft_entry.pk]),
        {
            "version": draft_entry.version,
            "editor_token": "t",
            plans.anchor: "Расширить кружки",
            "title": draft_entry.title,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["version"] == draft_entry.version + 1
    assert draft_entry.answers.get(question=plans).text == "Расширить кружки"


def test_a_text_over_the_organisers_limit_is_kept_but_stops_submission(
    draft_entry, applicant, form
):
    complete(draft_entry, applicant)
    results = form["questions"]["results"]
    too_long = "Очень подробные результаты " * 5
    services.entry_save_draft(
        entry=draft_entry,
        by=applicant,
        version=draft_entry.version,
        changes={},
        answers={results.pk: too_long},
    )
    assert draft_entry.answers.get(question=results).text == too_long.strip()
    with pytest.raises(services.IncompleteError) as caught:
        services.entry_submit(entry=draft_entry, by=applicant)
    messages = [p.message for p in caught.value.problems]
    assert any("ограничении 30" in m for m in messages)


def test_an_attachment_of_the_wrong_type_is_refused_beside_its_field(
    login, applicant, draft_entry, form
):
    letter = form["requirements"]["letter"]
    response = login(applicant).post(
        reverse("contest:file-upload", args=[draft_entry.pk, letter.pk]),
        {"file": SimpleUploadedFile("письмо.docx", b"PK\x03\x04not really", "application/zip")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{letter.anchor}"' in page
    assert "invalid-feedback" in page
    assert draft_entry.title in page  # the rest of the entry is still there
    assert not draft_entry.attachments.exists()


def test_an_attachment_over_the_organisers_limit_is_refused(login, applicant, draft_entry, form):
    letter = form["requirements"]["letter"]  # 1 MB
    big = scan_bytes() + b"\0" * (1024 * 1024 + 10)
    response = login(applicant).post(
        reverse("contest:file-upload", args=[draft_entry.pk, letter.pk]),
        {"file": SimpleUploadedFile("скан.jpg", big, "image/jpeg")},
    )
    assert response.status_code == 400
    assert "1,0 МБ" in response.content.decode() or "1 МБ" in response.content.decode()
    assert not draft_entry.attachments.exists()


def test_submitting_lists_what_is_missing_with_links(login, applicant, draft_entry, form):
    response = login(applicant).get(reverse("contest:submit", args=[draft_entry.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Заявку пока нельзя отправить" in page
    assert f"#id_{form['requirements']['letter'].anchor}" in page
    assert f"#id_{form['questions']['plans'].anchor}" in page


def test_a_complete_entry_goes_to_the_regional_check_with_history_and_letters(
    login, applicant, draft_entry, regional_a, django_capture_on_commit_callbacks
):
    complete(draft_entry, applicant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(applicant).post(reverse("contest:submit", args=[draft_entry.pk]))
    assert response.status_code == 302
    draft_entry.refresh_from_db()
    assert draft_entry.state == EntryState.SUBMITTED
    last = draft_entry.history.order_by("-pk").first()
    assert (last.action, last.from_state, last.to_state, last.actor) == (
        EntryAction.SUBMIT,
        EntryState.DRAFT,
        EntryState.SUBMITTED,
        applicant,
    )
    recipients = {address for message in mail.outbox for address in message.to}
    assert {applicant.email, regional_a.email} <= recipients


def test_a_second_click_on_submit_finds_it_already_sent(login, applicant, submitted_entry):
    response = login(applicant).post(reverse("contest:submit", args=[submitted_entry.pk]))
    assert response.status_code == 302
    assert submitted_entry.history.filter(action=EntryAction.SUBMIT).count() == 1


def test_the_start_page_offers_only_selected_practices(
    login, applicant, form, practice_a, make_q, programme
):
    other = make_q()
    page = login(applicant).get(reverse("contest:start")).content.decode()
    assert practice_a.title in page
    assert other.title not in page


def test_starting_from_the_page_opens_the_prefilled_form(
    login, applicant, form, practice_a, special
):
    client = login(applicant)
    response = client.post(
        reverse("contest:start"), {"questionnaire": practice_a.pk, "nomination": special.pk}
    )
    entry = practice_a.contest_entries.get()
    assert response.status_code == 302 and response.url == reverse("contest:edit", args=[entry.pk])
    page = client.get(response.url).content.decode()
    assert practice_a.problem in page
    assert "анкета останется прежней" in page


def test_a_forged_practice_from_another_region_is_refused_on_the_start_page(
    login, applicant, form, practice_a, practice_b, special
):
    response = login(applicant).post(
        reverse("contest:start"), {"questionnaire": practice_b.pk, "nomination": special.pk}
    )
    assert response.status_code == 400
    assert "Выберите отобранную практику" in response.content.decode()
    assert not practice_b.contest_entries.exists()


def test_staff_of_the_region_may_start_an_entry_for_its_practice(
    regional_a, form, practice_a, special, programme, site_a, applicant_organisation
):
    entry = services.entry_start(by=regional_a, questionnaire=practice_a, nomination=special)
    assert entry.pilot_site == site_a
    assert entry.pilot_practice.questionnaire_id == practice_a.pk
    other = selected_practice(programme, site_a, applicant_organisation, title="Вторая")
    assert services.entry_start(by=regional_a, questionnaire=other, nomination=special)

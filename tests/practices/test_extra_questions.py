"""Questions the federal centre adds per programme: shown, validated, required when marked."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practices import services
from practices.models import ExtraAnswer, ExtraQuestion, QuestionKind
from tests.practices.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(programme):
    return {
        "text": ExtraQuestion.objects.create(
            programme=programme,
            text="Кто автор идеи?",
            kind=QuestionKind.TEXT,
            is_required=True,
            position=1,
        ),
        "number": ExtraQuestion.objects.create(
            programme=programme, text="Сколько волонтёров?", kind=QuestionKind.NUMBER, position=2
        ),
        "choice": ExtraQuestion.objects.create(
            programme=programme,
            text="Масштаб",
            kind=QuestionKind.CHOICE,
            choices="Район\nГород\nРегион",
            is_required=True,
            position=3,
        ),
        "file": ExtraQuestion.objects.create(
            programme=programme, text="Устав", kind=QuestionKind.FILE, position=4
        ),
    }


def _url(q):
    return reverse("practices:edit", args=[q.pk, "extra"])


def test_the_extra_section_appears_only_when_the_programme_has_questions(login, applicant, draft_a):
    client = login(applicant)
    assert client.get(_url(draft_a)).status_code == 404
    ExtraQuestion.objects.create(programme=draft_a.programme, text="Вопрос", kind="text")
    assert client.get(_url(draft_a)).status_code == 200


def test_a_choice_question_needs_two_options(programme):
    question = ExtraQuestion(
        programme=programme, text="Выбор", kind=QuestionKind.CHOICE, choices="Один"
    )
    with pytest.raises(ValidationError, match="Для выбора из списка нужны"):
        question.full_clean()


def test_required_extra_questions_block_submission(draft_a, applicant, questions):
    with pytest.raises(services.IncompleteError, match="Анкету пока нельзя отправить") as caught:
        services.questionnaire_submit(questionnaire=draft_a, by=applicant)
    anchors = {p.anchor for p in caught.value.problems}
    assert anchors == {f"id_extra_{questions['text'].pk}", f"id_extra_{questions['choice'].pk}"}


def test_answers_are_saved_and_then_allow_submission(login, applicant, draft_a, questions):
    response = login(applicant).post(
        _url(draft_a),
        {
            "version": draft_a.version,
            f"extra_{questions['text'].pk}": "Совет молодёжи",
            f"extra_{questions['number'].pk}": "12",
            f"extra_{questions['choice'].pk}": "Город",
        },
    )
    assert response.status_code == 302
    answers = {a.question_id: a for a in ExtraAnswer.objects.filter(questionnaire=draft_a)}
    assert answers[questions["text"].pk].text == "Совет молодёжи"
    assert answers[questions["number"].pk].number == 12
    assert answers[questions["choice"].pk].text == "Город"
    submitted = services.questionnaire_submit(questionnaire=draft_a, by=applicant)
    assert submitted.state == "submitted"


def test_a_number_question_refuses_words_and_keeps_them_in_the_form(
    login, applicant, draft_a, questions
):
    response = login(applicant).post(
        _url(draft_a), {"version": draft_a.version, f"extra_{questions['number'].pk}": "много"}
    )
    assert response.status_code == 200
    assert 'value="много"' in response.content.decode()
    assert "Введите число" in response.content.decode()
    assert not ExtraAnswer.objects.filter(question=questions["number"]).exists()


def test_a_choice_outside_the_list_is_refused(login, applicant, draft_a, questions):
    response = login(applicant).post(
        _url(draft_a), {"version": draft_a.version, f"extra_{questions['choice'].pk}": "Страна"}
    )
    assert "Выберите корректный вариант" in response.content.decode()


def test_a_file_answer_is_checked_by_content(login, applicant, draft_a, questions):
    fake = SimpleUploadedFile("устав.pdf", b"MZ\x90\x00 this is a program", "application/pdf")
    response = login(applicant).post(
        _url(draft_a), {"version": draft_a.version, f"extra_{questions['file'].pk}": fake}
    )
    assert "Файл не похож на" in response.content.decode()
    good = SimpleUploadedFile("скан.jpg", jpeg_bytes(), "image/jpeg")
    draft_a.refresh_from_db()
    login(applicant).post(
        _url(draft_a), {"version": draft_a.version, f"extra_{questions['file'].pk}": good}
    )
    answer = ExtraAnswer.objects.get(question=questions["file"])
    assert answer.file_name == "скан.jpg"


def test_an_option_removed_later_is_reported_at_submission(draft_a, applicant, questions):
    ExtraAnswer.objects.create(questionnaire=draft_a, question=questions["text"], text="Да")
    ExtraAnswer.objects.create(questionnaire=draft_a, question=questions["choice"], text="Город")
    questions["choice"].choices = "Район\nРегион"
    questions["choice"].save()
    with pytest.raises(services.IncompleteError, match="Анкету пока нельзя отправить") as caught:
        services.questionnaire_submit(questionnaire=draft_a, by=applicant)
    assert [p.message for p in caught.value.problems] == [
        "Выбранного варианта больше нет в списке; выберите заново."
    ]


def test_inactive_questions_are_not_asked(draft_a, applicant, questions):
    ExtraQuestion.objects.update(is_active=False)
    assert services.questionnaire_problems(draft_a) == []

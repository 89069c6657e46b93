"""The kernel's configurable questions: form fields by kind, problems on submission."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms

from contest.models import EntryQuestion
from resursnaya_sreda.kernel.questions import QuestionKind, answer_problems, question_field


def question(**fields) -> EntryQuestion:
    return EntryQuestion(text="Вопрос", **fields)


def test_a_text_question_keeps_a_long_draft_and_shows_its_limit():
    field = question_field(question(kind=QuestionKind.TEXT, max_length=10))
    assert field.clean("x" * 50) == "x" * 50  # a draft is not cut
    assert field.widget.attrs["data-maxlength"] == 10
    assert field.required is False


def test_a_text_without_a_limit_has_no_counter():
    field = question_field(question(kind=QuestionKind.TEXT))
    assert "data-maxlength" not in field.widget.attrs


def test_a_number_and_a_choice():
    assert isinstance(question_field(question(kind=QuestionKind.NUMBER)), forms.DecimalField)
    choice = question_field(question(kind=QuestionKind.CHOICE, choices="да\nнет"))
    assert [value for value, _label in choice.choices] == ["", "да", "нет"]


@pytest.mark.parametrize(
    ("fields", "text", "number", "expected"),
    [
        ({"kind": "text", "is_required": True}, "", None, ["Это обязательный вопрос."]),
        (
            {"kind": "text", "max_length": 5},
            "шесть!",
            None,
            ["Текст длиннее допустимого: 6 знаков при ограничении 5; сократите."],
        ),
        ({"kind": "number", "is_required": True}, "", None, ["Это обязательный вопрос."]),
        ({"kind": "number"}, "", Decimal("-1"), ["Число не может быть отрицательным."]),
        (
            {"kind": "choice", "choices": "а\nб"},
            "в",
            None,
            ["Выбранного варианта больше нет в списке; выберите заново."],
        ),
        ({"kind": "text", "max_length": 5}, "пять.", None, []),
    ],
)
def test_answer_problems(fields, text, number, expected):
    assert answer_problems(question(**fields), text=text, number=number) == expected


def test_a_choice_needs_two_options():
    with pytest.raises(Exception, match="хотя бы два варианта"):
        question(kind=QuestionKind.CHOICE, choices="один").clean()

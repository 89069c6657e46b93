"""Questions the federal centre configures in the admin, answered in a form, checked on submit.

The pattern of the questionnaire's extra questions (``practices.ExtraQuestion``), made reusable:
a model derives from :class:`ConfigurableQuestion` and adds what it belongs to; a form gets one
field per question from :func:`question_field`; :func:`answer_problems` says what is wrong with
an answer when the thing is submitted. Next year's form is rows in the admin, not a release::

    class EntryQuestion(ConfigurableQuestion):
        contest = models.ForeignKey(Contest, related_name="questions", ...)

    form.fields[question.anchor] = question_field(question)
    problems = answer_problems(question, text=answer.text, number=answer.number)

Text answers are not cut by the form: a draft keeps a text over the limit (with a counter that
turns red) and the submission check asks to shorten it, so nothing typed is lost.
"""

from __future__ import annotations

import decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: The most any text answer may hold in the database; a question's own limit is usually lower.
TEXT_CAP = 20_000


class QuestionKind(models.TextChoices):
    TEXT = "text", gettext_lazy("Текст")
    NUMBER = "number", gettext_lazy("Число")
    CHOICE = "choice", gettext_lazy("Выбор из списка")


class ConfigurableQuestion(models.Model):
    """A question with its kind, options, whether it is required and its text limit."""

    text = models.CharField(gettext_lazy("вопрос"), max_length=500)
    help_text = models.CharField(gettext_lazy("подсказка"), max_length=500, blank=True)
    kind = models.CharField(
        gettext_lazy("тип ответа"),
        max_length=8,
        choices=QuestionKind.choices,
        default=QuestionKind.TEXT,
    )
    choices = models.TextField(
        gettext_lazy("варианты ответа"),
        blank=True,
        help_text=gettext_lazy("Для типа «Выбор из списка»: по одному варианту на строку."),
    )
    max_length = models.PositiveIntegerField(
        gettext_lazy("не длиннее, знаков"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(TEXT_CAP)],
        help_text=gettext_lazy("Для текста: ограничение организатора. Пусто — без ограничения."),
    )
    is_required = models.BooleanField(gettext_lazy("обязательный"), default=False)
    position = models.PositiveSmallIntegerField(gettext_lazy("порядок"), default=0)
    is_active = models.BooleanField(gettext_lazy("показывать"), default=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def limit(self) -> int:
        return min(self.max_length or TEXT_CAP, TEXT_CAP)

    def clean(self) -> None:
        if self.kind == QuestionKind.CHOICE and len(self.choice_list) < 2:
            raise ValidationError(
                {
                    "choices": _(
                        "Для выбора из списка нужны хотя бы два варианта, по одному на строку."
                    )
                }
            )
        if self.kind != QuestionKind.TEXT and self.max_length:
            raise ValidationError({"max_length": _("Ограничение длины — только для текста.")})


def question_field(question: ConfigurableQuestion, **overrides: Any) -> forms.Field:
    """The form field for one question. Nothing is required in a draft; the submission check
    (:func:`answer_problems`) asks for what is missing."""
    label = f"{question.text} *" if question.is_required else question.text
    common: dict[str, Any] = {"label": label, "help_text": question.help_text, "required": False}
    common.update(overrides)
    if question.kind == QuestionKind.NUMBER:
        return forms.DecimalField(max_digits=18, decimal_places=2, **common)
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            choices=[("", _("— выберите —"))] + [(c, c) for c in question.choice_list], **common
        )
    limit = question.limit
    attrs: dict[str, Any] = {"rows": 2 if limit <= 300 else 5}
    if question.max_length:
        # No max_length on the field: a draft keeps a text over the limit; the counter warns.
        attrs["data-maxlength"] = limit
    return forms.CharField(
        widget=forms.Textarea(attrs=attrs),
        validators=[MaxLengthValidator(TEXT_CAP)],
        **common,
    )


def answer_problems(
    question: ConfigurableQuestion, *, text: str = "", number: decimal.Decimal | None = None
) -> list[str]:
    """What stops this answer from being submitted, in Russian; [] when it is fine."""
    text = (text or "").strip()
    if question.kind == QuestionKind.NUMBER:
        if number is None:
            return [_("Это обязательный вопрос.")] if question.is_required else []
        if number < 0:
            return [_("Число не может быть отрицательным.")]
        return []
    if not text:
        return [_("Это обязательный вопрос.")] if question.is_required else []
    if question.kind == QuestionKind.CHOICE and text not in question.choice_list:
        return [_("Выбранного варианта больше нет в списке; выберите заново.")]
    if question.kind == QuestionKind.TEXT and len(text) > question.limit:
        return [
            _("Текст длиннее допустимого: %(n)s знаков при ограничении %(limit)s; сократите.")
            % {"n": len(text), "limit": question.limit}
        ]
    return []

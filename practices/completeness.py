"""Is a questionnaire ready to be submitted? Every missing or wrong answer, with where to fix it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from practices.models import ExtraAnswer, ExtraQuestion, QuestionKind, Questionnaire
from practices.sections import EXTRA, FIELD_SECTION

_url_validator = URLValidator(schemes=["http", "https"])
_PHONE_CHARS = re.compile(r"^[\d\s()+\-–.]+$")


@dataclass(frozen=True)
class Problem:
    """One thing to fix: ``section`` and ``anchor`` make the link to the field."""

    section: str
    anchor: str
    label: str
    message: str


def field_label(name: str) -> str:
    label = str(Questionnaire._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def media_link_errors(text: str) -> list[str]:
    """Each line must be an http(s) address; returns the offending lines."""
    wrong = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            _url_validator(line)
        except ValidationError:
            wrong.append(line)
    return wrong


def phone_is_plausible(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    return bool(_PHONE_CHARS.match(value)) and 10 <= len(digits) <= 15


def _is_blank(value: object) -> bool:
    if value is None or value is False:
        return True
    return isinstance(value, str) and not value.strip()


def _field_problem(name: str, message: str) -> Problem:
    # The section form types the municipality's name rather than picking the record.
    anchor = "id_municipality_name" if name == "municipality" else f"id_{name}"
    return Problem(FIELD_SECTION[name].slug, anchor, field_label(name), message)


def find_problems(
    questionnaire: Questionnaire,
    questions: Iterable[ExtraQuestion],
    answers: dict[int, ExtraAnswer],
) -> list[Problem]:
    """Every reason the questionnaire cannot be submitted yet, in the order of the form."""
    problems: list[Problem] = []
    invalid: dict[str, list[str]] = {}
    try:
        questionnaire.full_clean(
            exclude=["programme", "organisation", "created_by", "last_edited_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        invalid = exc.message_dict

    for section_field, section in FIELD_SECTION.items():
        value = getattr(questionnaire, Questionnaire._meta.get_field(section_field).attname)
        if section_field in invalid:
            problems.append(_field_problem(section_field, " ".join(invalid[section_field])))
            continue
        if section_field in section.required and _is_blank(value):
            if section_field.startswith("consent_"):
                message = _("Нужно отметить согласие.")
            else:
                message = _("Поле не заполнено.")
            problems.append(_field_problem(section_field, message))
            continue
        if section_field == "municipality" and questionnaire.municipality_id:
            if questionnaire.municipality.region_id != questionnaire.organisation.region_id:
                problems.append(
                    _field_problem(
                        "municipality",
                        _("Муниципальное образование должно быть в регионе организации (%(r)s).")
                        % {"r": questionnaire.organisation.region},
                    )
                )
        if section_field == "media_links":
            wrong = media_link_errors(questionnaire.media_links)
            if wrong:
                problems.append(
                    _field_problem(
                        "media_links",
                        _("Это не адреса страниц (нужно http:// или https://): %(lines)s")
                        % {"lines": ", ".join(wrong[:3])},
                    )
                )
        if section_field == "contact_phone" and value and not phone_is_plausible(value):
            problems.append(
                _field_problem(
                    "contact_phone", _("Укажите телефон с кодом города: от 10 до 15 цифр.")
                )
            )
        if section_field == "people_reached" and value == 0:
            problems.append(
                _field_problem("people_reached", _("Укажите, сколько человек охвачено (больше 0)."))
            )

    for question in questions:
        problems.extend(_answer_problems(question, answers.get(question.pk)))
    return problems


def _answer_problems(question: ExtraQuestion, answer: ExtraAnswer | None) -> list[Problem]:
    def problem(message: str) -> Problem:
        return Problem(EXTRA.slug, f"id_{question.anchor}", question.text, message)

    if answer is None or answer.is_empty:
        return [problem(_("Это обязательный вопрос."))] if question.is_required else []
    if question.kind == QuestionKind.CHOICE and answer.text not in question.choice_list:
        return [problem(_("Выбранного варианта больше нет в списке; выберите заново."))]
    if question.kind == QuestionKind.NUMBER and answer.number is None:
        return [problem(_("Нужно число."))]
    if question.kind == QuestionKind.FILE and not answer.file:
        return [problem(_("Приложите файл."))] if question.is_required else []
    if question.kind == QuestionKind.TEXT and not answer.text.strip() and question.is_required:
        return [problem(_("Это обязательный вопрос."))]
    return []

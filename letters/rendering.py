"""The sandbox letter templates are rendered in.

Templates are data written by staff, so they are not Django templates: the only construct is
``{{ поле }}``, where the field is one of :data:`MERGE_FIELDS`, and the value put in its place is
a plain string computed beforehand. Nothing can reach an object, a setting, a filter or a tag:

- ``{% … %}`` and ``{# … #}`` (``{% load %}``, ``{% include %}``, ``{% debug %}``) are refused;
- a dot, a bracket or a pipe inside ``{{ }}`` (``{{ settings.SECRET_KEY }}``,
  ``{{ адресат.__class__ }}``, ``{{ дата|date }}``) is refused;
- a name outside the list is refused, with the list of names that exist;
- substitution is one pass over the text: a value that itself contains ``{{ … }}`` (an
  organisation named so on purpose) is printed as it is, never rendered.

A refused template raises :class:`TemplateRefused` with a message in Russian for the form.
The output is plain text; HTML escaping is the PDF template's job (Django autoescape).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

#: Every merge field a template may use, with what it holds (shown beside the editor).
MERGE_FIELDS: dict[str, str] = {
    "адресат": "ФИО адресата: главы администрации, редактора, руководителя или приглашённого",
    "должность": "Должность адресата",
    "организация": "Организация адресата",
    "муниципалитет": "Муниципальное образование адресата или мероприятия",
    "регион": "Субъект РФ",
    "мероприятие": "Название мероприятия («Семинар «…»»)",
    "дата": "Дата мероприятия, например «14 мая 2026 г.»",
    "время": "Время начала по местному времени региона, с часовым поясом",
    "место": "Место проведения и адрес",
    "программа": "Программа мероприятия: время и тема, по строке на пункт",
    "поддержка": "Что семинару нужно от администрации, по строке на пункт",
    "практика": "Лучшая практика и организация — её носитель",
    "ссылка_регистрации": "Ссылка на регистрацию (в приглашении — личная, с именем приглашённого)",
    "программа_название": "Название программы, например «Ресурсная среда — 2026»",
    "отправитель": "Организация-отправитель (региональный или федеральный центр)",
}

# ``{{ … }}`` with anything but braces inside; what is inside is checked separately.
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"[а-яёa-z_][а-яёa-z0-9_]*", re.IGNORECASE)
_TAG_MARKS = ("{%", "%}", "{#", "#}")


class TemplateRefused(ValueError):
    """The template uses something the sandbox does not allow; ``message`` says what."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Checked:
    """A template that passed the check, and the fields it uses, in order of appearance."""

    text: str
    fields: tuple[str, ...]


def check(text: str) -> Checked:
    """Refuse anything but plain text and ``{{ поле }}`` from the list; return the fields used."""
    for mark in _TAG_MARKS:
        if mark in text:
            raise TemplateRefused(
                _(
                    "Шаблон содержит «%(mark)s»: теги шаблонизатора ({%% load %%}, {%% if %%} и "
                    "другие) и комментарии в письмах не используются. Оставьте текст и поля "
                    "вида {{ адресат }}."
                )
                % {"mark": mark}
            )
    used: list[str] = []
    for match in _PLACEHOLDER.finditer(text):
        inner = match.group(1).strip()
        if not inner:
            raise TemplateRefused(_("Пустое поле «{{ }}»: впишите имя поля между скобками."))
        if any(sign in inner for sign in ".[]|():'\""):
            raise TemplateRefused(
                _(
                    "Поле «%(inner)s» не разрешено: в письме доступны только поля из списка, без "
                    "точек, фильтров и обращений к другим данным."
                )
                % {"inner": inner[:60]}
            )
        if not _NAME.fullmatch(inner) or inner.lower() not in MERGE_FIELDS:
            raise TemplateRefused(
                _("Неизвестное поле «%(inner)s». Доступны: %(names)s.")
                % {"inner": inner[:60], "names": ", ".join(MERGE_FIELDS)}
            )
        if inner.lower() not in used:
            used.append(inner.lower())
    rest = _PLACEHOLDER.sub("", text)
    if "{{" in rest or "}}" in rest:
        raise TemplateRefused(
            _("Незакрытое поле: каждое «{{» должно закрываться «}}» в той же записи.")
        )
    return Checked(text=text, fields=tuple(used))


def missing_fields(text: str, values: Mapping[str, str]) -> list[str]:
    """The fields the template uses that have no value for this addressee."""
    return [name for name in check(text).fields if not str(values.get(name, "")).strip()]


def render(text: str, values: Mapping[str, str]) -> str:
    """The template with each field replaced by its value (a missing value leaves a blank).

    One pass: what a value contains is never looked at again.
    """
    check(text)
    plain = {name: str(value) for name, value in values.items() if name in MERGE_FIELDS}

    def substitute(match: re.Match[str]) -> str:
        return plain.get(match.group(1).strip().lower(), "")

    return _PLACEHOLDER.sub(substitute, text)


def paragraphs(text: str) -> list[list[str]]:
    """A rendered letter as paragraphs (blank-line separated) of lines, for the PDF."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [block.split("\n") for block in blocks if block.strip()]

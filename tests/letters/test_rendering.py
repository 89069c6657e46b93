"""The sandbox letter templates render in: hostile templates are refused with a message."""

from __future__ import annotations

import pytest

from letters import rendering
from letters.rendering import TemplateRefused

VALUES = {"адресат": "Петров П. П.", "организация": "Администрация города Казани"}


def test_fields_are_replaced_by_their_values():
    text = rendering.render("Уважаемый {{ адресат }}! {{организация}}.", VALUES)
    assert text == "Уважаемый Петров П. П.! Администрация города Казани."


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{% load static %}Текст", "теги шаблонизатора"),
        ("{% debug %}", "теги шаблонизатора"),
        ("{% include 'base.html' %}", "теги шаблонизатора"),
        ("{# комментарий #}", "теги шаблонизатора"),
        ("{{ settings.SECRET_KEY }}", "не разрешено"),
        ("{{ адресат.__class__.__mro__ }}", "не разрешено"),
        ("{{ адресат|upper }}", "не разрешено"),
        ("{{ адресат['x'] }}", "не разрешено"),
        ("{{ request }}", "Неизвестное поле «request»"),
        ("{{ settings }}", "Неизвестное поле «settings»"),
        ("{{ }}", "Пустое поле"),
        ("Уважаемый {{ адресат", "Незакрытое поле"),
    ],
)
def test_hostile_templates_are_refused_with_a_russian_message(template, message):
    with pytest.raises(TemplateRefused, match=message):
        rendering.check(template)
    with pytest.raises(TemplateRefused, match=message):
        rendering.render(template, VALUES)


def test_a_value_is_never_rendered_as_a_template():
    values = {"организация": "{{ settings.SECRET_KEY }}{% debug %}"}
    assert rendering.render("{{ организация }}", values) == "{{ settings.SECRET_KEY }}{% debug %}"


def test_missing_fields_are_listed():
    assert rendering.missing_fields("{{ адресат }} {{ дата }} {{ адресат }}", VALUES) == ["дата"]


def test_the_template_service_puts_the_refusal_beside_the_field(programme, site_a, regional_a):
    from django.core.exceptions import ValidationError

    from letters import services

    with pytest.raises(ValidationError, match="не разрешено") as caught:
        services.template_save(
            by=regional_a,
            programme=programme,
            site=site_a,
            kind="seminar",
            data={"subject": "Тема", "body": "{{ settings.SECRET_KEY }}", "cover_text": ""},
        )
    assert list(caught.value.message_dict) == ["body"]

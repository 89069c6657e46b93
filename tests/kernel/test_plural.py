"""Numbers agree with their nouns: the kernel's helper, its template filter, and the places
that used English plural rules on Russian text («исправьте 2 замечаний»)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from resursnaya_sreda.kernel.plural import plural, plural_form


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 пунктов"),
        (1, "1 пункт"),
        (2, "2 пункта"),
        (4, "4 пункта"),
        (5, "5 пунктов"),
        (11, "11 пунктов"),
        (12, "12 пунктов"),
        (14, "14 пунктов"),
        (21, "21 пункт"),
        (22, "22 пункта"),
        (101, "101 пункт"),
        (111, "111 пунктов"),
        (1000, "1000 пунктов"),
    ],
)
def test_plural_agrees_the_noun_with_the_number(n, expected):
    assert plural(n, "пункт", "пункта", "пунктов") == expected


def test_plural_form_gives_the_noun_alone():
    assert plural_form(21, "день", "дня", "дней") == "день"
    assert plural_form(3, "день", "дня", "дней") == "дня"


@pytest.mark.parametrize(
    ("n", "expected"), [(1, "1 замечание"), (3, "3 замечания"), (25, "25 замечаний")]
)
def test_the_template_filter(n, expected):
    template = Template('{% load plural %}{{ n|plural:"замечание,замечания,замечаний" }}')
    assert template.render(Context({"n": n})) == expected


def test_the_questionnaire_refusal_counts_its_problems_in_russian():
    from practices.completeness import Problem
    from practices.services.errors import IncompleteError

    problem = Problem("practice", "id_title", "Название", "Поле не заполнено.")
    assert "исправьте 2 замечания ниже" in IncompleteError([problem] * 2).message
    assert "исправьте 21 замечание ниже" in IncompleteError([problem] * 21).message
    assert "исправьте 5 замечаний ниже" in IncompleteError([problem] * 5).message

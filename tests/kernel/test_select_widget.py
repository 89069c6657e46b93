"""Every <select> is drawn in Python (kernel/forms.py) to exactly the markup of Django's own
templates: the same bytes for plain, grouped, multiple and required lists, values escaped."""

from __future__ import annotations

from unittest import mock

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from resursnaya_sreda.kernel import forms as kernel_forms
from resursnaya_sreda.kernel.forms import PortalFormRenderer

REGIONS = [("", "Все"), (16, "Республика Татарстан"), (5, 'Дагестан <b>&"кавычки"</b>')]
GROUPED = [
    ("", "—"),
    ("Приволжский ФО", [(16, "Татарстан"), (2, "Башкортостан")]),
    ("Северо-Кавказский ФО", [(5, "Дагестан")]),
]


class Filters(forms.Form):
    region = forms.TypedChoiceField(choices=REGIONS, coerce=int, required=False)
    district = forms.ChoiceField(choices=GROUPED)
    many = forms.MultipleChoiceField(choices=REGIONS[1:], required=False)
    off = forms.ChoiceField(choices=REGIONS, disabled=True, required=False)


def _drawn(renderer, data):
    form = Filters(data, renderer=renderer)
    form.is_valid()
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"region": "16", "district": "5", "many": ["16", "5"]},
        {"region": "99", "district": ""},  # an error: aria-invalid on the list
    ],
)
def test_a_select_is_the_same_markup_as_djangos_template(data):
    class Templates(DjangoTemplates):
        bound_field_class = PortalFormRenderer.bound_field_class

    ours, djangos = _drawn(PortalFormRenderer(), data), _drawn(Templates(), data)
    assert ours == djangos
    assert "&lt;b&gt;&amp;&quot;кавычки&quot;&lt;/b&gt;" in ours["region"]
    assert '<optgroup label="Приволжский ФО">' in ours["district"]


def test_the_chosen_options_are_selected_without_a_template():
    with mock.patch.object(kernel_forms, "select_html", wraps=kernel_forms.select_html) as fast:
        drawn = _drawn(PortalFormRenderer(), {"region": "16", "district": "5", "many": ["16", "5"]})
    assert fast.call_count == 4
    assert '<option value="16" selected>Республика Татарстан</option>' in drawn["region"]
    assert drawn["many"].count(" selected>") == 2 and "multiple" in drawn["many"]
    assert " required " in drawn["district"] and " disabled" in drawn["off"]

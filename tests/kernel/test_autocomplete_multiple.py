"""The multiple-choice search field on its own: ids kept, names separated by «;» resolved
within the field's (scoped) queryset, matches offered for an ambiguous name."""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict

from resursnaya_sreda.kernel.autocomplete import AutocompleteMultipleChoiceField, Lookup
from resursnaya_sreda.kernel.models import Municipality
from tests.factories import MunicipalityFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(db):
    return {
        "kazan": MunicipalityFactory(region=region("16"), name="Казань"),
        "kazan_district": MunicipalityFactory(region=region("16"), name="Казанский район"),
        "elabuga": MunicipalityFactory(region=region("16"), name="Елабуга"),
        "derbent": MunicipalityFactory(region=region("05"), name="Дербент"),
    }


def form_class():
    class TownsForm(forms.Form):
        towns = AutocompleteMultipleChoiceField(
            queryset=Municipality.objects.filter(region__code="16"),
            lookup=Lookup(search_fields=("name",)),
            url="/towns/",
        )

    return TownsForm


def bound(query: str):
    return form_class()(QueryDict(query))


def test_names_separated_by_semicolons_are_chosen_with_the_kept_boxes(towns):
    form = bound(f"towns={towns['elabuga'].pk}&towns__search=Казань; казанский")
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["towns"]) == {
        towns["kazan"],
        towns["kazan_district"],
        towns["elabuga"],
    }


def test_an_ambiguous_name_offers_its_matches_and_keeps_what_was_made_out(towns):
    form = bound("towns__search=Елабуга; каза")
    assert not form.is_valid()
    assert "Под «каза» подходит несколько вариантов" in str(form.errors["towns"])
    html = str(form["towns"])
    assert f'name="towns" value="{towns["elabuga"].pk}"' in html  # made out: a checked box
    assert 'value="каза"' in html  # the rest stays typed
    assert f'name="towns__pick" value="{towns["kazan"].pk}"' in html


def test_a_name_outside_the_queryset_is_not_found(towns):
    form = bound("towns__search=Дербент")
    assert not form.is_valid()
    assert "ничего не найдено" in str(form.errors["towns"])


def test_an_id_outside_the_queryset_is_refused(towns):
    form = bound(f"towns={towns['derbent'].pk}&towns__search=")
    assert not form.is_valid()


def test_ids_alone_work_as_a_multiple_select(towns):
    form = form_class()({"towns": [towns["kazan"].pk, towns["elabuga"].pk]})
    assert form.is_valid(), form.errors
    assert len(form.cleaned_data["towns"]) == 2


def test_the_initial_choice_is_drawn_as_checked_boxes_with_their_names(towns):
    html = str(form_class()(initial={"towns": [towns["kazan"].pk]})["towns"])
    assert f'name="towns" value="{towns["kazan"].pk}"' in html and "Казань" in html
    assert "data-autocomplete-multiple" in html and 'data-url="/towns/"' in html

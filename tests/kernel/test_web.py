"""The view helpers every app shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from resursnaya_sreda.kernel.web import add_service_errors, querystring_without_page


class NameForm(forms.Form):
    name = forms.CharField()


def test_field_errors_go_beside_their_field_and_unknown_fields_above_the_form():
    form = NameForm({"name": "Анна"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": ["Занято."], "other": ["Не так."]}))
    assert form.errors["name"] == ["Занято."]
    assert form.non_field_errors() == ["Не так."]
    assert form.data["name"] == "Анна"


def test_an_error_without_fields_goes_above_the_form():
    form = NameForm({"name": "Анна"})
    assert form.is_valid()
    add_service_errors(form, ValidationError("Приём закрыт."))
    assert form.non_field_errors() == ["Приём закрыт."]


def test_pagination_links_keep_the_filters_but_not_the_page():
    request = RequestFactory().get("/x/", {"q": "дружба", "region": "16", "page": "3"})
    assert querystring_without_page(request) == "q=%D0%B4%D1%80%D1%83%D0%B6%D0%B1%D0%B0&region=16"

"""A choice among records that grow, as a search-as-you-type field (DESIGN §4).

Declare it where a ``ModelChoiceField`` would be, with the same scoped queryset the page
uses, and say where the list comes from::

    municipality = AutocompleteChoiceField(
        label=_("Муниципальное образование"),
        source=MunicipalityChoices,          # a kernel endpoint: its lookup and URL
        queryset=Municipality.objects.select_related("region"),
        depends_on={"region": "region"},     # the endpoint's filter ← this form's field
        required=False,
    )

or, inside a document's parameters form, without a ``source``: the document engine then
serves the list at ``reports:choices`` from the form's own queryset for the requesting user
(see reports/views.py), so only the lookup is given::

    questionnaire = AutocompleteChoiceField(
        label=_("Анкета"),
        queryset=Questionnaire.objects.none(),  # narrowed to the user in __init__
        lookup=Lookup(search_fields=("title", "organisation__name"), search_pk=True),
    )

A form that is not a document's may serve its own list by defining
``autocomplete_url(field_name) -> str``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.autocomplete.lookups import Lookup
from resursnaya_sreda.kernel.autocomplete.widgets import AutocompleteWidget, TypedChoice


class AutocompleteChoiceField(forms.ModelChoiceField):
    widget = AutocompleteWidget
    default_error_messages = {
        "not_found": _("По запросу «%(text)s» ничего не найдено. Проверьте написание."),
        "ambiguous": _(
            "Под «%(text)s» подходит несколько вариантов. Выберите нужный из найденных "
            "или уточните."
        ),
    }

    def __init__(
        self,
        queryset: Any = None,
        *,
        source: Any = None,
        lookup: Lookup | None = None,
        depends_on: Mapping[str, str] | None = None,
        depends_on_page: Mapping[str, str] | None = None,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        if lookup is None and source is None:
            raise TypeError("AutocompleteChoiceField needs a source endpoint or a lookup")
        self.source = source
        self.lookup = lookup or source.lookup
        #: Endpoint filter parameter → name of the form field whose value it takes.
        self.depends_on = dict(
            depends_on if depends_on is not None else {p: p for p in self.lookup.filters}
        )
        #: Endpoint filter parameter → HTML name of a field of another form in the same
        #: <form> element (a page made of two Django forms, e.g. a site choice and the event).
        self.depends_on_page = dict(depends_on_page or {})
        self.url = url
        kwargs.setdefault("empty_label", None)
        if queryset is None and source is not None:
            queryset = source.queryset_for(None)
        super().__init__(queryset, **kwargs)
        if not self.help_text:
            self.help_text = _("Начните вводить название и выберите из списка.")

    def label_from_instance(self, obj: Any) -> str:
        return self.lookup.label(obj)

    def for_user(self, user: Any) -> AutocompleteChoiceField:
        """Narrow the choices to what the source endpoint shows ``user``."""
        self.queryset = self.source.queryset_for(user)
        return self

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> Any:
        widget = self.widget
        widget.field = self
        widget.depends_html = {
            param: form.add_prefix(other)
            for param, other in self.depends_on.items()
            if other in form.fields
        }
        widget.depends_html.update(self.depends_on_page)
        if self.url:
            widget.url = self.url
        elif self.source is not None:
            widget.url = reverse(self.source.url_name)
        elif hasattr(form, "autocomplete_url"):
            widget.url = form.autocomplete_url(field_name) or ""
        return super().get_bound_field(form, field_name)

    def choices_page(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The endpoint's answer for this field's own (scoped) queryset."""
        return self.lookup.page(self.queryset, params)

    def to_python(self, value: Any) -> Any:
        self.widget.candidates = []
        self.widget.resolved = None
        if not isinstance(value, TypedChoice):
            return super().to_python(value)
        if value.pick:
            return super().to_python(value.pick)
        if value.text is None:
            return super().to_python(value.pk)
        text = " ".join(value.text.split())
        if not text:
            return None
        if value.pk:
            chosen = super().to_python(value.pk)
            if (
                chosen is not None
                and self.label_from_instance(chosen).casefold() == text.casefold()
            ):
                return chosen
        match, candidates, more = self.lookup.resolve(self.queryset, text, value.filters)
        if match is not None:
            self.widget.resolved = match
            return match
        params = {"text": text[:80]}
        if not candidates:
            raise ValidationError(self.error_messages["not_found"], code="not_found", params=params)
        self.widget.candidates = [
            (str(obj.pk), self.label_from_instance(obj)) for obj in candidates
        ]
        self.widget.more_candidates = more
        raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params=params)

    def has_changed(self, initial: Any, data: Any) -> bool:
        if isinstance(data, TypedChoice):
            if data.pick:
                data = data.pick
            elif data.text is not None and not data.text.strip():
                data = ""
            else:
                data = data.pk
        return super().has_changed(initial, data)

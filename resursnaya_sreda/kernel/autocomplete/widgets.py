"""The search-as-you-type widget: a text input, a hidden id, and a list filled as one types.

Without JavaScript it is a plain text field: the person types a name and sends the form; the
field finds the record on the server, or offers the matches as radio buttons to pick from
(see fields.py). With JavaScript, kernel/autocomplete.js turns the text input into an ARIA
combobox (WAI-ARIA Authoring Practices, «editable combobox with list autocomplete»): the list
is fetched from the endpoint as one types, arrows move through it, Enter chooses, Escape
closes, and a polite live region says how many were found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

#: Suffixes of the extra names one field sends: the typed text and a pick among matches.
SEARCH_SUFFIX = "__search"
PICK_SUFFIX = "__pick"


@dataclass(frozen=True)
class TypedChoice:
    """What the browser sent for one field: the id (if chosen), the text, a pick, the filters.

    ``text`` is None when the data carries no text at all — a stored document's parameters, a
    test posting ids — and then the id alone counts.
    """

    pk: str = ""
    text: str | None = None
    pick: str = ""
    filters: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.pick or self.pk


class AutocompleteWidget(forms.Widget):
    template_name = "kernel/widgets/autocomplete.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        #: Set per form by the field (fields.AutocompleteChoiceField.get_bound_field).
        self.field: Any = None
        self.url = ""
        self.depends_html: dict[str, str] = {}
        #: Matches to offer as radio buttons after typed text named several records.
        self.candidates: list[tuple[str, str]] = []
        self.more_candidates = False
        #: The record typed text was resolved to, shown as chosen when the form comes back.
        self.resolved: Any = None

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        text = data.get(name + SEARCH_SUFFIX)
        pick = data.get(name + PICK_SUFFIX) or ""
        pk = data.get(name)
        if text is None and not pick:
            return pk
        return TypedChoice(
            pk=str(pk or ""),
            text=str(text) if text is not None else None,
            pick=str(pick),
            filters={param: str(data.get(html) or "") for param, html in self.depends_html.items()},
        )

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and name + SEARCH_SUFFIX not in data

    def _label_for(self, pk: Any) -> tuple[str, str]:
        """(id, label) of the record ``pk`` if the field's (scoped) queryset holds it."""
        if self.field is None or pk in (None, ""):
            return "", ""
        try:
            obj = self.field.queryset.filter(pk=pk).first()
        except (ValueError, TypeError):
            obj = None
        if obj is None:
            return "", ""
        return str(obj.pk), self.field.label_from_instance(obj)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if self.resolved is not None and self.field is not None:
            pk, text = str(self.resolved.pk), self.field.label_from_instance(self.resolved)
        elif isinstance(value, TypedChoice):
            if value.text is None:
                pk, text = self._label_for(value.pick or value.pk)
            else:
                pk, text = value.pk, value.text
        elif isinstance(value, list | tuple):
            pk, text = self._label_for(value[0] if value else None)
        else:
            pk, text = self._label_for(value)
        widget = context["widget"]
        widget.update(
            {
                "value": pk,
                "text": text,
                "search_name": name + SEARCH_SUFFIX,
                "pick_name": name + PICK_SUFFIX,
                "url": self.url,
                "depends_json": json.dumps(self.depends_html),
                "candidates": self.candidates,
                "more_candidates": self.more_candidates,
                "hint": _("Начните вводить и выберите из списка."),
            }
        )
        return context

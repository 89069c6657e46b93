"""Several records chosen among many: the search-as-you-type field for a multiple choice.

Declared as :class:`AutocompleteChoiceField` is, with the scoped queryset and the endpoint the
page uses (``url=`` or ``source=``)::

    practices = AutocompleteMultipleChoiceField(
        label=_("Практики сюжета"),
        queryset=allowed_practices(site),
        lookup=PRACTICE_LOOKUP,
        url=reverse("videos:practice-choices", args=[site.pk]),
    )

What is chosen is a list of checked boxes named after the field, one per record, so the form
sends ``practices=5&practices=9`` as a multiple select would. With JavaScript each box is a
chip with a button that removes it (kernel/autocomplete.js), and a record picked from the list
becomes a new chip. Without JavaScript the boxes stay boxes — unchecking one removes it — and
the text field takes names to add, several separated by «;»: the server finds each, adds those
it is sure of and, for a name that fits several, offers the matches as boxes to tick, keeping
the text. A boxes-only fallback would have to list every record, which is what this field is
for avoiding; names separated by «;» cost nothing when there are many and read naturally.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.autocomplete.lookups import Lookup
from resursnaya_sreda.kernel.autocomplete.widgets import PICK_SUFFIX, SEARCH_SUFFIX

SEPARATOR = ";"


@dataclass(frozen=True)
class TypedChoices:
    """What the browser sent: the ids kept, the text typed, the matches ticked, the filters."""

    pks: tuple[str, ...] = ()
    text: str = ""
    picks: tuple[str, ...] = ()
    filters: dict[str, str] = field(default_factory=dict)


def _values(data: Any, key: str) -> list[Any]:
    if hasattr(data, "getlist"):
        return data.getlist(key)
    value = data.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


class AutocompleteMultipleWidget(forms.Widget):
    template_name = "kernel/widgets/autocomplete_multiple.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.field: Any = None
        self.url = ""
        self.depends_html: dict[str, str] = {}
        self.candidates: list[tuple[str, str]] = []
        self.more_candidates = False
        #: After a failed clean: the records already made out, and the text still unresolved.
        self.resolved_pks: list[str] | None = None
        self.leftover: str | None = None

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        pks = tuple(str(v) for v in _values(data, name))
        text = data.get(name + SEARCH_SUFFIX)
        picks = tuple(str(v) for v in _values(data, name + PICK_SUFFIX))
        if text is None and not picks:
            return list(pks)
        return TypedChoices(
            pks=pks,
            text=str(text or ""),
            picks=picks,
            filters={param: str(data.get(html) or "") for param, html in self.depends_html.items()},
        )

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # no box checked is a value: nothing chosen

    def _chosen(self, pks: list[str]) -> list[tuple[str, str]]:
        """(id, label) of the records ``pks`` the field's (scoped) queryset holds, in order."""
        wanted = [pk for pk in dict.fromkeys(str(p) for p in pks) if pk.isdigit()]
        if self.field is None or not wanted:
            return []
        found = {str(obj.pk): obj for obj in self.field.queryset.filter(pk__in=wanted)}
        return [(pk, self.field.label_from_instance(found[pk])) for pk in wanted if pk in found]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        text = ""
        if self.resolved_pks is not None:
            pks, text = self.resolved_pks, self.leftover or ""
        elif isinstance(value, TypedChoices):
            pks, text = [*value.pks, *value.picks], value.text
        else:
            pks = [getattr(v, "pk", v) for v in (value or [])]
        context["widget"].update(
            {
                "chosen": self._chosen(pks),
                "text": text,
                "search_name": name + SEARCH_SUFFIX,
                "pick_name": name + PICK_SUFFIX,
                "url": self.url,
                "depends_json": json.dumps(self.depends_html),
                "candidates": self.candidates,
                "more_candidates": self.more_candidates,
            }
        )
        return context


class AutocompleteMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = AutocompleteMultipleWidget
    default_error_messages = {
        "not_found": _("По запросу «%(text)s» ничего не найдено. Проверьте написание."),
        "ambiguous": _(
            "Под «%(text)s» подходит несколько вариантов. Отметьте нужные из найденных или "
            "уточните."
        ),
    }

    def __init__(
        self,
        queryset: Any = None,
        *,
        source: Any = None,
        lookup: Lookup | None = None,
        depends_on: Mapping[str, str] | None = None,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        if lookup is None and source is None:
            raise TypeError("AutocompleteMultipleChoiceField needs a source endpoint or a lookup")
        self.source = source
        self.lookup = lookup or source.lookup
        self.depends_on = dict(depends_on or {})
        self.url = url
        if queryset is None and source is not None:
            queryset = source.queryset_for(None)
        super().__init__(queryset, **kwargs)
        if not self.help_text:
            self.help_text = _(
                "Начните вводить название и выберите из списка; без списка — несколько "
                "названий через «;»."
            )

    def label_from_instance(self, obj: Any) -> str:
        return self.lookup.label(obj)

    def for_user(self, user: Any) -> AutocompleteMultipleChoiceField:
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
        if self.url:
            widget.url = self.url
        elif self.source is not None:
            widget.url = reverse(self.source.url_name)
        return super().get_bound_field(form, field_name)

    def clean(self, value: Any) -> Any:
        self.widget.candidates = []
        self.widget.resolved_pks = None
        self.widget.leftover = None
        if isinstance(value, TypedChoices):
            value = self._resolve(value)
        return super().clean(list(dict.fromkeys(str(v) for v in (value or []))))

    def _resolve(self, value: TypedChoices) -> list[str]:
        """The ids chosen, with each «;»-separated name of the text found; a name not found or
        fitting several is an error that keeps what was made out and the text left."""
        pks = [*value.pks, *value.picks]
        errors: list[ValidationError] = []
        left: list[str] = []
        for part in value.text.split(SEPARATOR):
            name = " ".join(part.split())
            if not name:
                continue
            match, candidates, more = self.lookup.resolve(self.queryset, name, value.filters)
            if match is not None:
                pks.append(str(match.pk))
                continue
            left.append(name)
            params = {"text": name[:80]}
            if not candidates:
                errors.append(
                    ValidationError(
                        self.error_messages["not_found"], code="not_found", params=params
                    )
                )
                continue
            self.widget.candidates += [
                (str(obj.pk), self.label_from_instance(obj))
                for obj in candidates
                if str(obj.pk) not in pks
            ]
            self.widget.more_candidates = self.widget.more_candidates or more
            errors.append(
                ValidationError(self.error_messages["ambiguous"], code="ambiguous", params=params)
            )
        if errors:
            self.widget.resolved_pks = pks
            self.widget.leftover = f"{SEPARATOR} ".join(left)
            raise ValidationError(errors)
        return pks

    def has_changed(self, initial: Any, data: Any) -> bool:
        if isinstance(data, TypedChoices):
            if data.text.strip() or data.picks:
                return True
            data = list(data.pks)
        return super().has_changed(initial, data)

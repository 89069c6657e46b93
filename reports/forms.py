"""The request form around each kind's own parameters form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.engine import Document


class FormatForm(forms.Form):
    """Which of the kind's formats to produce; prefixed so it never clashes with parameters."""

    format = forms.ChoiceField(label=_("Формат"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, kind: type[Document], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "out")
        super().__init__(*args, **kwargs)
        choices = [(fmt.value, fmt.label) for fmt in kind.formats]
        self.fields["format"].choices = choices
        self.fields["format"].initial = choices[0][0]
        if len(choices) == 1:
            self.fields["format"].widget = forms.HiddenInput()

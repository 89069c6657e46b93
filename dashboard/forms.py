from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.models import TaskMark

TASK_MARK_FIELDS = ("note",)


class TaskMarkForm(forms.ModelForm):
    class Meta:
        model = TaskMark
        fields = TASK_MARK_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"note": _("Что подтверждает выполнение")}


class FreezeForm(forms.Form):
    """«Зафиксировать отчёт за период»: the period and the site (all by default)."""

    starts_on = forms.DateField(
        label=_("Начало периода"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Конец периода"), widget=forms.DateInput(attrs={"type": "date"})
    )
    pilot_site = forms.ModelChoiceField(
        label=_("Площадка"), queryset=None, required=False, empty_label=_("Все площадки")
    )

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot_site"].queryset = sites

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Конец периода раньше его начала."))
        return cleaned

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.models import TaskMark
from dashboard.periods import Period

TASK_MARK_FIELDS = ("note",)


class TaskMarkForm(forms.ModelForm):
    class Meta:
        model = TaskMark
        fields = TASK_MARK_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"note": _("Что подтверждает выполнение")}


class FreezeForm(forms.Form):
    """«Зафиксировать отчёт за период»: a quarter or the programme so far (``periods``), or the
    coordinator's own dates, and the site (all by default)."""

    period = forms.ChoiceField(
        label=_("Период"),
        required=False,
        help_text=_("Квартал или вся программа по вчерашний день; или укажите свои даты."),
    )
    starts_on = forms.DateField(
        label=_("Начало периода"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ends_on = forms.DateField(
        label=_("Конец периода"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Если конец ещё не наступил, отчёт зафиксирует цифры на сегодня; после конца "
            "периода зафиксируйте его ещё раз — это будет следующая версия."
        ),
    )
    pilot_site = forms.ModelChoiceField(
        label=_("Площадка"), queryset=None, required=False, empty_label=_("Все площадки")
    )

    def __init__(
        self, *args: Any, sites: Any, periods: Sequence[Period] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.periods = {period.key: period for period in periods}
        self.fields["period"].choices = [("", _("Свои даты"))] + [
            (period.key, period.label) for period in periods
        ]
        self.fields["pilot_site"].queryset = sites

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        period = self.periods.get(cleaned.get("period") or "")
        if period is not None:
            if (starts_on or ends_on) and (starts_on, ends_on) != (
                period.starts_on,
                period.ends_on,
            ):
                self.add_error(
                    "period",
                    _(
                        "Выбран период «%(p)s», а даты указаны другие. Оставьте что-то одно: "
                        "период или свои даты."
                    )
                    % {"p": period.label},
                )
                return cleaned
            cleaned["starts_on"], cleaned["ends_on"] = period.starts_on, period.ends_on
            return cleaned
        if "starts_on" in cleaned and starts_on is None:
            self.add_error("starts_on", _("Укажите начало периода или выберите период выше."))
        if "ends_on" in cleaned and ends_on is None:
            self.add_error("ends_on", _("Укажите конец периода или выберите период выше."))
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Конец периода раньше его начала."))
        return cleaned

"""Forms of step 4. Services check the rules; forms only shape and parse input.

The choice of a story's practices is made in one place, ``practice_field()``: a search among
the practices in scope (the site's step-3 practices and its region's best practices, which grow
with the programme) through the kernel's multiple-choice field and ``videos:practice-choices``.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.autocomplete import AutocompleteMultipleChoiceField, Lookup
from resursnaya_sreda.kernel.models import PilotSite
from resursnaya_sreda.kernel.uploads import SCANS, PortalFileField
from videos.models import (
    WEEKDAYS,
    ChannelRules,
    FilmingPartner,
    OnScreenPerson,
    Platform,
    Specification,
)
from videos.models.specifications import SCRIPT_KINDS, SCRIPT_MAX_SIZE
from videos.models.stories import SCAN_MAX_SIZE
from videos.services.specifications import SPEC_FIELDS
from videos.services.stories import allowed_practices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def practice_label(questionnaire: Any) -> str:
    return f"{questionnaire.title} — {questionnaire.organisation}"


STORY_PRACTICE_LOOKUP = Lookup(
    search_fields=("title", "organisation__name", "organisation__short_name"),
    search_pk=True,
    label=practice_label,
)


def practice_field(site: PilotSite, *, limit: int) -> AutocompleteMultipleChoiceField:
    """The one place that offers a story's practices (see the module docstring)."""
    return AutocompleteMultipleChoiceField(
        label=_("Практики сюжета"),
        queryset=allowed_practices(site),
        lookup=STORY_PRACTICE_LOOKUP,
        url=reverse("videos:practice-choices", args=[site.pk]),
        help_text=_(
            "Практики площадки, отобранные на шаге 3, и лучшие практики региона; по программе "
            "в сюжете — %(n)s. Начните вводить название и выберите из списка; без списка — "
            "несколько названий через «;»."
        )
        % {"n": limit},
        error_messages={"invalid_choice": _("Эта практика не относится к площадке.")},
    )


class SpecificationForm(forms.ModelForm):
    sample_script_upload = PortalFileField(
        label=_("Примерный сценарий (файл)"),
        kinds=SCRIPT_KINDS,
        max_size=SCRIPT_MAX_SIZE,
        required=False,
    )

    class Meta:
        model = Specification
        fields = list(SPEC_FIELDS)
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=255)
    synopsis = forms.CharField(
        label=_("О чём сюжет"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    script_text = forms.CharField(
        label=_("Сценарий"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Текстом или файлом ниже; примерный сценарий — в технических требованиях."),
    )
    script_file = PortalFileField(
        label=_("Файл сценария"), kinds=SCRIPT_KINDS, max_size=SCRIPT_MAX_SIZE, required=False
    )

    def __init__(self, *args: Any, site: PilotSite, limit: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practices"] = practice_field(site, limit=limit)


class StoryCreateForm(StoryForm):
    """The federal centre chooses the site; regional staff create for their own."""


def site_choice_field(queryset: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Пилотная площадка"), queryset=queryset, empty_label=_("— выберите —")
    )


class SiteForm(forms.Form):
    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot_site"] = site_choice_field(sites)


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Сообщение площадке"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PartnerForm(forms.ModelForm):
    agreement_upload = PortalFileField(
        label=_("Скан соглашения"), kinds=SCANS, max_size=SCAN_MAX_SIZE, required=False
    )

    class Meta:
        model = FilmingPartner
        fields = ["name", "role", "contact"]


class PersonForm(forms.ModelForm):
    release_upload = PortalFileField(
        label=_("Скан согласия на съёмку"), kinds=SCANS, max_size=SCAN_MAX_SIZE, required=False
    )

    class Meta:
        model = OnScreenPerson
        fields = ["full_name", "role"]


class ReleaseForm(forms.Form):
    release_upload = PortalFileField(
        label=_("Скан согласия на съёмку"), kinds=SCANS, max_size=SCAN_MAX_SIZE
    )


PREFERENCE_ROWS = 3
RESERVED_LINE = re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{4})\s*(?:[-—–]\s*(.*))?$")
AVOID_ROWS = 2


class ProposalForm(forms.Form):
    """Readiness, up to three preferred periods in order and two periods the site cannot do."""

    ready_on = forms.DateField(label=_("Монтаж будет готов"), widget=DateInput)
    note = forms.CharField(label=_("Комментарий"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, PREFERENCE_ROWS + 1):
            self.fields[f"prefer_{i}_start"] = forms.DateField(
                label=_("%(n)s-й выбор: с") % {"n": i}, required=False, widget=DateInput
            )
            self.fields[f"prefer_{i}_end"] = forms.DateField(
                label=_("по"), required=False, widget=DateInput
            )
        for i in range(1, AVOID_ROWS + 1):
            self.fields[f"avoid_{i}_start"] = forms.DateField(
                label=_("Нельзя: с"), required=False, widget=DateInput
            )
            self.fields[f"avoid_{i}_end"] = forms.DateField(
                label=_("по"), required=False, widget=DateInput
            )

    @staticmethod
    def initial_for(proposal: Any) -> dict[str, Any]:
        if proposal is None:
            return {}
        initial: dict[str, Any] = {"ready_on": proposal.ready_on, "note": proposal.note}
        prefer = [p for p in proposal.periods.all() if p.kind == "prefer"]
        avoid = [p for p in proposal.periods.all() if p.kind == "avoid"]
        for i, period in enumerate(sorted(prefer, key=lambda p: p.rank)[:PREFERENCE_ROWS], 1):
            initial[f"prefer_{i}_start"] = period.starts_on
            initial[f"prefer_{i}_end"] = period.ends_on
        for i, period in enumerate(avoid[:AVOID_ROWS], 1):
            initial[f"avoid_{i}_start"] = period.starts_on
            initial[f"avoid_{i}_end"] = period.ends_on
        return initial

    def periods(self, kind: str, rows: int) -> list[tuple[Any, Any]]:
        data = self.cleaned_data
        return [
            (data.get(f"{kind}_{i}_start"), data.get(f"{kind}_{i}_end")) for i in range(1, rows + 1)
        ]


class LinksForm(forms.Form):
    youtube = forms.CharField(label="YouTube", required=False, max_length=500)
    vk = forms.CharField(label=_("VK Видео"), required=False, max_length=500)
    rutube = forms.CharField(label="Rutube", required=False, max_length=500)

    PLATFORM_FIELDS = {Platform.YOUTUBE: "youtube", Platform.VK: "vk", Platform.RUTUBE: "rutube"}


class RulesForm(forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Дни выпуска"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    reserved_text = forms.CharField(
        label=_("Занятые даты"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("По одной на строку: «ДД.ММ.ГГГГ — что в этот день»."),
    )

    class Meta:
        model = ChannelRules
        fields = [
            "window_start",
            "window_end",
            "releases_per_day",
            "min_gap_days",
            "review_days",
            "site_spacing_days",
        ]
        widgets = {"window_start": DateInput, "window_end": DateInput}

    def clean_reserved_text(self) -> list[tuple[datetime.date, str]]:
        result = []
        for number, line in enumerate(self.cleaned_data["reserved_text"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            found = RESERVED_LINE.match(line)
            day = None
            if found:
                d, m, y = (int(part) for part in found.group(1).split("."))
                try:
                    day = datetime.date(y, m, d)
                except ValueError:
                    day = None
            if day is None:
                raise forms.ValidationError(
                    _("Строка %(n)s: дата должна быть в виде ДД.ММ.ГГГГ.") % {"n": number}
                )
            result.append((day, (found.group(2) or "").strip()))
        return result

    @staticmethod
    def reserved_initial(rules: ChannelRules) -> str:
        return "\n".join(f"{r.date:%d.%m.%Y} — {r.note}".rstrip(" —") for r in rules.reserved.all())


class PinForm(forms.Form):
    release_on = forms.DateField(label=_("Закрепить на дату"), required=False, widget=DateInput)

"""Forms of the practices app on the site.

The questionnaire's: one per section, built from ``sections.py``; nothing required. Required
answers are checked only when the questionnaire is submitted (``completeness.py``): a draft
takes whatever has been typed so far. Format checks (an e-mail, a number, a link) do apply; a
field that fails one keeps its text in the form and is not saved until corrected.

Step 3's, at the end: proposing a pilot site's practice and a line of its support log.
"""

from __future__ import annotations

import decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.models import fields_for_model, model_to_dict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from practices import selectors
from practices.completeness import media_link_errors, phone_is_plausible
from practices.models import (
    ATTACHMENT_KINDS,
    ATTACHMENT_MAX_SIZE,
    MAX_PEOPLE_REACHED,
    Direction,
    ExtraQuestion,
    QuestionKind,
    Questionnaire,
    QuestionnaireState,
    ReturnReason,
    SupportEntry,
)
from practices.sections import Section
from resursnaya_sreda.kernel.autocomplete import AutocompleteChoiceField, Lookup
from resursnaya_sreda.kernel.autocomplete.endpoints import StaffMunicipalityChoices
from resursnaya_sreda.kernel.models import Municipality, Organisation, PilotSite
from resursnaya_sreda.kernel.uploads import PortalFileField

TEXTAREA_ROWS = 5


class SectionForm(forms.Form):
    """The fields of one section, filled from the questionnaire."""

    def __init__(
        self, *args: Any, questionnaire: Questionnaire, section: Section, **kwargs: Any
    ) -> None:
        self.questionnaire = questionnaire
        self.section = section
        names = [name for name in section.fields if name != "municipality"]
        kwargs.setdefault("initial", model_to_dict(questionnaire, fields=names))
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Questionnaire, fields=names))
        # The order of the section, with the municipality typed rather than picked.
        if "municipality" in section.fields:
            self.fields["municipality_name"] = forms.CharField(
                label=_("Муниципальное образование, где реализуется практика"),
                max_length=255,
                required=False,
                help_text=_(
                    "Начните вводить и выберите из списка; если вашего нет — впишите полностью."
                ),
                widget=forms.TextInput(attrs={"list": "municipality-options"}),
            )
            self.initial.setdefault(
                "municipality_name",
                questionnaire.municipality.name if questionnaire.municipality_id else "",
            )
        order = ["municipality_name" if name == "municipality" else name for name in section.fields]
        self.order_fields(order)
        required = {
            "municipality_name" if name == "municipality" else name for name in section.required
        }
        for name, field in self.fields.items():
            field.required = False
            self._tune(name, field)
            if name in required:
                # Marked as the extra questions are: needed to submit, not to save a draft.
                field.label = f"{field.label} *"

    def _tune(self, name: str, field: forms.Field) -> None:
        if name == "direction":
            current = self.questionnaire.direction_id
            field.queryset = Direction.objects.filter(is_active=True) | Direction.objects.filter(
                pk=current or 0
            )
            field.empty_label = _("— выберите направление —")
        if isinstance(field.widget, forms.Textarea):
            limit = field.max_length
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs.update({"rows": TEXTAREA_ROWS, "data-maxlength": limit})
        elif isinstance(field, forms.CharField) and field.max_length:
            # No maxlength attribute: a browser silently cuts pasted text, we warn instead.
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["data-maxlength"] = field.max_length
        if isinstance(field, forms.IntegerField):
            # Every number checks its range here, so it is an error beside the field, never
            # a refusal from the model when the draft is saved.
            field.validators += [
                validator
                for validator in Questionnaire._meta.get_field(name).validators
                if isinstance(validator, MinValueValidator | MaxValueValidator)
            ]
            field.validators.append(MinValueValidator(0))
        if name == "people_reached":
            field.widget.attrs.update({"min": 0, "max": MAX_PEOPLE_REACHED, "inputmode": "numeric"})
        if name == "contact_phone":
            field.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})
        if name == "contact_email":
            field.widget.attrs["autocomplete"] = "email"
        if name == "contact_name":
            field.widget.attrs["autocomplete"] = "name"
        if name == "media_links":
            field.widget.attrs["placeholder"] = "https://…"

    # Format checks. A blank answer is fine in a draft.
    def clean_contact_phone(self) -> str:
        value = (self.cleaned_data.get("contact_phone") or "").strip()
        if value and not phone_is_plausible(value):
            raise forms.ValidationError(
                _("Укажите телефон с кодом города: от 10 до 15 цифр, например +7 843 123-45-67.")
            )
        return value

    def clean_media_links(self) -> str:
        value = self.cleaned_data.get("media_links") or ""
        wrong = media_link_errors(value)
        if wrong:
            raise forms.ValidationError(
                _("Это не адреса страниц (нужно http:// или https://): %(lines)s"),
                params={"lines": ", ".join(line[:80] for line in wrong[:3])},
            )
        return "\n".join(line.strip() for line in value.splitlines() if line.strip())

    def clean_municipality_name(self) -> str:
        return " ".join((self.cleaned_data.get("municipality_name") or "").split())

    def changes(self) -> dict[str, Any]:
        """The values that passed their checks, ready for ``questionnaire_save_draft``.

        Fields with errors are left out, so the rest of the section is still saved.
        """
        data = getattr(self, "cleaned_data", {})
        changes: dict[str, Any] = {}
        for name, value in data.items():
            if name not in self.fields or name in self.errors:
                continue
            # A field the request did not carry is left alone (a truncated or scripted post
            # must not blank answers). A checkbox is absent when unticked, so it always counts.
            if name not in self.data and not isinstance(self.fields[name], forms.BooleanField):
                continue
            if isinstance(value, str):
                value = value.strip() if name not in {"media_links"} else value
            changes[name] = value
        return changes

    def municipality_options(self) -> list[str]:
        return list(
            Municipality.objects.filter(region_id=self.questionnaire.organisation.region_id)
            .order_by("name")
            .values_list("name", flat=True)
        )


def extra_field(question: ExtraQuestion) -> forms.Field:
    """The form field for one extra question; its kind decides the checks."""
    common: dict[str, Any] = {
        "label": question.text,
        "help_text": question.help_text,
        "required": False,
    }
    if question.kind == QuestionKind.NUMBER:
        return forms.DecimalField(max_digits=18, decimal_places=2, **common)
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            choices=[("", _("— выберите —"))] + [(c, c) for c in question.choice_list], **common
        )
    if question.kind == QuestionKind.FILE:
        from practices.uploads import answer_file_field

        return answer_file_field(**common)
    return forms.CharField(
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "data-maxlength": 4000}),
        **common,
    )


class ExtraQuestionsForm(forms.Form):
    """The programme's extra questions, one field each, named ``extra_<id>``."""

    def __init__(
        self,
        *args: Any,
        questionnaire: Questionnaire,
        questions: list[ExtraQuestion],
        answers: dict[int, Any],
        **kwargs: Any,
    ) -> None:
        self.questionnaire = questionnaire
        self.questions = questions
        self.answers = answers
        initial = {}
        for question in questions:
            answer = answers.get(question.pk)
            if answer is None:
                continue
            if question.kind == QuestionKind.NUMBER:
                initial[question.anchor] = answer.number
            elif question.kind != QuestionKind.FILE:
                initial[question.anchor] = answer.text
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question.anchor] = extra_field(question)
            if question.kind == QuestionKind.FILE:
                self.fields[f"{question.anchor}_clear"] = forms.BooleanField(
                    label=_("Удалить приложенный файл"), required=False
                )
            field = self.fields[question.anchor]
            field.widget.attrs.pop("maxlength", None)
            if question.is_required:
                field.label = f"{question.text} *"
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def attached_files(self) -> list[tuple[ExtraQuestion, Any]]:
        return [
            (question, self.answers[question.pk])
            for question in self.questions
            if question.pk in self.answers and self.answers[question.pk].file
        ]

    def answers_to_save(self) -> dict[int, Any]:
        """Valid answers keyed by question id: text, Decimal, an upload, False to clear."""
        data = getattr(self, "cleaned_data", {})
        result: dict[int, Any] = {}
        for question in self.questions:
            name = question.anchor
            if name in self.errors or name not in data:
                continue
            value = data[name]
            if question.kind == QuestionKind.FILE:
                if data.get(f"{name}_clear"):
                    result[question.pk] = False
                elif value:
                    result[question.pk] = value
                continue
            if question.kind == QuestionKind.NUMBER and isinstance(value, decimal.Decimal):
                result[question.pk] = value
                continue
            result[question.pk] = "" if value is None else value
        return result


class AttachmentForm(forms.Form):
    """One file at a time: the old laptop on a slow line uploads what it can."""

    caption = forms.CharField(
        label=_("Подпись"),
        max_length=255,
        required=False,
        help_text=_("Например: «Фестиваль национальных культур, 2019»."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from practices.uploads import attachment_file_field

        super().__init__(*args, **kwargs)
        self.fields["file"] = attachment_file_field(
            help_text=_(
                "Фотография (JPEG, PNG, WebP), документ или презентация (PDF, DOCX, PPTX, ODT, "
                "ODP, XLSX), не более 20 МБ."
            )
        )
        self.order_fields(["file", "caption"])


class CreateForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Организация"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ReturnForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Причина"), choices=ReturnReason.choices, initial=ReturnReason.REVISION
    )
    message = forms.CharField(
        label=_("Сообщение заявителю"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "data-maxlength": 4000}),
        help_text=_(
            "Что исправить или дополнить. Заявитель увидит это сообщение и получит письмо."
        ),
        error_messages={"required": _("Напишите, что нужно исправить.")},
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Комментарий для сотрудников"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "data-maxlength": 4000}),
        help_text=_("Заявитель комментарии не видит."),
        error_messages={"required": _("Комментарий пуст.")},
    )


class WithdrawForm(forms.Form):
    message = forms.CharField(
        label=_("Причина (необязательно)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), max_length=200, required=False)
    state = forms.ChoiceField(
        label=_("Состояние"),
        required=False,
        choices=[("", _("Все"))]
        + [(value, label) for value, label in QuestionnaireState.choices if value != "draft"],
    )
    region = forms.TypedChoiceField(label=_("Регион"), required=False, coerce=int, empty_value=None)
    # ~890 municipalities nationally: searched as one types, within the chosen region.
    municipality = AutocompleteChoiceField(
        label=_("Муниципальное образование"),
        source=StaffMunicipalityChoices,
        depends_on={"region": "region"},
        required=False,
        help_text=_("Начните вводить название."),
    )
    direction = forms.TypedChoiceField(
        label=_("Направление"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, options: dict[str, Any], user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = [("", _("Все"))] + [
            (d.pk, d.name) for d in options["directions"]
        ]
        self.fields["municipality"].for_user(user)
        if options["regions"]:
            self.fields["region"].choices = [("", _("Все"))] + [
                (r.pk, r.name) for r in options["regions"]
            ]
        else:
            del self.fields["region"]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск по словам"), max_length=200, required=False)
    region = forms.TypedChoiceField(label=_("Регион"), required=False, coerce=int, empty_value=None)
    direction = forms.TypedChoiceField(
        label=_("Направление"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, options: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Все регионы"))] + [
            (r.pk, r.name) for r in options["regions"]
        ]
        self.fields["direction"].choices = [("", _("Все направления"))] + [
            (d.pk, d.name) for d in options["directions"]
        ]


# --- Step 3: a pilot site's two practices -------------------------------------------------------


def proposable_label(questionnaire: Questionnaire) -> str:
    return f"№ {questionnaire.pk}: {questionnaire.display_title} — {questionnaire.organisation}"


PROPOSABLE_LOOKUP = Lookup(
    search_fields=("title", "organisation__name", "organisation__short_name"),
    search_pk=True,
    label=proposable_label,
)


class ProposeForm(forms.Form):
    """One of the region's submitted questionnaires, which grow with the programme: a search
    served by ``practices:pilot-site-choices`` from the same selector."""

    def __init__(self, *args: Any, site: PilotSite, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the site's own region's submitted questionnaires are offered; the service
        # checks again, so a forged id from another region is refused too.
        self.fields["questionnaire"] = AutocompleteChoiceField(
            label=_("Практика региона"),
            queryset=selectors.proposable_questionnaires(site),
            lookup=PROPOSABLE_LOOKUP,
            url=reverse("practices:pilot-site-choices", args=[site.pk]),
            help_text=_("Название практики, организации или номер анкеты."),
            error_messages={
                "invalid_choice": _("Выберите поданную анкету своего региона."),
                "required": _("Выберите практику."),
            },
        )


class SupportForm(forms.ModelForm):
    upload = PortalFileField(
        label=_("Файл"),
        kinds=ATTACHMENT_KINDS,
        max_size=ATTACHMENT_MAX_SIZE,
        required=False,
        help_text=_("Необязательно: фото, PDF или документ, до 20 МБ."),
    )

    class Meta:
        model = SupportEntry
        fields = ["date", "kind", "text"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 2}),
        }

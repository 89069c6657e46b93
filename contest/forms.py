"""Forms of the contest and the collection. Nothing is required in an entry's draft: the
submission check lists what is missing."""

from __future__ import annotations

import decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.models import (
    PLACED_RESULTS,
    AttachmentRequirement,
    Chapter,
    CheckItem,
    Consent,
    Edition,
    Entry,
    EntryQuestion,
    EntryState,
    Nomination,
    Result,
)
from practices.models import Questionnaire
from resursnaya_sreda.kernel.autocomplete import AutocompleteMultipleChoiceField, Lookup
from resursnaya_sreda.kernel.questions import QuestionKind, question_field
from resursnaya_sreda.kernel.uploads import MB, SCANS, PortalFileField


def practice_field(queryset: Any, **kwargs: Any) -> forms.ModelChoiceField:
    """The one place a practice is picked. A plain select of the few selected practices the
    user may enter (two per site and the best practices); becomes a search-as-you-type field
    when the shared widget lands."""
    field = forms.ModelChoiceField(
        queryset=queryset,
        error_messages={
            "invalid_choice": _(
                "Выберите отобранную практику: одну из двух практик площадки или лучшую "
                "практику по решению комиссии."
            ),
            "required": _("Выберите практику."),
        },
        **kwargs,
    )
    field.label_from_instance = lambda q: f"{q.title} — {q.organisation}, {q.organisation.region}"
    return field


class StartForm(forms.Form):
    def __init__(self, *args: Any, practices: Any, nominations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"] = practice_field(practices, label=_("Практика"))
        self.fields["nomination"] = forms.ModelChoiceField(
            label=_("Номинация"),
            queryset=nominations,
            empty_label=None,
            error_messages={"invalid_choice": _("Выберите номинацию этого конкурса.")},
        )
        special = next((n for n in nominations if n.is_special), None)
        if special is not None:
            self.fields["nomination"].initial = special.pk
        self.fields["nomination"].label_from_instance = lambda n: (
            f"{n.title} ★" if n.is_special else n.title
        )


class EntryForm(forms.Form):
    """The entry's own fields and the organiser's questions (``q-<id>``)."""

    title = forms.CharField(label=_("Название практики *"), max_length=255, required=False)
    contact_name = forms.CharField(
        label=_("Руководитель практики (ФИО) *"), max_length=255, required=False
    )
    contact_position = forms.CharField(label=_("Должность"), max_length=255, required=False)
    contact_phone = forms.CharField(label=_("Телефон *"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("E-mail *"), required=False)

    CORE = ("title", "contact_name", "contact_position", "contact_phone", "contact_email")

    def __init__(
        self,
        *args: Any,
        entry: Entry,
        questions: list[EntryQuestion],
        answers: dict[int, Any],
        **kwargs: Any,
    ) -> None:
        self.entry = entry
        self.questions = questions
        initial = {name: getattr(entry, name) for name in self.CORE}
        for question in questions:
            answer = answers.get(question.pk)
            if answer is not None:
                value = answer.number if question.kind == QuestionKind.NUMBER else answer.text
                if isinstance(value, decimal.Decimal) and value == value.to_integral_value():
                    value = int(value)  # 450, not 450.00
                initial[question.anchor] = value
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for question in questions:
            field = question_field(question)
            if question.source:
                field.help_text = (f"{question.help_text} " if question.help_text else "") + str(
                    _("Заполнено из анкеты практики; изменения здесь анкету не меняют.")
                )
            self.fields[question.anchor] = field
        self.fields["title"].widget.attrs["data-maxlength"] = 255
        self.fields["contact_phone"].widget.attrs.update({"inputmode": "tel"})

    def changes(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return {
            name: data[name] or ""
            for name in self.CORE
            if name in data and name not in self.errors and name in self.data
        }

    def answers(self) -> dict[int, Any]:
        data = getattr(self, "cleaned_data", {})
        result: dict[int, Any] = {}
        for question in self.questions:
            name = question.anchor
            if name in self.errors or name not in data or name not in self.data:
                continue
            value = data[name]
            if question.kind == QuestionKind.NUMBER and isinstance(value, decimal.Decimal):
                result[question.pk] = value
            else:
                result[question.pk] = "" if value is None else value
        return result


class AttachmentForm(forms.Form):
    """One file for one requirement, with the organiser's types and size limit."""

    def __init__(self, *args: Any, requirement: AttachmentRequirement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requirement = requirement
        self.fields["file"] = PortalFileField(
            label=_("Файл"), kinds=requirement.file_kinds, max_size=requirement.max_size
        )


class CheckForm(forms.Form):
    item = forms.ChoiceField(choices=CheckItem.choices)
    passed = forms.BooleanField(required=False)
    note = forms.CharField(label=_("Примечание"), max_length=500, required=False)


class CommentForm(forms.Form):
    field = forms.ChoiceField(label=_("К какому полю"), required=False)
    text = forms.CharField(
        label=_("Замечание"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "data-maxlength": 2000}),
        error_messages={"required": _("Напишите замечание.")},
    )

    def __init__(self, *args: Any, keys: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = list(keys.items())


class ReturnForm(forms.Form):
    message = forms.CharField(
        label=_("Сообщение заявителю"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "data-maxlength": 4000}),
        help_text=_("Что исправить. Заявитель увидит его и замечания у полей, и получит письмо."),
        error_messages={"required": _("Напишите заявителю, что исправить.")},
    )


class SentForm(forms.Form):
    sent_on = forms.DateField(
        label=_("Дата отправки организатору"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Укажите дату отправки."),
            "invalid": _("Дата в формате ДД.ММ.ГГГГ."),
        },
    )
    organiser_number = forms.CharField(
        label=_("Регистрационный номер у организатора"),
        max_length=64,
        required=False,
        help_text=_("Если номера ещё нет, его можно записать позже."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = timezone.localdate()


class ResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Итог"),
        choices=[("", "—"), *Result.choices],
        error_messages={"required": _("Выберите итог.")},
    )
    place = forms.TypedChoiceField(
        label=_("Место"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), (1, "1"), (2, "2"), (3, "3")],
        help_text=_("Для победителя и призёра."),
    )
    diploma = PortalFileField(
        label=_("Скан диплома"), kinds=SCANS, max_size=20 * MB, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("result") in PLACED_RESULTS and not data.get("place"):
            self.add_error("place", _("Укажите место победителя или призёра."))
        return data


class FilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Состояние"), required=False, choices=[("", _("Все")), *EntryState.choices]
    )
    nomination = forms.TypedChoiceField(
        label=_("Номинация"), required=False, coerce=int, empty_value=None
    )
    region = forms.TypedChoiceField(label=_("Регион"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, options: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [("", _("Все"))] + [
            (n.pk, n.title) for n in options["nominations"]
        ]
        if options["regions"]:
            self.fields["region"].choices = [("", _("Все"))] + [
                (r.pk, r.name) for r in options["regions"]
            ]
        else:
            del self.fields["region"]


# --- The collection ---------------------------------------------------------------------------


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["title", "subtitle", "foreword", "how_to_use", "grouping", "page_size"]
        widgets = {
            "foreword": forms.Textarea(attrs={"rows": 6}),
            "how_to_use": forms.Textarea(attrs={"rows": 4}),
        }


def candidate_label(questionnaire: Any) -> str:
    organisation = questionnaire.organisation
    results = "".join(
        f" · {e.result_display} ({e.nomination})" for e in getattr(questionnaire, "results", [])
    )
    return f"{questionnaire.title} — {organisation}, {organisation.region}{results}"


CANDIDATE_LOOKUP = Lookup(
    search_fields=(
        "title",
        "organisation__name",
        "organisation__short_name",
        "organisation__region__name",
    ),
    search_pk=True,
    label=candidate_label,
)


class AddChaptersForm(forms.Form):
    """The practices to make chapters of: contest results and best practices of every region,
    which grow with the programme — a search (``collection:edition-practice-choices``)."""

    def __init__(self, *args: Any, candidates: Any, edition: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practices"] = AutocompleteMultipleChoiceField(
            label=_("Практики"),
            queryset=candidates,
            lookup=CANDIDATE_LOOKUP,
            url=reverse("collection:edition-practice-choices", args=[edition.pk]),
            error_messages={"required": _("Выберите хотя бы одну практику.")},
        )


class ChapterForm(forms.ModelForm):
    class Meta:
        model = Chapter
        fields = [
            "title",
            "award",
            "lead",
            "problem",
            "actions",
            "results",
            "partners",
            "replication",
            "contact",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ["lead", "problem", "actions", "results", "partners", "replication"]
        }
        widgets["contact"] = forms.Textarea(attrs={"rows": 3})


class ChapterApprovalForm(forms.Form):
    contact_agreed = forms.BooleanField(
        label=_("Согласны опубликовать контакты организации, указанные в главе"), required=False
    )

    def __init__(self, *args: Any, photos: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.photos = photos
        for photo in photos:
            self.fields[f"photo_{photo.pk}"] = forms.ChoiceField(
                label=photo.caption or _("Фотография без подписи"),
                choices=[
                    (Consent.YES, _("Люди на фото согласны на публикацию")),
                    (Consent.NO, _("Согласия нет — не публиковать")),
                ],
                initial=photo.consent or Consent.NO,
                widget=forms.RadioSelect,
            )

    def consents(self) -> dict[int, str]:
        return {photo.pk: self.cleaned_data[f"photo_{photo.pk}"] for photo in self.photos}


class ChangesForm(forms.Form):
    message = forms.CharField(
        label=_("Что исправить"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Напишите, что исправить в главе.")},
    )


__all__ = ["Nomination", "Questionnaire"]

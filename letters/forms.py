"""Forms of the letters pages; model forms use the same field lists as the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from letters.models import (
    Addressee,
    AddresseeKind,
    CampaignEntry,
    Letterhead,
    LetterKind,
    LetterTemplate,
    ReplyDecision,
)
from letters.rendering import MERGE_FIELDS
from letters.services import ADDRESSEE_FIELDS, CAMPAIGN_FIELDS, LETTERHEAD_FIELDS, TEMPLATE_FIELDS
from resursnaya_sreda.kernel.autocomplete import AutocompleteChoiceField
from resursnaya_sreda.kernel.autocomplete.endpoints import StaffMunicipalityChoices
from resursnaya_sreda.kernel.models import Municipality, Region
from resursnaya_sreda.kernel.uploads import IMAGES, MB, SCANS, PortalFileField, PortalImageField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AddresseeForm(forms.ModelForm):
    municipality = AutocompleteChoiceField(
        label=_("Муниципальное образование"),
        source=StaffMunicipalityChoices,
        queryset=Municipality.objects.select_related("region"),
        required=False,
        help_text=_("Начните вводить название."),
    )

    class Meta:
        model = Addressee
        fields = list(ADDRESSEE_FIELDS)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Таблица адресатов (.xlsx или .csv)"),
        help_text=_(
            "Первая строка — заголовки: Вид, Организация, Муниципальное образование, Контактное "
            "лицо, Должность, Адрес, E-mail, Телефон, Основание, Источник."
        ),
    )


class RegionChoiceMixin:
    def region_field(self, regions: list[Region]) -> forms.ModelChoiceField:
        return forms.ModelChoiceField(
            label=_("Регион"),
            queryset=Region.objects.filter(pk__in=[r.pk for r in regions]),
            required=len(regions) > 1,
            empty_label=_("— выберите регион —"),
        )


class TemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = list(TEMPLATE_FIELDS)
        widgets = {
            "body": forms.Textarea(attrs={"rows": 16, "class": "font-monospace"}),
            "cover_text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "body": _(
                "Обычный текст; абзацы разделяйте пустой строкой. Поля пишутся в двойных "
                "фигурных скобках, например {{ адресат }}; список полей — справа."
            )
        }


class LetterheadForm(forms.ModelForm):
    logo_file = PortalImageField(label=_("Логотип"), kinds=IMAGES, max_size=2 * MB, required=False)
    signature_file = PortalImageField(
        label=_("Скан подписи"), kinds=IMAGES, max_size=2 * MB, required=False
    )

    class Meta:
        model = Letterhead
        fields = list(LETTERHEAD_FIELDS)
        widgets = {"requisites": forms.Textarea(attrs={"rows": 4})}


class MailingFilterForm(forms.Form):
    """Whom an information, media or partner letter goes to."""

    kind = forms.ChoiceField(
        label=_("Письмо"),
        choices=[
            (LetterKind.INFORMATION, LetterKind.INFORMATION.label),
            (LetterKind.MEDIA_PARTNER, LetterKind.MEDIA_PARTNER.label),
            (LetterKind.THANKS, LetterKind.THANKS.label),
        ],
    )
    addressee_kind = forms.ChoiceField(
        label=_("Адресаты"),
        choices=[("", _("все виды")), *AddresseeKind.choices],
        required=False,
    )
    municipality = AutocompleteChoiceField(
        label=_("Муниципальное образование"),
        source=StaffMunicipalityChoices,
        queryset=Municipality.objects.select_related("region"),
        required=False,
    )
    letterhead = forms.ModelChoiceField(label=_("Бланк отправителя"), queryset=Letterhead.objects)
    title = forms.CharField(
        label=_("Название рассылки"), max_length=255, help_text=_("Для журнала и отчёта.")
    )

    def __init__(self, *args: Any, letterheads: list[Letterhead], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letterhead"].queryset = Letterhead.objects.filter(
            pk__in=[letterhead.pk for letterhead in letterheads]
        ).select_related("pilot_site__region")
        if len(letterheads) == 1:
            self.fields["letterhead"].initial = letterheads[0].pk


class EventMailingForm(forms.Form):
    """A seminar letter (to the chosen administration) or a round table's invitations."""

    letterhead = forms.ModelChoiceField(label=_("Бланк отправителя"), queryset=Letterhead.objects)
    addressee = forms.ModelChoiceField(
        label=_("Администрация"), queryset=Addressee.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        letterheads: list[Letterhead],
        addressees: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letterhead"].queryset = Letterhead.objects.filter(
            pk__in=[letterhead.pk for letterhead in letterheads]
        )
        if len(letterheads) == 1:
            self.fields["letterhead"].initial = letterheads[0].pk
        if addressees is None:
            del self.fields["addressee"]
        else:
            self.fields["addressee"].queryset = addressees
            self.fields["addressee"].required = True
            self.fields["addressee"].empty_label = _("— выберите администрацию —")


class ReplyForm(forms.Form):
    decision = forms.ChoiceField(label=_("Ответ"), choices=ReplyDecision.choices)
    received_on = forms.DateField(label=_("Дата ответа"), widget=DATE)
    scan = PortalFileField(
        label=_("Скан ответного письма"), kinds=SCANS, max_size=20 * MB, required=False
    )
    note = forms.CharField(
        label=_("Комментарий"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CampaignEntryForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Ссылка"),
        max_length=1000,
        assume_scheme="https",
        help_text=_("Адрес публикации: https://…"),
    )
    event = forms.TypedChoiceField(
        label=_("Мероприятие"), coerce=int, required=False, empty_value=None
    )

    class Meta:
        model = CampaignEntry
        fields = list(CAMPAIGN_FIELDS)
        widgets = {"published_on": DATE, "url": forms.URLInput(attrs={"inputmode": "url"})}

    def __init__(
        self, *args: Any, events: list[tuple[int, str]], steps: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", _("— не о мероприятии —")), *events]
        self.fields["step"].queryset = steps


FIELD_LIST = list(MERGE_FIELDS.items())

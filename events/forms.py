"""Forms of the event pages. Services do the writing; forms only shape and check input."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from events import selectors
from events.models import (
    CATEGORIES_BY_KIND,
    EVENT_FIELDS,
    PHOTO_MAX_SIZE,
    SCAN_MAX_SIZE,
    TIME_FIELDS,
    AgendaItem,
    BridgeSite,
    Event,
    EventKind,
    EventState,
    FeedbackQuestion,
    ParticipantCategory,
    ProgrammeFeedback,
    Registration,
    RunningOrderSlot,
    SupportItem,
)
from practices.models import Questionnaire
from resursnaya_sreda.kernel import localtime
from resursnaya_sreda.kernel.autocomplete import AutocompleteChoiceField, Lookup
from resursnaya_sreda.kernel.autocomplete.endpoints import StaffMunicipalityChoices
from resursnaya_sreda.kernel.consent import CURRENT_VERSIONS, consent_text
from resursnaya_sreda.kernel.limits import LONG_TEXT, SHORT_TEXT, VERY_LONG_TEXT
from resursnaya_sreda.kernel.models import (
    ConsentPurpose,
    Municipality,
    PilotSite,
    Region,
)
from resursnaya_sreda.kernel.uploads import (
    DOCUMENTS,
    IMAGES,
    SCANS,
    PortalFileField,
    PortalImageField,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def practice_label(practice: Questionnaire) -> str:
    return f"{practice.display_title} — {practice.organisation}"


#: The seminar's practice, searched by title, organisation or number; ``pilot_site`` keeps
#: one site's region (events:practice-choices serves it).
SEMINAR_PRACTICE_LOOKUP = Lookup(
    search_fields=("title", "organisation__name", "organisation__short_name"),
    filters={"pilot_site": "organisation__region__pilot_sites"},
    search_pk=True,
    label=practice_label,
)


class EventForm(forms.ModelForm):
    # Choices among growing records: searched as one types, within the chosen pilot site's
    # region (the site field of the create page is in the same <form>).
    practice = AutocompleteChoiceField(
        label=_("Лучшая практика"),
        queryset=Questionnaire.objects.none(),
        lookup=SEMINAR_PRACTICE_LOOKUP,
        url=reverse_lazy("events:practice-choices"),
        depends_on={},
        depends_on_page={"pilot_site": "pilot_site"},
        required=False,
    )
    municipality = AutocompleteChoiceField(
        label=_("Муниципальное образование"),
        source=StaffMunicipalityChoices,
        depends_on={},
        depends_on_page={"pilot_site": "pilot_site"},
        required=False,
    )
    start_time = forms.TimeField(label=_("Начало"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Окончание"), widget=TimeInput())
    online_link = forms.URLField(
        label=_("Ссылка для подключения"),
        required=False,
        assume_scheme="https",
        help_text=_("Для видеомоста и онлайн-участия."),
    )

    # The times stand beside the date, not after every other field.
    field_order = [
        *EVENT_FIELDS[: EVENT_FIELDS.index("date") + 1],
        *TIME_FIELDS,
        *EVENT_FIELDS[EVENT_FIELDS.index("date") + 1 :],
    ]

    class Meta:
        model = Event
        fields = EVENT_FIELDS
        widgets = {
            "date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "out_of_window_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: Any,
        region: Region | None = None,
        sites: Iterable[PilotSite] = (),
        federal: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        if self.instance.pk:
            # The kind fixes the minimum, the step and the evidence: it stays as created.
            kind.disabled = True
        elif not federal:
            # The final videobridge is the federal centre's own.
            kind.choices = [c for c in kind.choices if c[0] != EventKind.VIDEOBRIDGE]
        self.fields["practice"].help_text = _(
            "Для семинара: лучшая практика региона (решение комиссии или практика площадки "
            "шага 3). Организация и муниципальное образование семинара берутся из неё."
        )
        self.fields["municipality"].help_text = _(
            "Для круглого стола. У семинара — муниципальное образование его практики."
        )
        if self.instance.pk:
            self.initial.setdefault("start_time", self.instance.start_time)
            self.initial.setdefault("end_time", self.instance.end_time)
        zone = self.instance.zone if self.instance.pk else region
        if zone is not None:
            self.fields["date"].help_text = _("Дата и время — местные: %(zone)s.") % {
                "zone": localtime.zone_label(zone)
            }
        else:
            self.fields["date"].help_text = _(
                "Дата и время — местные, по часовому поясу региона площадки."
            )
        sites = list(sites)
        limit_practice_choices(self.fields["practice"], sites)
        municipalities = Municipality.objects.select_related("region").order_by("name")
        if region is not None:
            municipalities = municipalities.filter(region=region)
        elif sites:
            municipalities = municipalities.filter(region_id__in={s.region_id for s in sites})
        self.fields["municipality"].queryset = municipalities
        if len(sites) == 1:
            # One site: the lists need no site field to follow.
            only = f"?pilot_site={sites[0].pk}"
            for name in ("practice", "municipality"):
                field = self.fields[name]
                field.depends_on_page = {}
                field.url = (
                    reverse(
                        "events:practice-choices" if name == "practice" else field.source.url_name
                    )
                    + only
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("start_time"), data.get("end_time")
        if starts and ends and ends <= starts:
            self.add_error("end_time", _("Окончание должно быть позже начала."))
        return data


def limit_practice_choices(field: forms.ModelChoiceField, sites: Iterable[PilotSite]) -> None:
    """The one place the seminar's practice choice is defined: the best practices of the
    sites' regions and their step-3 practices."""
    field.queryset = selectors.seminar_practice_choices(sites)


class PilotSiteChoiceForm(forms.Form):
    pilot_site = forms.ModelChoiceField(
        label=_("Пилотная площадка"),
        queryset=None,
        required=False,
        help_text=_("Для итогового видеомоста не выбирается: он у федерального центра."),
    )

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot_site"].queryset = sites


class MinimumExceptionForm(forms.Form):
    value = forms.IntegerField(label=_("Новый минимум участников"), min_value=0, max_value=10_000)
    reason = forms.CharField(
        label=_("Основание исключения"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
        help_text=_("Его увидят везде, где показан минимум: на странице, в реестре и отчётах."),
    )


class AcceptForm(forms.Form):
    acknowledge_shortfall = forms.BooleanField(
        required=False,
        label=_(
            "Подтверждаю недобор участников: отчёт принимается, но мероприятие не засчитывается "
            "в целевой показатель программы."
        ),
    )


class PlatformEvidenceForm(forms.Form):
    file = PortalFileField(
        label=_("Скриншот или выгрузка участников с платформы"),
        kinds=(*IMAGES, *DOCUMENTS),
        max_size=SCAN_MAX_SIZE,
        help_text=_("Снимок экрана со всеми подключениями или файл посещаемости (PDF, XLSX)."),
    )


class CompactFormSet(forms.BaseInlineFormSet):
    """Rows of a table: Bootstrap classes on every input, labels live in the table header."""

    def add_fields(self, form: Any, index: Any) -> None:
        super().add_fields(form, index)
        for name, field in form.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif name != "id":
                widget.attrs.setdefault("class", "form-control form-control-sm")
            widget.attrs.setdefault("aria-label", str(field.label))


AgendaFormSet = forms.inlineformset_factory(
    Event,
    AgendaItem,
    formset=CompactFormSet,
    fields=["starts_at", "title", "speaker", "speaker_organisation"],
    widgets={"starts_at": TimeInput()},
    extra=2,
    can_delete=True,
    max_num=60,
    validate_max=True,
)

SupportFormSet = forms.inlineformset_factory(
    Event,
    SupportItem,
    formset=CompactFormSet,
    fields=["text", "is_confirmed"],
    extra=2,
    can_delete=True,
    max_num=40,
    validate_max=True,
)


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("ФИО"), max_length=SHORT_TEXT)
    organisation = forms.CharField(label=_("Организация"), max_length=500)
    position = forms.CharField(label=_("Должность"), max_length=SHORT_TEXT, required=False)
    category = forms.ChoiceField(
        label=_("Категория участника"), choices=ParticipantCategory.choices
    )
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Телефон"), max_length=40, required=False)
    consent_personal_data = forms.BooleanField(
        required=True,
        error_messages={
            "required": _(
                "Без согласия на обработку персональных данных зарегистрироваться нельзя."
            )
        },
    )
    consent_photo = forms.BooleanField(required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The wordings people agree to are stored, so a consent can be shown later as it was.
        self.fields["consent_personal_data"].label = consent_text(ConsentPurpose.EVENT_REGISTRATION)
        self.fields["consent_photo"].label = consent_text(ConsentPurpose.EVENT_PHOTO)
        for name, purpose in (
            ("consent_personal_data", ConsentPurpose.EVENT_REGISTRATION),
            ("consent_photo", ConsentPurpose.EVENT_PHOTO),
        ):
            self.fields[name].help_text = _("Текст согласия в редакции %(version)s.") % {
                "version": CURRENT_VERSIONS[purpose]
            }
        categories = CATEGORIES_BY_KIND.get(event.kind)
        if categories:
            # Seminars gather leaders and activists of ethnocultural associations (step 2),
            # round tables a mix of authorities, NGOs, science and media (step 6).
            self.fields["category"].choices = [(c.value, c.label) for c in categories]
        else:
            self.fields["category"].initial = ParticipantCategory.OTHER
            self.fields["category"].widget = forms.HiddenInput()


class WalkInForm(forms.Form):
    full_name = forms.CharField(label=_("ФИО"), max_length=SHORT_TEXT)
    organisation = forms.CharField(label=_("Организация"), max_length=500, required=False)
    position = forms.CharField(label=_("Должность"), max_length=SHORT_TEXT, required=False)
    category = forms.ChoiceField(
        label=_("Категория участника"),
        choices=ParticipantCategory.choices,
        initial=ParticipantCategory.OTHER,
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Телефон"), max_length=40, required=False)
    consent_photo = forms.BooleanField(label=_("Согласен на фото- и видеосъёмку"), required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = CATEGORIES_BY_KIND.get(event.kind)
        if categories:
            self.fields["category"].choices = [(c.value, c.label) for c in categories]


class ScanForm(forms.Form):
    file = PortalFileField(label=_("Скан листа регистрации"), kinds=SCANS, max_size=SCAN_MAX_SIZE)


class PhotoForm(forms.Form):
    file = PortalImageField(label=_("Фотография"), max_size=PHOTO_MAX_SIZE)
    caption = forms.CharField(label=_("Подпись"), max_length=SHORT_TEXT, required=False)
    people = forms.ModelMultipleChoiceField(
        label=_("Кто на фото (крупно)"),
        queryset=Registration.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Фото с человеком без согласия на съёмку не будет показано публично."),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = event.registrations.filter(attended=True).order_by(
            "full_name"
        )


class ReportForm(forms.Form):
    report_text = forms.CharField(
        label=_("Текст отчёта"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=VERY_LONG_TEXT,
        required=False,
    )


class ReturnForm(forms.Form):
    message = forms.CharField(
        label=_("Что исправить"), widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT
    )


class StaffFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Состояние"), choices=[("", _("Все"))] + EventState.choices, required=False
    )
    kind = forms.ChoiceField(
        label=_("Вид"), choices=[("", _("Все"))] + EventKind.choices, required=False
    )
    pilot_site = forms.ModelChoiceField(
        label=_("Площадка"), queryset=None, required=False, empty_label=_("Все")
    )

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot_site"].queryset = sites


class PublicFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Регион"),
        queryset=Region.objects.filter(pilot_sites__isnull=False).distinct().order_by("name"),
        required=False,
        empty_label=_("Все регионы"),
    )
    kind = forms.ChoiceField(
        label=_("Вид"), choices=[("", _("Все"))] + EventKind.choices, required=False
    )


RunningOrderFormSet = forms.inlineformset_factory(
    Event,
    RunningOrderSlot,
    formset=CompactFormSet,
    fields=["starts_at", "ends_at", "speaker", "organisation", "pilot_site"],
    widgets={"starts_at": TimeInput(), "ends_at": TimeInput()},
    extra=2,
    can_delete=True,
    max_num=80,
    validate_max=True,
)

# Every pilot site of the programme is on the videobridge from its creation: the rows are
# fixed, staff mark which sites actually connected.
BridgeSiteFormSet = forms.inlineformset_factory(
    Event,
    BridgeSite,
    formset=CompactFormSet,
    fields=["connected"],
    extra=0,
    can_delete=False,
    max_num=100,
)


def limit_site_choices(formset: Any, programme: Any) -> None:
    """Only the programme's own pilot sites are offered."""
    sites = PilotSite.objects.filter(programme=programme).select_related("region")
    for form in formset.forms + [formset.empty_form]:
        if "pilot_site" in form.fields:
            form.fields["pilot_site"].queryset = sites


class ResultsForm(forms.Form):
    """Round-table and videobridge results; which fields show depends on the kind."""

    invited = forms.CharField(
        label=_("Приглашённые участники"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=VERY_LONG_TEXT,
        help_text=_("По одному на строку: ФИО, организация."),
    )
    conclusions = forms.CharField(
        label=_("Основные выводы"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=VERY_LONG_TEXT,
    )
    resolution_text = forms.CharField(
        label=_("Резолюция"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=VERY_LONG_TEXT,
    )
    resolution_file = PortalFileField(
        label=_("Файл резолюции"), kinds=DOCUMENTS, max_size=SCAN_MAX_SIZE, required=False
    )
    recording_link = forms.URLField(
        label=_("Ссылка на запись"), required=False, assume_scheme="https"
    )
    experience_summary = forms.CharField(
        label=_("Обобщение опыта"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=VERY_LONG_TEXT,
    )

    ROUND_TABLE = ("invited", "conclusions", "resolution_text", "resolution_file")
    VIDEOBRIDGE = ("recording_link", "experience_summary", "conclusions")

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = self.ROUND_TABLE if event.is_round_table else self.VIDEOBRIDGE
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class FeedbackForm(forms.Form):
    def __init__(self, *args: Any, questions: list[FeedbackQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            if question.is_rating:
                self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                    label=question.text,
                    choices=[(str(n), str(n)) for n in range(1, 6)],
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "form-check-inline"}),
                    error_messages={"required": _("Поставьте оценку от 1 до 5.")},
                )
            else:
                self.fields[f"q{question.pk}"] = forms.CharField(
                    label=question.text,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    required=False,
                    max_length=LONG_TEXT,
                )

    def ratings(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions if q.is_rating}

    def texts(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions if not q.is_rating}


class FeedbackEntryForm(forms.Form):
    email = forms.EmailField(label=_("E-mail, указанный при регистрации"))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Список участников (.xlsx)"),
        help_text=_(
            "Первая строка — заголовки: ФИО, Организация, Должность, Категория, E-mail, Телефон."
        ),
    )


class ProgrammeFeedbackForm(forms.ModelForm):
    class Meta:
        model = ProgrammeFeedback
        fields = ["usefulness", "what_worked", "what_to_change"]
        widgets = {
            "usefulness": forms.RadioSelect(choices=[(n, str(n)) for n in range(1, 6)]),
            "what_worked": forms.Textarea(attrs={"rows": 5}),
            "what_to_change": forms.Textarea(attrs={"rows": 5}),
        }

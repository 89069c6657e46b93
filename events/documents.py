"""Event documents for the engine: the registration sheet (PDF), the events register and the
participants register (XLSX). Registered on import from ``EventsConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import permissions as policy
from events import selectors
from events.models import Event, EventKind, EventState
from events.qr import feedback_url, qr_svg_data_uri
from reports.engine import Column, Document, Format, ParametersForm, Progress, Sheet, register
from resursnaya_sreda.kernel.autocomplete import AutocompleteChoiceField, Lookup

# Rows left empty on the sheet for people who come without registering.
BLANK_ROWS = 15


def event_label(event: Event) -> str:
    return f"№ {event.pk}: {event.title}, {event.date:%d.%m.%Y} ({event.pilot_site.region.name})"


EVENT_LOOKUP = Lookup(
    search_fields=("title", "venue", "address", "pilot_site__region__name"),
    filters={"region": "pilot_site__region_id"},
    search_pk=True,
    label=event_label,
)


class EventChoiceForm(ParametersForm):
    event = AutocompleteChoiceField(
        label=_("Мероприятие"),
        queryset=Event.objects.none(),
        lookup=EVENT_LOOKUP,
        help_text=_("Начните вводить название, город или номер мероприятия."),
        error_messages={"invalid_choice": _("Такого мероприятия нет среди доступных вам.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = (
            selectors.events_visible_to(self.user)
            .select_related("pilot_site__region")
            .order_by("-date", "-pk")
        )


@register
class RegistrationSheetPdf(Document):
    identifier = "events-sheet"
    verbose_name = _("Лист регистрации участников")
    description = _(
        "Лист для подписей на A4: заполненные строки зарегистрированных и пустые строки для "
        "пришедших без регистрации."
    )
    formats = (Format.PDF,)
    form_class = EventChoiceForm
    template_name = "events/pdf/registration_sheet.html"
    # Names and contacts of the registered: each download is recorded.
    personal_data = True

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return policy.can_see_staff_pages(user)

    def get_title(self) -> str:
        return f"Лист регистрации: {self.parameters['event'].title}"[:250]

    def get_filename(self, fmt: str) -> str:
        return f"Лист регистрации {self.parameters['event'].pk}.{fmt}"

    def get_context(self, progress: Progress = lambda fraction: None) -> dict[str, Any]:
        event = selectors.event_for_sheet(self.parameters["event"].pk)
        registered = selectors.sheet_registrations(event)
        blank_start = len(registered) + 1
        url = feedback_url(event.pk)
        return {
            "feedback_url": url,
            "feedback_qr": qr_svg_data_uri(url),
            "event": event,
            "registered": registered,
            "blank_rows": range(blank_start, blank_start + BLANK_ROWS),
        }


class RegisterForm(ParametersForm):
    kind = forms.ChoiceField(
        label=_("Вид"), choices=[("", _("Все"))] + EventKind.choices, required=False
    )
    state = forms.ChoiceField(
        label=_("Состояние"), choices=[("", _("Все"))] + EventState.choices, required=False
    )


class StaffRegister(Document):
    """An XLSX register of the events the user manages, filtered by kind and state."""

    formats = (Format.XLSX,)
    form_class = RegisterForm
    # The title, and the file's name before the date.
    title = ""
    file_stem = ""

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return policy.can_see_staff_pages(user)

    def get_title(self) -> str:
        return self.title

    def get_filename(self, fmt: str) -> str:
        return f"{self.file_stem} {timezone.localdate():%d.%m.%Y}.{fmt}"

    def filters(self) -> dict[str, str]:
        return {
            "kind": self.parameters.get("kind") or "",
            "state": self.parameters.get("state") or "",
        }


@register
class EventsRegister(StaffRegister):
    identifier = "events-register"
    verbose_name = _("Реестр мероприятий")
    description = _("По строке на мероприятие: площадка, даты, состояние, число участников.")
    title = file_stem = "Реестр мероприятий"

    def iter_sheets(self, progress: Progress = lambda fraction: None) -> Iterator[Sheet]:
        queryset = selectors.events_register(self.user, **self.filters())

        def rows() -> Iterator[list[Any]]:
            for event in queryset.iterator(chunk_size=500):
                yield [
                    event.pk,
                    event.pilot_site.region.name,
                    event.get_kind_display(),
                    event.title,
                    event.date,
                    event.municipality.name if event.municipality_id else "",
                    event.get_state_display(),
                    event.min_participants,
                    event.registered,
                    event.attended_count,
                    "да" if event.is_below_minimum(event.attended_count) else "",
                    event.photo_count,
                ]

        yield Sheet(
            title="Мероприятия",
            columns=[
                Column("№", 8, "int"),
                Column("Регион", 24),
                Column("Вид", 16),
                Column("Название", 40),
                Column("Дата", 12, "date"),
                Column("Муниципальное образование", 26),
                Column("Состояние", 22),
                Column("Минимум участников", 12, "int"),
                Column("Зарегистрировано", 12, "int"),
                Column("Присутствовало", 12, "int"),
                Column("Меньше минимума", 10),
                Column("Фотографий", 10, "int"),
            ],
            rows=rows(),
        )


@register
class ParticipantsRegister(StaffRegister):
    """Personal data: only federal coordinators and the event's own regional staff."""

    identifier = "events-participants"
    verbose_name = _("Реестр участников мероприятий")
    description = _("Персональные данные участников: ФИО, организация, контакты, согласия.")
    title = "Реестр участников мероприятий"
    file_stem = "Участники мероприятий"
    personal_data = True

    def iter_sheets(self, progress: Progress = lambda fraction: None) -> Iterator[Sheet]:
        queryset = selectors.participants_register(self.user, **self.filters())

        def rows() -> Iterator[list[Any]]:
            # iterator() streams rows so 100 000 participants keep the worker's memory flat.
            for r in queryset.iterator(chunk_size=2000):
                yield [
                    r.event_id,
                    r.event.title,
                    r.event.date,
                    r.event.pilot_site.region.name,
                    r.full_name,
                    r.organisation,
                    r.position,
                    r.get_category_display(),
                    r.email,
                    r.phone,
                    r.get_status_display(),
                    r.get_source_display(),
                    "да" if r.attended else "нет",
                    r.consent_version,
                    timezone.localtime(r.consent_at) if r.consent_at else None,
                    "да" if r.consent_photo else "нет",
                ]

        yield Sheet(
            title="Участники",
            columns=[
                Column("№ мероприятия", 10, "int"),
                Column("Мероприятие", 36),
                Column("Дата", 12, "date"),
                Column("Регион", 22),
                Column("ФИО", 30),
                Column("Организация", 30),
                Column("Должность", 22),
                Column("Категория", 20),
                Column("E-mail", 26),
                Column("Телефон", 16),
                Column("Статус", 16),
                Column("Откуда", 18),
                Column("Присутствовал", 10),
                Column("Редакция согласия", 10),
                Column("Согласие дано", 16, "datetime"),
                Column("Согласие на съёмку", 10),
            ],
            rows=rows(),
        )

"""Letters documents for the engine: the outgoing register (XLSX, per sender and period), the
campaign log (XLSX) and a mailing's report (PDF, XLSX). Registered on import from
``LettersConfig.ready()``; every read goes through ``letters.selectors``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from letters import permissions as policy
from letters import selectors
from letters.models import Letter, Letterhead, Mailing
from reports.engine import Column, Document, Format, ParametersForm, Progress, Sheet, register

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegisterForm(ParametersForm):
    letterhead = forms.ModelChoiceField(
        label=_("Отправитель"),
        queryset=Letterhead.objects.none(),
        error_messages={"invalid_choice": _("Такого отправителя нет среди доступных вам.")},
    )
    date_from = forms.DateField(label=_("С"), widget=DATE)
    date_to = forms.DateField(label=_("По"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letterhead"].queryset = Letterhead.objects.filter(
            pk__in=[head.pk for head in selectors.letterheads_for(self.user)]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("Конец периода раньше начала."))
        return data


@register
class OutgoingRegister(Document):
    identifier = "letters-register"
    verbose_name = _("Журнал исходящих писем")
    description = _("Номер, дата, адресат, тема и доставка каждого письма отправителя за период.")
    formats = (Format.XLSX,)
    form_class = RegisterForm
    personal_data = True

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return policy.can_use_letters(user)

    def get_title(self) -> str:
        p = self.parameters
        return (
            f"Журнал исходящих: {p['letterhead'].organisation}, "
            f"{p['date_from']:%d.%m.%Y}–{p['date_to']:%d.%m.%Y}"
        )

    def get_filename(self, fmt: str) -> str:
        p = self.parameters
        return f"Журнал исходящих {p['date_from']:%d.%m.%Y}-{p['date_to']:%d.%m.%Y}.{fmt}"

    def iter_sheets(self, progress: Progress = lambda fraction: None) -> Iterator[Sheet]:
        p = self.parameters
        letters = (
            selectors.register(
                self.user,
                letterhead_id=p["letterhead"].pk,
                date_from=p["date_from"],
                date_to=p["date_to"],
            )
            .select_related(None)
            .select_related("letterhead")
            .order_by("year", "number")
        )

        def rows() -> Iterator[list[Any]]:
            for letter in letters.iterator(chunk_size=2000):
                yield _letter_row(letter)

        yield Sheet(
            title="Журнал исходящих",
            columns=LETTER_COLUMNS,
            rows=rows(),
            row_count=letters.count(),
        )


LETTER_COLUMNS = [
    Column("Номер", 14),
    Column("Дата", 12, "date"),
    Column("Вид письма", 28),
    Column("Организация", 40),
    Column("Кому", 28),
    Column("Тема", 40),
    Column("E-mail", 28),
    Column("Доставка", 22),
    Column("Ответ сервера", 30),
]


def _letter_row(letter: Letter) -> list[Any]:
    return [
        letter.full_number,
        letter.registered_on,
        letter.get_kind_display(),
        letter.organisation,
        letter.person,
        letter.subject,
        letter.email,
        letter.get_delivery_display(),
        letter.delivery_error,
    ]


class CampaignForm(ParametersForm):
    date_from = forms.DateField(label=_("С"), widget=DATE, required=False)
    date_to = forms.DateField(label=_("По"), widget=DATE, required=False)


@register
class CampaignLog(Document):
    identifier = "letters-campaign"
    verbose_name = _("Журнал информационной кампании")
    description = _("Публикации о программе: площадка, ссылка, дата, шаг или мероприятие, охват.")
    formats = (Format.XLSX,)
    form_class = CampaignForm

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return policy.can_use_letters(user)

    def get_title(self) -> str:
        return "Журнал информационной кампании"

    def get_filename(self, fmt: str) -> str:
        return f"Журнал информационной кампании {timezone.localdate():%d.%m.%Y}.{fmt}"

    def iter_sheets(self, progress: Progress = lambda fraction: None) -> Iterator[Sheet]:
        entries = selectors.campaign_entries(self.user)
        if self.parameters.get("date_from"):
            entries = entries.filter(published_on__gte=self.parameters["date_from"])
        if self.parameters.get("date_to"):
            entries = entries.filter(published_on__lte=self.parameters["date_to"])
        entries = list(entries)

        def rows() -> Iterator[list[Any]]:
            for entry in entries:
                yield [
                    entry.published_on,
                    entry.pilot_site.region.name,
                    entry.get_platform_display(),
                    entry.outlet,
                    entry.title,
                    entry.url,
                    str(entry.step) if entry.step_id else "",
                    entry.event_title,
                    entry.reach,
                ]

        yield Sheet(
            title="Публикации",
            columns=[
                Column("Дата", 12, "date"),
                Column("Регион", 24),
                Column("Площадка", 20),
                Column("Издание или страница", 30),
                Column("Заголовок", 40),
                Column("Ссылка", 40),
                Column("Шаг", 24),
                Column("Мероприятие", 30),
                Column("Охват", 12, "int"),
            ],
            rows=rows(),
            row_count=len(entries),
        )


class MailingForm(ParametersForm):
    mailing = forms.ModelChoiceField(
        label=_("Рассылка"),
        queryset=Mailing.objects.none(),
        error_messages={"invalid_choice": _("Такой рассылки нет среди доступных вам.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mailing"].queryset = selectors.mailings_visible_to(self.user).order_by(
            "-created_at"
        )


@register
class MailingReport(Document):
    identifier = "letters-mailing"
    verbose_name = _("Отчёт о рассылке")
    description = _("Кому ушло какое письмо и доставлено ли оно.")
    formats = (Format.PDF, Format.XLSX)
    form_class = MailingForm
    template_name = "letters/pdf/mailing_report.html"
    personal_data = True

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return policy.can_use_letters(user)

    def get_title(self) -> str:
        return f"Отчёт о рассылке «{self.parameters['mailing'].title}»"

    def get_filename(self, fmt: str) -> str:
        return f"Отчёт о рассылке {self.parameters['mailing'].pk}.{fmt}"

    def _letters(self) -> Any:
        return (
            Letter.objects.filter(mailing=self.parameters["mailing"])
            .select_related("letterhead")
            .order_by("number")
        )

    def get_context(self, progress: Progress = lambda fraction: None) -> dict[str, Any]:
        from letters.services import progress as mailing_progress

        mailing = self.parameters["mailing"]
        return {
            "mailing": mailing,
            "letters": list(self._letters()),
            "progress": mailing_progress(mailing),
        }

    def iter_sheets(self, progress: Progress = lambda fraction: None) -> Iterator[Sheet]:
        letters = self._letters()
        yield Sheet(
            title="Рассылка",
            columns=LETTER_COLUMNS,
            rows=(_letter_row(letter) for letter in letters.iterator(chunk_size=2000)),
            row_count=letters.count(),
        )

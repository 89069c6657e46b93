"""The kernel's documents: the programme passport (PDF) and the list of pilot sites (Excel).

Registered with the document engine from ``KernelConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.engine import Column, Document, Format, ParametersForm, Progress, Sheet, register
from resursnaya_sreda.accounts import permissions
from resursnaya_sreda.accounts.models import Membership, Role
from resursnaya_sreda.kernel.models import (
    FederalDistrict,
    PilotSite,
    Programme,
    RoadmapStep,
    RoadmapTask,
)


class ProgrammeForm(ParametersForm):
    programme = forms.ModelChoiceField(
        label=_("Программа"),
        queryset=Programme.objects.all(),
        empty_label=None,
        error_messages={"invalid_choice": _("Такой программы нет. Выберите программу из списка.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = Programme.objects.filter(is_current=True).values_list("pk", flat=True).first()
        if current is not None:
            self.fields["programme"].initial = current


class PilotSitesForm(ProgrammeForm):
    federal_district = forms.ChoiceField(
        label=_("Федеральный округ"),
        choices=[("", _("Все округа")), *FederalDistrict.choices],
        required=False,
    )


def _regional_staff(programme: Programme) -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(role=Role.REGIONAL)
        .select_related("user")
        .order_by("user__full_name"),
        to_attr="staff",
    )


class FederalOnly:
    @classmethod
    def can_request(cls, user: Any) -> bool:
        """Federal coordinators only: these documents cover every region of the programme."""
        return permissions.is_federal(user)


@register
class ProgrammePassport(FederalOnly, Document):
    identifier = "programme-passport"
    verbose_name = _("Паспорт программы")
    description = _(
        "Программа, шаги дорожной карты со сроками и задачами, целевые показатели, "
        "пилотные площадки с центрами и сотрудниками."
    )
    formats = (Format.PDF,)
    form_class = ProgrammeForm
    template_name = "kernel/documents/programme_passport.html"

    def get_title(self) -> str:
        return f"Паспорт программы «{self.parameters['programme'].title}»"

    def get_filename(self, fmt: str) -> str:
        return f"Паспорт программы {self.parameters['programme'].year}.{fmt}"

    def get_context(self, progress: Progress = lambda fraction: None) -> dict[str, Any]:
        programme: Programme = self.parameters["programme"]
        steps = list(
            RoadmapStep.objects.filter(programme=programme)
            .prefetch_related(Prefetch("tasks", queryset=RoadmapTask.objects.order_by("number")))
            .order_by("number")
        )
        progress(0.1)
        targets = list(programme.targets.select_related("step").order_by("step__number", "code"))
        sites = list(
            PilotSite.objects.filter(programme=programme)
            .select_related("region", "centre", "centre__municipality")
            .prefetch_related(_regional_staff(programme))
            .order_by("region__name")
        )
        progress(0.2)
        return {
            "programme": programme,
            "steps": steps,
            "targets": targets,
            "sites": sites,
            "today": timezone.localdate(),
        }


@register
class PilotSitesList(FederalOnly, Document):
    identifier = "pilot-sites"
    verbose_name = _("Пилотные площадки")
    description = _(
        "По строке на пилотную площадку: регион, федеральный округ, ресурсный центр, "
        "сотрудники и контакты; отдельный лист — сотрудники."
    )
    formats = (Format.XLSX,)
    form_class = PilotSitesForm

    def get_title(self) -> str:
        return f"Пилотные площадки программы «{self.parameters['programme'].title}»"

    def get_filename(self, fmt: str) -> str:
        return f"Пилотные площадки {self.parameters['programme'].year}.{fmt}"

    def _sites(self) -> list[PilotSite]:
        sites = PilotSite.objects.filter(programme=self.parameters["programme"])
        if self.parameters.get("federal_district"):
            sites = sites.filter(region__federal_district=self.parameters["federal_district"])
        return list(
            sites.select_related("region", "centre")
            .prefetch_related(_regional_staff(self.parameters["programme"]))
            .order_by("region__name")
        )

    def iter_sheets(self, progress: Progress = lambda fraction: None) -> Iterator[Sheet]:
        sites = self._sites()
        districts = dict(FederalDistrict.choices)

        def site_rows() -> Iterator[list[Any]]:
            for number, site in enumerate(sites, 1):
                centre = site.centre
                staff = site.staff
                yield [
                    number,
                    site.region.name,
                    site.region.code,
                    str(districts.get(site.region.federal_district, "")),
                    centre.name,
                    centre.inn,
                    centre.address,
                    centre.phone,
                    centre.email,
                    centre.website,
                    len(staff),
                    "\n".join(
                        f"{m.user.full_name}" + (f" — {m.user.position}" if m.user.position else "")
                        for m in staff
                    ),
                    "\n".join(
                        ", ".join(part for part in (m.user.email, m.user.phone) if part)
                        for m in staff
                    ),
                ]

        yield Sheet(
            title="Пилотные площадки",
            columns=[
                Column("№", 6, "int"),
                Column("Регион", 28),
                Column("Код региона", 10),
                Column("Федеральный округ", 20),
                Column("Региональный ресурсный центр", 40),
                Column("ИНН центра", 14),
                Column("Адрес", 36),
                Column("Телефон", 18),
                Column("E-mail", 26),
                Column("Сайт", 26),
                Column("Сотрудников", 12, "int"),
                Column("Сотрудники", 40),
                Column("Контакты сотрудников", 40),
            ],
            rows=site_rows(),
            row_count=len(sites),
        )
        progress(0.5)

        def staff_rows() -> Iterator[list[Any]]:
            for site in sites:
                for membership in site.staff:
                    user = membership.user
                    yield [
                        site.region.name,
                        site.centre.name,
                        user.full_name,
                        user.position,
                        user.email,
                        user.phone,
                        timezone.localdate(membership.created_at),
                    ]

        yield Sheet(
            title="Сотрудники",
            columns=[
                Column("Регион", 28),
                Column("Ресурсный центр", 40),
                Column("ФИО", 34),
                Column("Должность", 30),
                Column("E-mail", 28),
                Column("Телефон", 18),
                Column("В роли с", 12, "date"),
            ],
            rows=staff_rows(),
            row_count=sum(len(site.staff) for site in sites),
        )


class PersonForm(ParametersForm):
    email = forms.EmailField(
        label=_("E-mail субъекта персональных данных"),
        help_text=_("Адрес, по которому человек обратился с запросом."),
    )


@register
class PersonalDataExport(FederalOnly, Document):
    """What the portal holds about one e-mail address, from every app's registered source."""

    identifier = "personal-data-export"
    verbose_name = _("Сведения о субъекте персональных данных")
    description = _(
        "Всё, что портал хранит о человеке по его e-mail (152-ФЗ, ст. 14): учётная запись, "
        "роли, регистрации, отзывы, анкеты и журнал чтения. Для ответа на запрос."
    )
    formats = (Format.PDF,)
    form_class = PersonForm
    template_name = "kernel/documents/personal_data_export.html"
    personal_data = True

    def get_title(self) -> str:
        return f"Сведения о субъекте ПДн: {self.parameters['email']}"

    def get_filename(self, fmt: str) -> str:
        return f"Сведения о субъекте ПДн.{fmt}"

    def get_context(self, progress: Progress = lambda fraction: None) -> dict[str, Any]:
        from resursnaya_sreda.kernel import personal_data

        email = self.parameters["email"].strip().lower()
        sources = personal_data.person_data(email)
        personal_data.person_export_record(email=email, by=self.user)
        return {"email": email, "sources": sources, "today": timezone.localdate()}

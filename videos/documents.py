"""Step 4 documents for the engine: the release schedule (PDF, XLSX), the stories register
(XLSX) and a story's passport (PDF). Registered on import from ``VideosConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.engine import Column, Document, Format, ParametersForm, Progress, Sheet, register
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.autocomplete import AutocompleteChoiceField, Lookup
from resursnaya_sreda.kernel.selectors import programme_current
from videos import permissions as policy
from videos import selectors, services
from videos.models import (
    Cut,
    ScheduleState,
    ScheduleVersion,
    Story,
    StoryPractice,
)


def _stories_for(user: Any) -> QuerySet[Story]:
    if user is None:  # a command run by an administrator
        return Story.objects.all()
    return roles.filter_by_pilot_site(Story.objects.all(), user)


def _versions_for(user: Any) -> QuerySet[ScheduleVersion]:
    versions = ScheduleVersion.objects.exclude(state=ScheduleState.SOLVING)
    if user is None or policy.can_manage_schedule(user):
        return versions.exclude(state__in=[ScheduleState.INFEASIBLE, ScheduleState.FAILED])
    return versions.filter(state__in=[ScheduleState.PUBLISHED, ScheduleState.SUPERSEDED])


class VersionForm(ParametersForm):
    version = forms.ModelChoiceField(
        label=_("Версия графика"),
        queryset=ScheduleVersion.objects.none(),
        error_messages={"invalid_choice": _("Такой версии графика нет среди доступных вам.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = _versions_for(self.user).order_by("-number")


@register
class ReleaseSchedule(Document):
    identifier = "videos-schedule"
    verbose_name = _("График выпуска видеосюжетов")
    description = _("Даты выпуска сюжетов на канале «Ресурсная среда» по версии графика.")
    formats = (Format.PDF, Format.XLSX)
    form_class = VersionForm
    template_name = "videos/pdf/schedule.html"

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return policy.can_see_staff_pages(user)

    def get_title(self) -> str:
        return f"График выпуска видеосюжетов, версия {self.parameters['version'].number}"

    def get_filename(self, fmt: str) -> str:
        return f"График выпуска видеосюжетов v{self.parameters['version'].number}.{fmt}"

    def _slots(self) -> list[Any]:
        return list(selectors.version_slots(self.parameters["version"]))

    def get_context(self, progress: Progress = lambda fraction: None) -> dict[str, Any]:
        version = ScheduleVersion.objects.select_related("programme").get(
            pk=self.parameters["version"].pk
        )
        slots = self._slots()
        return {
            "version": version,
            "slots": slots,
            "fairness": selectors.fairness(slots),
            "rules": version.rules,
        }

    def iter_sheets(self, progress: Progress = lambda fraction: None) -> Iterator[Sheet]:
        slots = self._slots()

        def rows() -> Iterator[list[Any]]:
            for slot in slots:
                yield [
                    slot.release_on,
                    slot.story.pilot_site.region.name,
                    slot.story.title,
                    slot.story.get_state_display(),
                    f"{slot.preference_rank}-й выбор"
                    if slot.preference_rank
                    else "вне предпочтений",
                    "да" if slot.pinned else "",
                    "да" if slot.released else "",
                    slot.moved_from if slot.moved else None,
                ]

        yield Sheet(
            title="График",
            columns=[
                Column("Дата выпуска", 12, "date"),
                Column("Регион", 26),
                Column("Сюжет", 40),
                Column("Состояние", 22),
                Column("Предпочтение", 16),
                Column("Закреплено", 10),
                Column("Уже вышел", 10),
                Column("Было в прошлой версии", 14, "date"),
            ],
            rows=rows(),
            row_count=len(slots),
        )


class RegisterForm(ParametersForm):
    pass


@register
class StoriesRegister(Document):
    identifier = "videos-register"
    verbose_name = _("Реестр видеосюжетов")
    description = _(
        "По строке на сюжет: площадка, практики, состояние, партнёры, проверка монтажа, даты, "
        "ссылки."
    )
    formats = (Format.XLSX,)
    form_class = RegisterForm

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return policy.can_see_staff_pages(user)

    def get_title(self) -> str:
        return "Реестр видеосюжетов"

    def get_filename(self, fmt: str) -> str:
        return f"Реестр видеосюжетов {timezone.localdate():%d.%m.%Y}.{fmt}"

    def iter_sheets(self, progress: Progress = lambda fraction: None) -> Iterator[Sheet]:
        queryset = (
            _stories_for(self.user)
            .select_related("pilot_site__region", "programme")
            .prefetch_related(
                Prefetch(
                    "story_practices",
                    queryset=StoryPractice.objects.select_related("questionnaire").order_by(
                        "position"
                    ),
                ),
                "partners",
                "links",
                Prefetch("cuts", queryset=Cut.objects.order_by("-uploaded_at", "-pk")),
            )
            .order_by("pilot_site__region__name", "number")
        )

        def rows() -> Iterator[list[Any]]:
            for story in queryset.iterator(chunk_size=200):
                cuts = list(story.cuts.all())
                cut = cuts[0] if cuts else None
                links = {link.platform: link.url for link in story.links.all()}
                yield [
                    story.pk,
                    story.pilot_site.region.name,
                    story.title,
                    "; ".join(sp.questionnaire.display_title for sp in story.story_practices.all()),
                    story.get_state_display(),
                    "; ".join(f"{p.name} ({p.get_role_display()})" for p in story.partners.all()),
                    cut.get_check_state_display() if cut else "",
                    "; ".join(item["message"] for item in cut.failures) if cut else "",
                    timezone.localtime(story.created_at),
                    story.release_on,
                    links.get("youtube", ""),
                    links.get("vk", ""),
                    links.get("rutube", ""),
                ]

        yield Sheet(
            title="Сюжеты",
            columns=[
                Column("№", 8, "int"),
                Column("Регион", 24),
                Column("Сюжет", 36),
                Column("Практики", 40),
                Column("Состояние", 22),
                Column("Партнёры съёмки", 36),
                Column("Проверка монтажа", 22),
                Column("Несоответствия", 40),
                Column("Создан", 16, "datetime"),
                Column("Дата выпуска", 12, "date"),
                Column("YouTube", 30),
                Column("VK Видео", 30),
                Column("Rutube", 30),
            ],
            rows=rows(),
        )


def story_label(story: Story) -> str:
    return f"{story.title} ({story.pilot_site.region.name}, сюжет {story.number})"


class StoryChoiceForm(ParametersForm):
    story = AutocompleteChoiceField(
        label=_("Сюжет"),
        queryset=Story.objects.none(),
        lookup=Lookup(
            search_fields=("title", "pilot_site__region__name"),
            filters={"region": "pilot_site__region_id"},
            search_pk=True,
            label=story_label,
        ),
        error_messages={"invalid_choice": _("Такого сюжета нет среди доступных вам.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["story"].queryset = (
            _stories_for(self.user).select_related("pilot_site__region").order_by("-pk")
        )


@register
class StoryPassport(Document):
    identifier = "videos-passport"
    verbose_name = _("Паспорт видеосюжета")
    description = _(
        "Сюжет на одной-двух страницах: практики, сценарий, партнёры, проверка, даты, история."
    )
    formats = (Format.PDF,)
    form_class = StoryChoiceForm
    template_name = "videos/pdf/passport.html"

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return policy.can_see_staff_pages(user)

    def get_title(self) -> str:
        return f"Паспорт видеосюжета: {self.parameters['story'].title}"[:250]

    def get_filename(self, fmt: str) -> str:
        return f"Паспорт видеосюжета {self.parameters['story'].pk}.{fmt}"

    def get_context(self, progress: Progress = lambda fraction: None) -> dict[str, Any]:
        story = selectors.story_page(self.parameters["story"])
        cuts = list(story.cuts.all())
        history = sorted(story.history.all(), key=lambda h: (h.created_at, h.pk))
        return {
            "story": story,
            "practices": [sp.questionnaire for sp in story.story_practices.all()],
            "cut": cuts[0] if cuts else None,
            "targets": services.story_targets(story.programme),
            "history": history,
            "people_total": len(story.people.all()),
            "people_missing": [p.full_name for p in story.people.all() if not p.has_release],
            "programme": programme_current(),
        }

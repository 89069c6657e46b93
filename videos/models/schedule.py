"""Steps 4.2 and 4.3: the sites' proposals and the common release schedule."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from videos.models.stories import Story

WEEKDAYS = [
    (1, _("понедельник")),
    (2, _("вторник")),
    (3, _("среда")),
    (4, _("четверг")),
    (5, _("пятница")),
    (6, _("суббота")),
    (7, _("воскресенье")),
]


class ChannelRules(models.Model):
    """The channel's rules the federal centre sets for a programme's schedule."""

    programme = models.OneToOneField(
        "kernel.Programme",
        on_delete=models.CASCADE,
        related_name="video_channel_rules",
        verbose_name=_("программа"),
    )
    window_start = models.DateField(_("выпуски с"))
    window_end = models.DateField(_("выпуски по"))
    release_weekdays = models.CharField(
        _("дни выпуска"), max_length=20, default="2,4", help_text=_("Номера дней недели, 1 — пн.")
    )
    releases_per_day = models.PositiveSmallIntegerField(
        _("сюжетов в день выпуска, не больше"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    min_gap_days = models.PositiveSmallIntegerField(
        _("дней между днями выпуска, не меньше"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("1 — выпуски можно ставить в соседние дни."),
    )
    review_days = models.PositiveSmallIntegerField(
        _("дней на приёмку после готовности"),
        default=7,
        validators=[MaxValueValidator(120)],
    )
    site_spacing_days = models.PositiveSmallIntegerField(
        _("дней между сюжетами одной площадки, желательно"),
        default=14,
        validators=[MaxValueValidator(120)],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто изменил"),
    )
    updated_at = models.DateTimeField(_("изменены"), auto_now=True)

    class Meta:
        verbose_name = _("правила канала")
        verbose_name_plural = _("правила канала")
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gte=F("window_start")),
                name="video_rules_window_ordered",
                violation_error_message=_("Окно выпусков кончается раньше, чем начинается."),
            )
        ]

    def __str__(self) -> str:
        return str(_("Правила канала: %(p)s")) % {"p": self.programme}

    @property
    def weekday_names(self) -> str:
        names = dict(WEEKDAYS)
        return ", ".join(str(names[day]) for day in self.weekdays)

    @property
    def weekdays(self) -> list[int]:
        days = []
        for part in self.release_weekdays.split(","):
            part = part.strip()
            if part.isdigit() and 1 <= int(part) <= 7:
                days.append(int(part))
        return sorted(set(days))


class ReservedDate(models.Model):
    """A date kept for other content on the channel: no story is released on it."""

    rules = models.ForeignKey(
        ChannelRules,
        on_delete=models.CASCADE,
        related_name="reserved",
        verbose_name=_("правила канала"),
    )
    date = models.DateField(_("дата"))
    note = models.CharField(_("что в этот день"), max_length=255, blank=True)

    class Meta:
        ordering = ["rules", "date"]
        verbose_name = _("занятая дата")
        verbose_name_plural = _("занятые даты")
        constraints = [
            models.UniqueConstraint(fields=["rules", "date"], name="video_reserved_date_once")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.note}".strip()


class ReleaseProposal(models.Model):
    """A site's proposal for one story: when the cut will be ready, preferred and bad dates."""

    story = models.OneToOneField(
        Story, on_delete=models.CASCADE, related_name="proposal", verbose_name=_("видеосюжет")
    )
    ready_on = models.DateField(_("монтаж будет готов"))
    note = models.CharField(_("комментарий"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто отправил"),
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("предложение по дате выпуска")
        verbose_name_plural = _("предложения по датам выпуска")

    def __str__(self) -> str:
        return str(self.story)


class ChoiceKind(models.TextChoices):
    PREFER = "prefer", _("Предпочтительно")
    AVOID = "avoid", _("Нельзя")


class ProposalPeriod(models.Model):
    """A preferred period (in order of preference) or dates the site cannot do."""

    proposal = models.ForeignKey(
        ReleaseProposal,
        on_delete=models.CASCADE,
        related_name="periods",
        verbose_name=_("предложение"),
    )
    kind = models.CharField(_("вид"), max_length=8, choices=ChoiceKind.choices)
    rank = models.PositiveSmallIntegerField(_("очерёдность"), default=1)
    starts_on = models.DateField(_("с"))
    ends_on = models.DateField(_("по"))

    class Meta:
        ordering = ["proposal", "kind", "rank", "starts_on"]
        verbose_name = _("период в предложении")
        verbose_name_plural = _("периоды в предложениях")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="video_period_ordered",
                violation_error_message=_("Период кончается раньше, чем начинается."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ChoiceKind.values), name="video_period_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class ReleasePin(models.Model):
    """The coordinator fixed this story to a date; re-solving keeps it there."""

    story = models.OneToOneField(
        Story, on_delete=models.CASCADE, related_name="pin", verbose_name=_("видеосюжет")
    )
    release_on = models.DateField(_("дата"))
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто закрепил"),
    )
    pinned_at = models.DateTimeField(_("закреплено"), auto_now=True)

    class Meta:
        verbose_name = _("закреплённая дата")
        verbose_name_plural = _("закреплённые даты")

    def __str__(self) -> str:
        return f"{self.story}: {self.release_on:%d.%m.%Y}"


class ScheduleState(models.TextChoices):
    SOLVING = "solving", _("Составляется")
    SOLVED = "solved", _("Составлена")
    INFEASIBLE = "infeasible", _("Не составить")
    FAILED = "failed", _("Ошибка расчёта")
    PUBLISHED = "published", _("Опубликована")
    SUPERSEDED = "superseded", _("Заменена новой версией")


class ScheduleVersion(models.Model):
    """One solved (or refused) schedule; none is ever deleted, the published one is public."""

    programme = models.ForeignKey(
        "kernel.Programme",
        on_delete=models.CASCADE,
        related_name="video_schedules",
        verbose_name=_("программа"),
    )
    number = models.PositiveIntegerField(_("версия"))
    state = models.CharField(
        _("состояние"), max_length=12, choices=ScheduleState.choices, default=ScheduleState.SOLVING
    )
    baseline = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("сравнивается с версией"),
    )
    rules = models.JSONField(_("правила на момент расчёта"), default=dict, blank=True)
    message = models.TextField(_("пояснение"), blank=True)
    changed_count = models.PositiveIntegerField(_("перенесено сюжетов"), default=0)
    solve_seconds = models.FloatField(_("время расчёта, с"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто составил"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    solved_at = models.DateTimeField(_("рассчитана"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто опубликовал"),
    )
    published_at = models.DateTimeField(_("опубликована"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "-number"]
        verbose_name = _("версия графика выпусков")
        verbose_name_plural = _("версии графика выпусков")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="video_schedule_number"),
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(state="published"),
                name="video_one_published_schedule",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ScheduleState.values), name="video_schedule_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(_("График выпусков, версия %(n)s")) % {"n": self.number}

    @property
    def is_final(self) -> bool:
        return self.state != ScheduleState.SOLVING


class ScheduleSlot(models.Model):
    """A story's date in one version, with what it got of the site's wishes."""

    version = models.ForeignKey(
        ScheduleVersion,
        on_delete=models.CASCADE,
        related_name="slots",
        verbose_name=_("версия графика"),
    )
    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="slots", verbose_name=_("видеосюжет")
    )
    release_on = models.DateField(_("дата выпуска"))
    preference_rank = models.PositiveSmallIntegerField(
        _("какое предпочтение"), null=True, blank=True, help_text=_("Пусто — вне предпочтений.")
    )
    pinned = models.BooleanField(_("закреплено"), default=False)
    released = models.BooleanField(_("уже вышел"), default=False)
    moved_from = models.DateField(_("было в предыдущей версии"), null=True, blank=True)

    class Meta:
        ordering = ["version", "release_on", "story__pilot_site__region__name"]
        verbose_name = _("дата в графике")
        verbose_name_plural = _("даты в графике")
        constraints = [models.UniqueConstraint(fields=["version", "story"], name="video_slot_once")]

    def __str__(self) -> str:
        return f"{self.release_on:%d.%m.%Y} {self.story}"

    @property
    def moved(self) -> bool:
        return self.moved_from is not None and self.moved_from != self.release_on

"""Events and their state: seminars (step 2), round tables (step 6) and the final videobridge
(step 7), their programme, what a seminar needs from the administration, and the history of
every change of state.

An event proves itself: registrations with consent records, the people who actually came
(marked from the signed sheet), the sheet scans and photos, and a report the federal centre
accepts or returns. Every change of state goes through ``services`` and leaves a history row.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel import localtime
from resursnaya_sreda.kernel.limits import SHORT_TEXT, VERY_LONG_TEXT, limited_text
from resursnaya_sreda.kernel.models import StateHistory
from resursnaya_sreda.kernel.uploads import DOCUMENTS, IMAGES, MB, StoredFileField

MAX_CAPACITY = 10_000
# Scans of signed sheets and a round table's resolution.
SCAN_MAX_SIZE = 20 * MB


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("Семинар")
    ROUND_TABLE = "round_table", _("Круглый стол")
    VIDEOBRIDGE = "videobridge", _("Итоговый видеомост")


class EventState(models.TextChoices):
    PLANNED = "planned", _("Запланировано")
    ANNOUNCED = "announced", _("Объявлено")
    HELD = "held", _("Проведено")
    REPORT_SUBMITTED = "report_submitted", _("Отчёт отправлен")
    REPORT_ACCEPTED = "report_accepted", _("Отчёт принят")
    REPORT_RETURNED = "report_returned", _("Отчёт возвращён на доработку")


# The public sees an event once it is announced; a plan is the regional centre's own business.
PUBLIC_STATES = (
    EventState.ANNOUNCED,
    EventState.HELD,
    EventState.REPORT_SUBMITTED,
    EventState.REPORT_ACCEPTED,
    EventState.REPORT_RETURNED,
)
# The colour of each state's badge in lists and on the event page.
STATE_BADGES = {
    EventState.PLANNED: "text-bg-light border",
    EventState.ANNOUNCED: "text-bg-secondary",
    EventState.HELD: "text-bg-primary",
    EventState.REPORT_SUBMITTED: "text-bg-info",
    EventState.REPORT_ACCEPTED: "text-bg-success",
    EventState.REPORT_RETURNED: "text-bg-warning",
}
# Regional staff may still change the description, programme and evidence in these states.
EDITABLE_STATES = (
    EventState.PLANNED,
    EventState.ANNOUNCED,
    EventState.HELD,
    EventState.REPORT_RETURNED,
)
# After the event: attendance, scans, photos and the report text are worked on.
EVIDENCE_STATES = (EventState.HELD, EventState.REPORT_RETURNED)


class RegistrationMode(models.TextChoices):
    ONLINE = "online", _("Предварительная регистрация на сайте")
    FREE = "free", _("Свободный вход")
    RECRUITED = "recruited", _("Участников набирает администрация")


# What staff fill in on the event form; the form and ``event_create``/``event_update`` use
# this one list.
EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "date",
    "venue",
    "address",
    "practice",
    "municipality",
    "partner_administration",
    "capacity",
    "registration_mode",
    "online_link",
    "out_of_window_reason",
)
# Which step of the roadmap each kind belongs to: its dates are the event's window.
KIND_STEPS = {"seminar": 2, "round_table": 6, "videobridge": 7}
# Entered on the local clocks of the event's region; the service stores the instants in UTC.
TIME_FIELDS = ("start_time", "end_time")
# The results of a round table or the videobridge (``event_results_save``).
RESULT_FIELDS = (
    "invited",
    "conclusions",
    "resolution_text",
    "recording_link",
    "experience_summary",
)


class Event(models.Model):
    programme = models.ForeignKey(
        "kernel.Programme",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("программа"),
    )
    # None only for the final videobridge: one per programme, the federal centre's own.
    pilot_site = models.ForeignKey(
        "kernel.PilotSite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("пилотная площадка"),
    )
    kind = models.CharField(_("вид"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("название"), max_length=SHORT_TEXT)
    description = limited_text(_("описание"), VERY_LONG_TEXT)
    # The date on the region's clocks, kept beside the instants for lists and step windows.
    date = models.DateField(_("дата"), help_text=_("По местному времени региона проведения."))
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("окончание"))
    venue = models.CharField(_("место проведения"), max_length=SHORT_TEXT, blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    practice = models.ForeignKey(
        "practices.Questionnaire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seminars",
        verbose_name=_("лучшая практика"),
        help_text=_(
            "Для семинара: практика, которую он представляет; организация и муниципальное "
            "образование берутся из неё."
        ),
    )
    municipality = models.ForeignKey(
        "kernel.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("муниципальное образование"),
    )
    host_organisation = models.ForeignKey(
        "kernel.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("организация — носитель лучшей практики"),
        help_text=_("Для семинаров: организация, на базе которой он проходит."),
    )
    partner_administration = models.CharField(
        _("администрация-партнёр"), max_length=SHORT_TEXT, blank=True
    )
    # Set from the programme's targets; only a federal exception lowers it (who, when, why).
    min_participants = models.PositiveIntegerField(
        _("минимум участников"),
        default=0,
        validators=[MaxValueValidator(MAX_CAPACITY)],
        help_text=_("Из целевых показателей программы: 15 для семинара, 30 для круглого стола."),
    )
    minimum_exception_reason = models.TextField(_("основание исключения по минимуму"), blank=True)
    minimum_exception_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("исключение по минимуму разрешил"),
    )
    minimum_exception_at = models.DateTimeField(
        _("исключение по минимуму разрешено"), null=True, blank=True
    )
    # A report below the minimum is accepted only with this acknowledgement, and does not count.
    shortfall_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("недобор участников подтвердил"),
    )
    shortfall_acknowledged_at = models.DateTimeField(
        _("недобор участников подтверждён"), null=True, blank=True
    )
    out_of_window_reason = limited_text(
        _("почему вне сроков шага"),
        help_text=_(
            "Нужна, если дата выходит за сроки шага дорожной карты; её видит федеральный центр."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("вместимость"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("Сверх вместимости регистрация идёт в лист ожидания. Пусто — без ограничения."),
    )
    registration_mode = models.CharField(
        _("регистрация"),
        max_length=16,
        choices=RegistrationMode.choices,
        default=RegistrationMode.ONLINE,
    )
    online_link = models.URLField(_("ссылка для подключения"), blank=True)
    state = models.CharField(
        _("состояние"), max_length=20, choices=EventState.choices, default=EventState.PLANNED
    )
    attendance_reconciled_at = models.DateTimeField(
        _("посещаемость сверена"), null=True, blank=True
    )
    report_text = limited_text(_("текст отчёта"), VERY_LONG_TEXT)
    return_message = models.TextField(_("сообщение при возврате"), blank=True)

    # --- Round tables (steps 6.3, 6.4) ----------------------------------------------------
    invited = limited_text(
        _("приглашённые участники"),
        VERY_LONG_TEXT,
        help_text=_(
            "По одному на строку: ФИО, организация; можно добавить e-mail — на него уйдёт "
            "приглашение с личной ссылкой на регистрацию."
        ),
    )
    conclusions = limited_text(_("основные выводы"), VERY_LONG_TEXT)
    resolution_text = limited_text(_("резолюция"), VERY_LONG_TEXT)
    resolution_file = StoredFileField(
        _("файл резолюции"),
        upload_to="events/resolutions",
        kinds=DOCUMENTS,
        max_size=SCAN_MAX_SIZE,
        blank=True,
    )
    resolution_file_name = models.CharField(
        _("имя файла резолюции"), max_length=SHORT_TEXT, blank=True
    )

    # --- The final videobridge (step 7) ---------------------------------------------------
    recording_link = models.URLField(_("ссылка на запись"), blank=True)
    platform_evidence = StoredFileField(
        _("скриншот или выгрузка участников с платформы"),
        upload_to="events/platform",
        kinds=(*IMAGES, *DOCUMENTS),
        max_size=SCAN_MAX_SIZE,
        blank=True,
    )
    platform_evidence_name = models.CharField(
        _("имя файла с платформы"), max_length=SHORT_TEXT, blank=True
    )
    experience_summary = limited_text(_("обобщение опыта"), VERY_LONG_TEXT)
    feedback_sent_at = models.DateTimeField(_("ссылки на отзыв разосланы"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("создал"),
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)
    state_changed_at = models.DateTimeField(_("состояние изменено"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        indexes = [
            models.Index(fields=["state", "date"], name="event_state_date_idx"),
            models.Index(fields=["pilot_site", "date"], name="event_site_date_idx"),
            # The public list (announced, soonest first) and the staff list (latest first).
            models.Index(fields=["state", "starts_at", "id"], name="event_state_starts_idx"),
            models.Index(fields=["-starts_at", "-id"], name="event_starts_desc_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=EventState.values), name="event_state_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            # The videobridge belongs to the federal centre; every other event to a pilot site.
            models.CheckConstraint(
                condition=Q(kind="videobridge", pilot_site__isnull=True)
                | (~Q(kind="videobridge") & Q(pilot_site__isnull=False)),
                name="event_site_unless_videobridge",
            ),
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(kind="videobridge"),
                name="event_one_videobridge",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"

    @property
    def heading(self) -> str:
        """«Семинар «Молодёжь и единство»», without doubling a kind the title already names."""
        kind = str(self.get_kind_display())
        if self.title.lower().startswith(kind.lower()):
            return self.title
        return f"{kind} «{self.title}»"

    @property
    def zone(self) -> ZoneInfo:
        """The zone of the region it happens in; the federal centre's (Moscow) for the
        videobridge, which belongs to no region."""
        if self.pilot_site_id is None:
            return localtime.moscow_zone()
        return self.pilot_site.region.zone

    @property
    def start_time(self) -> datetime.time | None:
        """The start on the region's clocks (what staff entered)."""
        return localtime.to_local(self.starts_at, self.zone).time() if self.starts_at else None

    @property
    def end_time(self) -> datetime.time | None:
        return localtime.to_local(self.ends_at, self.zone).time() if self.ends_at else None

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def state_badge(self) -> str:
        return STATE_BADGES.get(self.state, "")

    @property
    def has_taken_place(self) -> bool:
        """Held, reported or reviewed: attendance counts and feedback is asked for."""
        return self.state not in (EventState.PLANNED, EventState.ANNOUNCED)

    def is_below_minimum(self, attended: int) -> bool:
        """Fewer came than the roadmap's minimum (checked once the event has taken place)."""
        return self.has_taken_place and attended < self.min_participants

    def meets_target(self, attended: int) -> bool:
        """Counts toward the programme's target: report accepted and the minimum reached.

        A report accepted with an acknowledged shortfall does not count. The minimum is the
        programme's, or the one a federal coordinator lowered by a recorded exception.
        """
        return self.state == EventState.REPORT_ACCEPTED and attended >= self.min_participants

    @property
    def has_minimum_exception(self) -> bool:
        return self.minimum_exception_at is not None

    @property
    def is_videobridge(self) -> bool:
        return self.kind == EventKind.VIDEOBRIDGE

    @property
    def is_round_table(self) -> bool:
        return self.kind == EventKind.ROUND_TABLE

    @property
    def is_seminar(self) -> bool:
        return self.kind == EventKind.SEMINAR


class AgendaItem(models.Model):
    """One line of the event's programme: time, title, speaker and their organisation."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("мероприятие")
    )
    starts_at = models.TimeField(_("время"))
    title = models.CharField(_("тема"), max_length=SHORT_TEXT)
    speaker = models.CharField(_("выступающий"), max_length=SHORT_TEXT, blank=True)
    speaker_organisation = models.CharField(_("организация"), max_length=SHORT_TEXT, blank=True)

    class Meta:
        ordering = ["event", "starts_at", "pk"]
        verbose_name = _("пункт программы")
        verbose_name_plural = _("программа мероприятия")

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.title}"


class SupportItem(models.Model):
    """What a seminar needs from the municipal administration (roadmap step 2.2)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="support", verbose_name=_("мероприятие")
    )
    text = models.CharField(_("что нужно"), max_length=SHORT_TEXT)
    is_confirmed = models.BooleanField(_("администрация подтвердила"), default=False)

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("поддержка администрации")
        verbose_name_plural = _("поддержка администрации")

    def __str__(self) -> str:
        return self.text


class RunningOrderSlot(models.Model):
    """A speaker's slot on the final videobridge: a regional centre or a supported NGO."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="running_order", verbose_name=_("мероприятие")
    )
    starts_at = models.TimeField(_("начало"))
    ends_at = models.TimeField(_("окончание"))
    speaker = models.CharField(_("выступающий"), max_length=SHORT_TEXT)
    organisation = models.CharField(_("организация"), max_length=SHORT_TEXT, blank=True)
    pilot_site = models.ForeignKey(
        "kernel.PilotSite",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("площадка"),
    )

    class Meta:
        ordering = ["event", "starts_at", "pk"]
        verbose_name = _("выступление на видеомосте")
        verbose_name_plural = _("порядок выступлений")

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M} {self.speaker}"


class BridgeSite(models.Model):
    """A pilot site taking part in the videobridge, and whether it actually connected."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="bridge_sites", verbose_name=_("мероприятие")
    )
    pilot_site = models.ForeignKey(
        "kernel.PilotSite", on_delete=models.CASCADE, related_name="+", verbose_name=_("площадка")
    )
    connected = models.BooleanField(_("подключилась"), default=False)

    class Meta:
        ordering = ["event", "pilot_site__region__name"]
        verbose_name = _("площадка на видеомосте")
        verbose_name_plural = _("площадки на видеомосте")
        constraints = [
            models.UniqueConstraint(fields=["event", "pilot_site"], name="bridge_site_once"),
        ]

    def __str__(self) -> str:
        return str(self.pilot_site)


class HistoryAction(models.TextChoices):
    CREATE = "create", _("Создано")
    LOWER_MINIMUM = "lower_minimum", _("Минимум участников снижен по исключению")
    ANNOUNCE = "announce", _("Объявлено")
    MARK_HELD = "mark_held", _("Отмечено как проведённое")
    SUBMIT_REPORT = "submit_report", _("Отчёт отправлен")
    ACCEPT_REPORT = "accept_report", _("Отчёт принят")
    RETURN_REPORT = "return_report", _("Отчёт возвращён")
    LETTER_SENT = "letter_sent", _("Отправлено письмо")
    LETTER_REPLY = "letter_reply", _("Получен ответ на письмо")


class EventHistory(StateHistory):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="history", verbose_name=_("мероприятие")
    )
    action = models.CharField(_("действие"), max_length=20, choices=HistoryAction.choices)
    from_state = models.CharField(_("было"), max_length=20, choices=EventState.choices, blank=True)
    to_state = models.CharField(_("стало"), max_length=20, choices=EventState.choices)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("запись истории мероприятия")
        verbose_name_plural = _("история мероприятий")

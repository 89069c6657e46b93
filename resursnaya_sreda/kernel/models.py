"""The programme kernel: regions, municipalities, organisations, programmes and pilot sites."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel import localtime
from resursnaya_sreda.kernel.validators import validate_inn, validate_ogrn


class FederalDistrict(models.TextChoices):
    CENTRAL = "cfd", _("Центральный")
    NORTHWESTERN = "nwfd", _("Северо-Западный")
    SOUTHERN = "sfd", _("Южный")
    NORTH_CAUCASIAN = "ncfd", _("Северо-Кавказский")
    VOLGA = "vfd", _("Приволжский")
    URAL = "ufd", _("Уральский")
    SIBERIAN = "sibfd", _("Сибирский")
    FAR_EASTERN = "fefd", _("Дальневосточный")


class Region(models.Model):
    """A federal subject of the Russian Federation; shipped as data (89 of them)."""

    code = models.CharField(_("код"), max_length=3, unique=True)
    name = models.CharField(_("название"), max_length=120, unique=True)
    federal_district = models.CharField(
        _("федеральный округ"), max_length=8, choices=FederalDistrict.choices
    )
    timezone = models.CharField(
        _("часовой пояс"),
        max_length=40,
        default=localtime.MOSCOW_ZONE,
        validators=[localtime.validate_zone],
        help_text=_(
            "Имя из базы IANA, например Asia/Vladivostok: в нём вводят и показывают время "
            "мероприятий региона."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("субъект РФ")
        verbose_name_plural = _("субъекты РФ")

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return localtime.zone_of(self.timezone)


class MunicipalityKind(models.TextChoices):
    URBAN_DISTRICT = "urban_district", _("Городской округ")
    MUNICIPAL_DISTRICT = "municipal_district", _("Муниципальный район")
    MUNICIPAL_OKRUG = "municipal_okrug", _("Муниципальный округ")
    URBAN_SETTLEMENT = "urban_settlement", _("Городское поселение")
    RURAL_SETTLEMENT = "rural_settlement", _("Сельское поселение")
    INTRACITY = "intracity", _("Внутригородская территория")


class Municipality(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("регион")
    )
    name = models.CharField(_("название"), max_length=255)
    kind = models.CharField(
        _("вид"),
        max_length=32,
        choices=MunicipalityKind.choices,
        default=MunicipalityKind.URBAN_DISTRICT,
    )
    oktmo = models.CharField(_("ОКТМО"), max_length=11, blank=True)

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("муниципальное образование")
        verbose_name_plural = _("муниципальные образования")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_name"),
            models.UniqueConstraint(
                fields=["oktmo"], condition=~Q(oktmo=""), name="municipality_unique_oktmo"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    NGO = "ngo", _("НКО")
    MUNICIPAL_ADMINISTRATION = "municipal_admin", _("Администрация муниципального образования")
    RESOURCE_CENTRE = "resource_centre", _("Региональный ресурсный центр")
    HOUSE_OF_FRIENDSHIP = "house_of_friendship", _("Дом дружбы")
    PUBLIC_CHAMBER = "public_chamber", _("Общественная палата")
    MEDIA = "media", _("СМИ")
    ACADEMIC = "academic", _("Научная или образовательная организация")
    EXECUTIVE_AUTHORITY = "executive", _("Орган исполнительной власти")
    OTHER = "other", _("Другое")


class Organisation(models.Model):
    name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("краткое наименование"), max_length=255, blank=True)
    kind = models.CharField(_("вид"), max_length=32, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("регион")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("муниципальное образование"),
    )
    inn = models.CharField(_("ИНН"), max_length=12, blank=True, validators=[validate_inn])
    ogrn = models.CharField(_("ОГРН"), max_length=15, blank=True, validators=[validate_ogrn])
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("сайт"), blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        constraints = [
            models.UniqueConstraint(fields=["inn"], condition=~Q(inn=""), name="organisation_inn"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Programme(models.Model):
    """One cycle of «Ресурсная среда»; owns its pilot sites, steps, targets and everything else.

    The landing page texts live here so federal coordinators edit them without a release.
    """

    title = models.CharField(_("название"), max_length=255, unique=True)
    year = models.PositiveIntegerField(_("год"))
    is_current = models.BooleanField(
        _("текущая"), default=False, help_text=_("Её показывает публичный сайт.")
    )
    organiser = models.CharField(
        _("организатор"),
        max_length=255,
        default="АНО «Ресурсный центр в сфере национальных отношений»",
    )
    summary = models.TextField(_("краткое описание"), blank=True)
    goals = models.TextField(_("цели"), blank=True)
    tasks = models.TextField(_("задачи"), blank=True, help_text=_("По одной на строку."))
    conditions = models.TextField(_("условия участия"), blank=True)
    contacts = models.TextField(_("контакты организатора"), blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("программа")
        verbose_name_plural = _("программы")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_programme"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def task_lines(self) -> list[str]:
        return [line.strip() for line in self.tasks.splitlines() if line.strip()]


class PilotSite(models.Model):
    """A pilot region of a programme and the regional resource centre that runs it there."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="pilot_sites", verbose_name=_("программа")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="pilot_sites", verbose_name=_("регион")
    )
    centre = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pilot_sites",
        verbose_name=_("региональный ресурсный центр"),
    )

    class Meta:
        ordering = ["programme", "region__name"]
        verbose_name = _("пилотная площадка")
        verbose_name_plural = _("пилотные площадки")
        constraints = [
            models.UniqueConstraint(fields=["programme", "region"], name="pilot_site_region"),
        ]

    def __str__(self) -> str:
        return f"{self.region} — {self.programme}"


class RoadmapStep(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="steps", verbose_name=_("программа")
    )
    number = models.PositiveSmallIntegerField(_("номер"))
    title = models.CharField(_("название"), max_length=255)
    summary = models.TextField(_("что происходит"), blank=True)
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("шаг дорожной карты")
        verbose_name_plural = _("шаги дорожной карты")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="step_number"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="step_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"Шаг {self.number}. {self.title}"

    def state_on(self, day: datetime.date | None = None) -> str:
        """``done``, ``current`` or ``ahead`` relative to ``day`` (today by default)."""
        day = day or timezone.localdate()
        if day > self.ends_on:
            return "done"
        if day < self.starts_on:
            return "ahead"
        return "current"

    def is_open_on(self, day: datetime.date | None = None) -> bool:
        return self.state_on(day) == "current"


class Responsible(models.TextChoices):
    FEDERAL = "federal", _("Федеральный ресурсный центр")
    PILOT_SITE = "pilot_site", _("Пилотная площадка")
    BOTH = "both", _("Совместно")


class RoadmapTask(models.Model):
    step = models.ForeignKey(
        RoadmapStep, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("шаг")
    )
    number = models.PositiveSmallIntegerField(_("номер"))
    text = models.TextField(_("задача"))
    responsible = models.CharField(
        _("ответственный"), max_length=16, choices=Responsible.choices, default=Responsible.BOTH
    )

    class Meta:
        ordering = ["step", "number"]
        verbose_name = _("задача шага")
        verbose_name_plural = _("задачи шагов")
        constraints = [
            models.UniqueConstraint(fields=["step", "number"], name="task_number"),
        ]

    def __str__(self) -> str:
        return f"{self.step.number}.{self.number}. {self.text[:60]}"


class TargetCode(models.TextChoices):
    BEST_PRACTICES = "best_practices", _("Список лучших практик")
    SEMINARS = "seminars", _("Семинары, всего")
    SEMINARS_PER_SITE = "seminars_per_site", _("Семинары на пилотную площадку")
    SEMINAR_PARTICIPANTS = "seminar_participants", _("Участников семинара, не менее")
    CONTEST_PRACTICES_PER_SITE = (
        "contest_practices_per_site",
        _("Практик для конкурса на пилотную площадку"),
    )
    VIDEO_STORIES = "video_stories", _("Видеосюжеты, всего")
    VIDEO_PRACTICES_PER_STORY = "video_practices_per_story", _("Практик в видеосюжете")
    VIDEO_STORIES_PER_SITE = "video_stories_per_site", _("Видеосюжетов на пилотную площадку")
    CONTEST_ENTRIES_PER_SITE = (
        "contest_entries_per_site",
        _("Конкурсных заявок на пилотную площадку, не менее"),
    )
    ROUND_TABLES = "round_tables", _("Круглые столы, всего")
    ROUND_TABLE_PARTICIPANTS = "round_table_participants", _("Участников круглого стола, не менее")
    VIDEOBRIDGE = "videobridge", _("Итоговый видеомост")


class Target(models.Model):
    """A figure the federal centre reports, such as 20 seminars with at least 15 participants."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="targets", verbose_name=_("программа")
    )
    step = models.ForeignKey(
        RoadmapStep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("шаг"),
    )
    code = models.CharField(_("показатель"), max_length=40, choices=TargetCode.choices)
    value = models.PositiveIntegerField(_("значение"))

    class Meta:
        ordering = ["programme", "step__number", "code"]
        verbose_name = _("целевой показатель")
        verbose_name_plural = _("целевые показатели")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="target_code"),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.value}"


class ConsentPurpose(models.TextChoices):
    ACCOUNT = "account", _("Учётная запись портала")
    QUESTIONNAIRE = "questionnaire", _("Анкета лучшей практики")
    EVENT_REGISTRATION = "event_registration", _("Регистрация на мероприятие")
    EVENT_PHOTO = "event_photo", _("Фото- и видеосъёмка на мероприятии")


class ConsentText(models.Model):
    """One wording of a consent, kept for good so a consent given can be shown as it was.

    Added by data migrations only (``kernel/consent.py`` says how); never edited.
    """

    purpose = models.CharField(_("назначение"), max_length=32, choices=ConsentPurpose.choices)
    version = models.CharField(_("редакция"), max_length=16)
    text = models.TextField(
        _("текст"), help_text=_("Абзацы через пустую строку; {organiser} — организатор программы.")
    )
    created_at = models.DateTimeField(_("сохранена"), auto_now_add=True)

    class Meta:
        ordering = ["purpose", "version"]
        verbose_name = _("текст согласия")
        verbose_name_plural = _("тексты согласий")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="consent_text_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}, {self.version}"


class AccessAction(models.TextChoices):
    VIEW = "view", _("просмотр страницы")
    DOWNLOAD = "download", _("скачивание файла")
    EXPORT = "export", _("выгрузка документа")
    ADMIN_LIST = "admin_list", _("список в админке")
    ADMIN_VIEW = "admin_view", _("карточка в админке")
    REQUEST = "request", _("запрос субъекта ПДн")


class PersonalDataAccess(models.Model):
    """One read of personal data: who, when, what, from where (152-ФЗ).

    Rows are only ever added by ``kernel.access_log.access_record`` and removed after
    ``ACCESS_LOG_RETENTION_DAYS`` by the daily task; the portal offers no way to edit or delete
    one. ``user_email`` keeps the reader's address if their account is later removed.
    """

    at = models.DateTimeField(_("когда"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    user_email = models.CharField(_("e-mail читавшего"), max_length=254, blank=True)
    action = models.CharField(_("действие"), max_length=16, choices=AccessAction.choices)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("вид записи"),
    )
    object_id = models.CharField(_("номер записи"), max_length=64, blank=True)
    what = models.CharField(_("что"), max_length=300)
    parameters = models.JSONField(_("параметры"), default=dict, blank=True)
    path = models.CharField(_("адрес страницы"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("откуда (IP)"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("чтение персональных данных")
        verbose_name_plural = _("журнал чтения персональных данных")
        indexes = [
            models.Index(fields=["user", "-at"], name="pdaccess_user_at"),
            models.Index(fields=["content_type", "object_id"], name="pdaccess_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.user_email}: {self.what}"


class PersonalDataRequestKind(models.TextChoices):
    EXPORT = "export", _("выгрузка данных субъекта")
    ERASURE = "erasure", _("удаление по запросу субъекта")
    ANONYMISE = "anonymise", _("обезличивание по сроку хранения")


class PersonalDataRequest(models.Model):
    """A record that a 152-ФЗ duty was carried out: an export, an erasure, an anonymisation run.

    An erasure keeps only a SHA-256 of the address (to answer «was it done?» when the person
    asks again), never the address itself.
    """

    kind = models.CharField(_("вид"), max_length=16, choices=PersonalDataRequestKind.choices)
    subject_email = models.CharField(_("e-mail субъекта"), max_length=254, blank=True)
    subject_hash = models.CharField(_("отпечаток e-mail (SHA-256)"), max_length=64, blank=True)
    programme = models.ForeignKey(
        "kernel.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("программа"),
    )
    reason = models.TextField(_("основание"), blank=True)
    counts = models.JSONField(_("что сделано"), default=dict, blank=True)
    done_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    done_at = models.DateTimeField(_("когда"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-done_at", "-pk"]
        verbose_name = _("запрос по персональным данным")
        verbose_name_plural = _("запросы по персональным данным")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.done_at:%d.%m.%Y}"


class StateHistory(models.Model):
    """One state change of a record: who, when and why. A concrete history adds the record it
    belongs to, ``action``, ``from_state`` and ``to_state`` with its own choices
    (``QuestionnaireHistory``, ``EventHistory``); the shared fields and their names live here."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    message = models.TextField(_("сообщение"), blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%d.%m.%Y %H:%M})"  # type: ignore[attr-defined]

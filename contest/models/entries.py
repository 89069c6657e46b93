"""Contest entries: prefilled from a practice, checked by the regional centre, sent, awarded."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contest.models.contests import (
    MAX_ATTACHMENT_MB,
    AttachmentRequirement,
    Contest,
    EntryQuestion,
    Nomination,
)
from resursnaya_sreda.kernel.models import StateHistory
from resursnaya_sreda.kernel.questions import TEXT_CAP
from resursnaya_sreda.kernel.uploads import ANY_DOCUMENT, MB, SCANS, StoredFile, StoredFileField


class EntryState(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    SUBMITTED = "submitted", _("На проверке")
    RETURNED = "returned", _("Возвращена на доработку")
    CHECKED = "checked", _("Проверена")
    SENT = "sent", _("Отправлена организатору")
    RESULT = "result", _("Итог записан")


#: The applicant (and the regional centre helping them) may change these.
EDITABLE_STATES = (EntryState.DRAFT, EntryState.RETURNED)
#: Entries that count towards the site's target: checked by the regional centre, or later.
COUNTED_STATES = (EntryState.CHECKED, EntryState.SENT, EntryState.RESULT)


class Result(models.TextChoices):
    WINNER = "winner", _("Победитель")
    PRIZE_WINNER = "prize_winner", _("Призёр")
    PARTICIPANT = "participant", _("Участник")


PLACED_RESULTS = (Result.WINNER, Result.PRIZE_WINNER)
SHORT_TEXT = 255


class Entry(models.Model):
    """One practice's entry in one nomination, from the draft to the organiser's result."""

    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="entries", verbose_name=_("конкурс")
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="entries", verbose_name=_("номинация")
    )
    questionnaire = models.ForeignKey(
        "practices.Questionnaire",
        on_delete=models.PROTECT,
        related_name="contest_entries",
        verbose_name=_("практика"),
    )
    pilot_practice = models.ForeignKey(
        "practices.PilotPractice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contest_entries",
        verbose_name=_("практика пилотной площадки"),
    )
    organisation = models.ForeignKey(
        "kernel.Organisation",
        on_delete=models.PROTECT,
        related_name="contest_entries",
        verbose_name=_("организация"),
    )
    region = models.ForeignKey(
        "kernel.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("регион")
    )
    pilot_site = models.ForeignKey(
        "kernel.PilotSite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contest_entries",
        verbose_name=_("пилотная площадка"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("создал"),
    )
    state = models.CharField(
        _("состояние"), max_length=16, choices=EntryState.choices, default=EntryState.DRAFT
    )

    # --- Copied from the practice when the entry starts; the questionnaire never changes ---
    title = models.CharField(_("название практики"), max_length=SHORT_TEXT)
    municipality = models.ForeignKey(
        "kernel.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("муниципальное образование"),
    )
    direction = models.ForeignKey(
        "practices.Direction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("направление"),
    )
    contact_name = models.CharField(
        _("руководитель практики (ФИО)"), max_length=SHORT_TEXT, blank=True
    )
    contact_position = models.CharField(_("должность"), max_length=SHORT_TEXT, blank=True)
    contact_phone = models.CharField(_("телефон"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)

    # --- The regional check ----------------------------------------------------------------
    return_message = models.TextField(_("сообщение при возврате"), blank=True)
    submitted_at = models.DateTimeField(_("отправлена на проверку"), null=True, blank=True)
    checked_at = models.DateTimeField(_("проверена"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("проверил"),
    )

    # --- Sending and the result ------------------------------------------------------------
    sent_on = models.DateField(_("дата отправки организатору"), null=True, blank=True)
    organiser_number = models.CharField(
        _("регистрационный номер у организатора"), max_length=64, blank=True
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("отправил"),
    )
    result = models.CharField(_("итог"), max_length=16, choices=Result.choices, blank=True)
    place = models.PositiveSmallIntegerField(
        _("место"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    diploma = StoredFileField(
        _("скан диплома"), upload_to="contest/diplomas", kinds=SCANS, max_size=20 * MB, blank=True
    )
    diploma_name = models.CharField(_("имя файла диплома"), max_length=SHORT_TEXT, blank=True)
    result_recorded_at = models.DateTimeField(_("итог записан"), null=True, blank=True)

    # --- Bookkeeping -----------------------------------------------------------------------
    version = models.PositiveIntegerField(_("версия"), default=1)
    last_editor_token = models.CharField(
        max_length=64, blank=True, editable=False, verbose_name=_("метка редактора")
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("последним изменил"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)
    state_changed_at = models.DateTimeField(_("состояние изменено"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("конкурсная заявка")
        verbose_name_plural = _("конкурсные заявки")
        indexes = [
            models.Index(fields=["contest", "state"], name="entry_contest_state"),
            models.Index(fields=["pilot_site", "state"], name="entry_site_state"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "nomination"], name="entry_once_per_nomination"
            ),
            models.CheckConstraint(
                condition=Q(state__in=EntryState.values), name="entry_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["sent", "result"]) | Q(sent_on__isnull=False),
                name="entry_sent_has_date",
            ),
            models.CheckConstraint(
                condition=Q(result="") | Q(state="result"), name="entry_result_only_when_recorded"
            ),
            models.CheckConstraint(
                condition=Q(place__isnull=True) | Q(result__in=["winner", "prize_winner"]),
                name="entry_place_only_when_placed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.nomination}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def counts_for_target(self) -> bool:
        return self.state in COUNTED_STATES

    @property
    def result_display(self) -> str:
        if not self.result:
            return ""
        label = str(self.get_result_display())
        return f"{label}, {self.place} место" if self.place else label


class EntryAnswer(models.Model):
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="answers", verbose_name=_("заявка")
    )
    question = models.ForeignKey(
        EntryQuestion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("вопрос")
    )
    text = models.TextField(_("текст"), blank=True, validators=[MaxLengthValidator(TEXT_CAP)])
    number = models.DecimalField(_("число"), max_digits=18, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("ответ заявки")
        verbose_name_plural = _("ответы заявок")
        constraints = [
            models.UniqueConstraint(fields=["entry", "question"], name="entry_answer_once"),
        ]

    def __str__(self) -> str:
        return self.display_value

    @property
    def display_value(self) -> str:
        if self.number is not None:
            return f"{self.number.normalize():f}"
        return self.text


class EntryAttachment(StoredFile):
    """The file for one of the organiser's required attachments; its limits are the
    requirement's, checked by the upload field."""

    file = StoredFileField(
        _("файл"),
        upload_to="contest/attachments",
        kinds=ANY_DOCUMENT,
        max_size=MAX_ATTACHMENT_MB * MB,
    )
    thumbnail = StoredFileField(
        _("миниатюра"), upload_to="contest/thumbnails", blank=True, editable=False
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("заявка")
    )
    requirement = models.ForeignKey(
        AttachmentRequirement,
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name=_("приложение"),
    )
    copied_from_questionnaire = models.BooleanField(_("взято из анкеты"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто загрузил"),
    )

    class Meta:
        ordering = ["entry", "requirement__position", "pk"]
        verbose_name = _("файл заявки")
        verbose_name_plural = _("файлы заявок")
        constraints = [
            models.UniqueConstraint(fields=["entry", "requirement"], name="entry_file_once"),
        ]


class EntryAction(models.TextChoices):
    CREATE = "create", _("Создана")
    SUBMIT = "submit", _("Отправлена на проверку")
    RESUBMIT = "resubmit", _("Отправлена на проверку повторно")
    RETURN = "return", _("Возвращена на доработку")
    CHECK = "check", _("Проверена региональным центром")
    SEND = "send", _("Отправлена организатору")
    RESULT = "result", _("Записан итог конкурса")


class EntryHistory(StateHistory):
    """Who moved an entry, when, from which state to which, and with what message."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="history", verbose_name=_("заявка")
    )
    action = models.CharField(_("действие"), max_length=16, choices=EntryAction.choices)
    from_state = models.CharField(_("было"), max_length=16, choices=EntryState.choices, blank=True)
    to_state = models.CharField(_("стало"), max_length=16, choices=EntryState.choices)

    class Meta:
        ordering = ["entry", "created_at", "pk"]
        verbose_name = _("запись истории заявки")
        verbose_name_plural = _("история заявок")


class FieldComment(models.Model):
    """The regional centre's remark on one field of an entry; the applicant sees it beside
    the field until it is resolved."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="comments", verbose_name=_("заявка")
    )
    field = models.CharField(_("поле"), max_length=64, blank=True)
    text = models.TextField(_("замечание"), validators=[MaxLengthValidator(2000)])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("автор"),
    )
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("снято"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто закрыл"),
    )

    class Meta:
        ordering = ["entry", "created_at", "pk"]
        verbose_name = _("замечание к полю заявки")
        verbose_name_plural = _("замечания к полям заявок")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class CheckItem(models.TextChoices):
    """The regional centre's checklist; the automatic part of each item is computed."""

    REQUIRED = "required", _("Все обязательные поля и приложения на месте")
    FIGURES = "figures", _("Цифры совпадают с анкетой")
    LIMITS = "limits", _("Тексты укладываются в ограничения организатора")
    CONSENTS = "consents", _("Согласия и письмо поддержки приложены")
    LEGIBLE = "legible", _("Файлы открываются и читаются")


class EntryCheck(models.Model):
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="checks", verbose_name=_("заявка")
    )
    item = models.CharField(_("пункт"), max_length=16, choices=CheckItem.choices)
    passed = models.BooleanField(_("выполнено"), default=False)
    note = models.CharField(_("примечание"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто проверил"),
    )
    checked_at = models.DateTimeField(_("когда"), auto_now=True)

    class Meta:
        ordering = ["entry", "pk"]
        verbose_name = _("пункт проверки")
        verbose_name_plural = _("пункты проверки")
        constraints = [
            models.UniqueConstraint(fields=["entry", "item"], name="entry_check_once"),
            models.CheckConstraint(
                condition=Q(item__in=CheckItem.values), name="entry_check_item_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_item_display())


class PackageState(models.TextChoices):
    QUEUED = "queued", _("В очереди")
    RUNNING = "running", _("Собирается")
    DONE = "done", _("Готов")
    FAILED = "failed", _("Ошибка")


class Package(models.Model):
    """The ZIP for the organiser: an entry's PDF, its files and a manifest — for one entry
    or for every checked entry of a pilot site. Kept as evidence of what was sent."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="packages", verbose_name=_("конкурс")
    )
    entry = models.ForeignKey(
        Entry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="packages",
        verbose_name=_("заявка"),
    )
    pilot_site = models.ForeignKey(
        "kernel.PilotSite",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contest_packages",
        verbose_name=_("пилотная площадка"),
    )
    state = models.CharField(
        _("состояние"), max_length=16, choices=PackageState.choices, default=PackageState.QUEUED
    )
    file = StoredFileField(_("архив"), upload_to="contest/packages", blank=True)
    file_name = models.CharField(_("имя файла"), max_length=SHORT_TEXT, blank=True)
    size = models.PositiveBigIntegerField(_("размер, байт"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    manifest = models.JSONField(_("опись"), default=dict, blank=True)
    error = models.TextField(_("ошибка"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто запросил"),
    )
    created_at = models.DateTimeField(_("заказан"), auto_now_add=True)
    finished_at = models.DateTimeField(_("готов"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("пакет для организатора")
        verbose_name_plural = _("пакеты для организатора")
        constraints = [
            models.CheckConstraint(
                condition=(Q(entry__isnull=False) & Q(pilot_site__isnull=True))
                | (Q(entry__isnull=True) & Q(pilot_site__isnull=False)),
                name="package_entry_or_site",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name or str(self.pk)

    @property
    def is_active(self) -> bool:
        return self.state in {PackageState.QUEUED, PackageState.RUNNING}

"""The contest of a programme: its dates, nominations and the entry form the organiser asks for.

The organiser's form is data: questions (``EntryQuestion``, the kernel's configurable-question
pattern) and the attachments it requires (``AttachmentRequirement``), both edited in the admin.
A question may name the questionnaire answer it starts from, so nothing is typed twice.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.questions import ConfigurableQuestion
from resursnaya_sreda.kernel.uploads import DOCUMENTS, IMAGES, ODP, PDF, PPTX, SCANS, Kind

ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


class Contest(models.Model):
    """One edition of the All-Russian contest, as it concerns the programme's practices."""

    programme = models.ForeignKey(
        "kernel.Programme",
        on_delete=models.CASCADE,
        related_name="contests",
        verbose_name=_("программа"),
    )
    title = models.CharField(
        _("название"),
        max_length=500,
        default="Всероссийский конкурс лучших практик в сфере национальных отношений",
    )
    edition = models.PositiveSmallIntegerField(
        _("номер конкурса"), default=3, validators=[MinValueValidator(1), MaxValueValidator(39)]
    )
    organiser = models.CharField(_("организатор конкурса"), max_length=255)
    organiser_email = models.EmailField(_("e-mail организатора"), blank=True)
    description = models.TextField(_("о конкурсе"), blank=True)
    entries_open_on = models.DateField(_("приём заявок с"))
    deadline = models.DateTimeField(
        _("приём заявок до"), help_text=_("Дата и время по Москве, как их назвал организатор.")
    )
    results_on = models.DateField(_("итоги"), null=True, blank=True)
    max_entries_per_practice = models.PositiveSmallIntegerField(
        _("заявок от одной практики, не больше"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Сколько номинаций одна практика может заявить по правилам организатора."),
    )
    warning_days = models.PositiveSmallIntegerField(
        _("предупреждать за, дней"),
        default=14,
        help_text=_(
            "Площадки, где не хватает проверенных заявок, выделяются красным за столько "
            "дней до окончания приёма."
        ),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        ordering = ["-programme__year", "-edition"]
        verbose_name = _("конкурс")
        verbose_name_plural = _("конкурсы")
        constraints = [
            models.UniqueConstraint(fields=["programme", "edition"], name="contest_edition_once"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return f"{roman(self.edition)} {self.title}"

    def clean(self) -> None:
        if self.deadline and self.entries_open_on:
            if timezone.localtime(self.deadline).date() < self.entries_open_on:
                raise ValidationError(
                    {"deadline": _("Приём заявок не может закончиться раньше, чем начнётся.")}
                )
            if self.results_on and self.results_on < timezone.localtime(self.deadline).date():
                raise ValidationError({"results_on": _("Итоги подводятся после приёма заявок.")})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return timezone.localdate(now) >= self.entries_open_on and now <= self.deadline


class Nomination(models.Model):
    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("конкурс")
    )
    title = models.CharField(_("номинация"), max_length=255)
    description = models.TextField(_("описание"), blank=True)
    is_special = models.BooleanField(
        _("специальная номинация программы"),
        default=False,
        help_text=_("Номинация для участников «Ресурсной среды»; у конкурса она одна."),
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        ordering = ["contest", "-is_special", "position", "title"]
        verbose_name = _("номинация")
        verbose_name_plural = _("номинации")
        constraints = [
            models.UniqueConstraint(fields=["contest", "title"], name="nomination_title_once"),
            models.UniqueConstraint(
                fields=["contest"], condition=Q(is_special=True), name="contest_one_special"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PrefillSource(models.TextChoices):
    """Questionnaire answers a contest question may start from (``partners`` joins four)."""

    PROBLEM = "problem", _("Анкета: на какую проблему отвечает практика")
    GOALS = "goals", _("Анкета: цели и задачи")
    TARGET_GROUPS = "target_groups", _("Анкета: целевые группы")
    PEOPLE_REACHED = "people_reached", _("Анкета: сколько человек охвачено")
    PERIOD = "period", _("Анкета: сроки реализации")
    GEOGRAPHY = "geography", _("Анкета: география")
    PARTNERS = "partners", _("Анкета: партнёры (все четыре поля)")
    RESOURCES = "resources", _("Анкета: ресурсы")
    RESULTS_QUANTITATIVE = "results_quantitative", _("Анкета: количественные результаты")
    RESULTS_QUALITATIVE = "results_qualitative", _("Анкета: качественные результаты")
    REPLICATION = "replication", _("Анкета: как повторить практику")
    MEDIA_LINKS = "media_links", _("Анкета: ссылки на публикации")


class EntryQuestion(ConfigurableQuestion):
    """A question of the organiser's entry form; ``source`` prefills it from the questionnaire."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="questions", verbose_name=_("конкурс")
    )
    source = models.CharField(
        _("заполняется из анкеты"),
        max_length=32,
        choices=PrefillSource.choices,
        blank=True,
        help_text=_("Ответ подставится из анкеты практики; заявитель может его изменить."),
    )

    class Meta:
        ordering = ["contest", "position", "pk"]
        verbose_name = _("вопрос формы заявки")
        verbose_name_plural = _("вопросы формы заявки")

    @property
    def anchor(self) -> str:
        return f"q-{self.pk}"


class FileKinds(models.TextChoices):
    SCANS = "scans", _("Скан: PDF или изображение")
    DOCUMENTS = "documents", _("Документ: PDF, DOCX, ODT, XLSX…")
    PRESENTATION = "presentation", _("Презентация: PDF, PPTX, ODP")
    IMAGES = "images", _("Фотография: JPEG, PNG, WebP")


KINDS_BY_CHOICE: dict[str, tuple[Kind, ...]] = {
    FileKinds.SCANS: SCANS,
    FileKinds.DOCUMENTS: DOCUMENTS,
    FileKinds.PRESENTATION: (PDF, PPTX, ODP),
    FileKinds.IMAGES: IMAGES,
}
MAX_ATTACHMENT_MB = 50


class AttachmentRequirement(models.Model):
    """A file the organiser asks for: its types, size limit and whether it is required."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("конкурс")
    )
    title = models.CharField(_("приложение"), max_length=255)
    help_text = models.CharField(_("подсказка"), max_length=500, blank=True)
    kinds = models.CharField(
        _("типы файлов"), max_length=16, choices=FileKinds.choices, default=FileKinds.SCANS
    )
    max_size_mb = models.PositiveSmallIntegerField(
        _("не больше, МБ"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ATTACHMENT_MB)],
    )
    is_required = models.BooleanField(_("обязательное"), default=True)
    is_consent = models.BooleanField(
        _("это согласие"), default=False, help_text=_("Проверяется пунктом «согласия» чек-листа.")
    )
    is_support_letter = models.BooleanField(
        _("это письмо поддержки"),
        default=False,
        help_text=_("Письмо поддержки регионального ресурсного центра."),
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("запрашивать"), default=True)

    class Meta:
        ordering = ["contest", "position", "pk"]
        verbose_name = _("приложение к заявке")
        verbose_name_plural = _("приложения к заявке")

    def __str__(self) -> str:
        return self.title

    @property
    def anchor(self) -> str:
        return f"a-{self.pk}"

    @property
    def file_kinds(self) -> tuple[Kind, ...]:
        return KINDS_BY_CHOICE[self.kinds]

    @property
    def max_size(self) -> int:
        return self.max_size_mb * 1024 * 1024

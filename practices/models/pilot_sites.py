"""Step 3: each pilot site's two practices for replication and the national contest, and the
log of the regional centre's support for them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from practices.models.questionnaires import (
    ATTACHMENT_KINDS,
    ATTACHMENT_MAX_SIZE,
    LONG_TEXT,
    SHORT_TEXT,
    Questionnaire,
)
from resursnaya_sreda.kernel.uploads import StoredFileField

# How many practices a site chooses is the programme's target (CONTEST_PRACTICES_PER_SITE);
# this is the default for a programme without one, and the database's upper bound below.
PRACTICES_PER_SITE = 2
MAX_PRACTICES_PER_SITE = 5


class PilotPracticeState(models.TextChoices):
    PROPOSED = "proposed", _("Предложена")
    CONFIRMED = "confirmed", _("Подтверждена")


class PilotPractice(models.Model):
    """One of a pilot site's practices for replication and the national contest (two in the
    2020 cycle: the programme's target says how many).

    ``slot`` is unique per site and bounded by the database; the service holds the target.
    """

    pilot_site = models.ForeignKey(
        "kernel.PilotSite",
        on_delete=models.CASCADE,
        related_name="pilot_practices",
        verbose_name=_("пилотная площадка"),
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="pilot_practices",
        verbose_name=_("практика"),
    )
    slot = models.PositiveSmallIntegerField(_("место"))
    state = models.CharField(
        _("состояние"),
        max_length=16,
        choices=PilotPracticeState.choices,
        default=PilotPracticeState.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто предложил"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто утвердил"),
    )
    confirmed_at = models.DateTimeField(_("подтверждена"), null=True, blank=True)
    created_at = models.DateTimeField(_("предложена"), auto_now_add=True)

    class Meta:
        ordering = ["pilot_site", "slot"]
        verbose_name = _("практика пилотной площадки")
        verbose_name_plural = _("практики пилотных площадок")
        constraints = [
            models.CheckConstraint(
                condition=Q(slot__gte=1, slot__lte=MAX_PRACTICES_PER_SITE),
                name="pilot_practice_slot_range",
            ),
            models.UniqueConstraint(fields=["pilot_site", "slot"], name="pilot_practice_two_slots"),
            models.UniqueConstraint(
                fields=["pilot_site", "questionnaire"], name="pilot_practice_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pilot_site}: {self.questionnaire}"


class SupportKind(models.TextChoices):
    METHODOLOGICAL = "methodological", _("Методическая")
    ORGANISATIONAL = "organisational", _("Организационная")
    INFORMATIONAL = "informational", _("Информационная")


class SupportEntry(models.Model):
    """What the regional centre did to support a chosen practice."""

    practice = models.ForeignKey(
        PilotPractice,
        on_delete=models.CASCADE,
        related_name="support_log",
        verbose_name=_("практика"),
    )
    date = models.DateField(_("дата"))
    kind = models.CharField(_("вид поддержки"), max_length=16, choices=SupportKind.choices)
    text = models.TextField(_("что сделано"), validators=[MaxLengthValidator(LONG_TEXT)])
    file = StoredFileField(
        _("файл"),
        upload_to="practices/support",
        kinds=ATTACHMENT_KINDS,
        max_size=ATTACHMENT_MAX_SIZE,
        blank=True,
    )
    file_name = models.CharField(_("имя файла"), max_length=SHORT_TEXT, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("автор"),
    )
    created_at = models.DateTimeField(_("записано"), auto_now_add=True)

    class Meta:
        ordering = ["practice", "-date", "-pk"]
        verbose_name = _("запись о поддержке практики")
        verbose_name_plural = _("журнал поддержки практик")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_kind_display()}"

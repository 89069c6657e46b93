"""The federal view's own records: a roadmap task marked done by staff, and frozen snapshots
of the consolidated report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.limits import LONG_TEXT
from resursnaya_sreda.kernel.uploads import get_private_storage


class TaskMark(models.Model):
    """A roadmap task a federal coordinator marked done, with a note on what proves it."""

    task = models.OneToOneField(
        "kernel.RoadmapTask",
        on_delete=models.CASCADE,
        related_name="dashboard_mark",
        verbose_name=_("задача"),
    )
    note = models.TextField(_("что подтверждает выполнение"), max_length=LONG_TEXT)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(_("отмечена"), auto_now_add=True)

    class Meta:
        verbose_name = _("отметка о выполнении задачи")
        verbose_name_plural = _("отметки о выполнении задач")
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="task_mark_has_note")]

    def __str__(self) -> str:
        return str(self.task)


class SnapshotState(models.TextChoices):
    BUILDING = "building", _("Формируется")
    READY = "ready", _("Готов")
    FAILED = "failed", _("Ошибка")


class Snapshot(models.Model):
    """The consolidated report frozen for a period: the figures, the ids of the records they
    count, and the files rendered from them with their SHA-256. Never edited after it is
    ready; a second freeze of the same period is a new version."""

    programme = models.ForeignKey(
        "kernel.Programme",
        on_delete=models.PROTECT,
        related_name="dashboard_snapshots",
        verbose_name=_("программа"),
    )
    pilot_site = models.ForeignKey(
        "kernel.PilotSite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dashboard_snapshots",
        verbose_name=_("площадка"),
        help_text=_("Пусто — все площадки."),
    )
    starts_on = models.DateField(_("начало периода"))
    ends_on = models.DateField(_("конец периода"))
    version = models.PositiveSmallIntegerField(_("версия"), default=1)
    title = models.CharField(_("название"), max_length=255)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("зафиксировал"),
    )
    frozen_at = models.DateTimeField(_("зафиксирован"))
    data = models.JSONField(_("данные отчёта"), default=dict)
    state = models.CharField(
        _("состояние"), max_length=16, choices=SnapshotState.choices, default=SnapshotState.BUILDING
    )
    pdf = models.FileField(
        _("PDF"), storage=get_private_storage, upload_to="dashboard/", max_length=255, blank=True
    )
    pdf_sha256 = models.CharField(_("SHA-256 PDF"), max_length=64, blank=True)
    xlsx = models.FileField(
        _("XLSX"), storage=get_private_storage, upload_to="dashboard/", max_length=255, blank=True
    )
    xlsx_sha256 = models.CharField(_("SHA-256 XLSX"), max_length=64, blank=True)
    error = models.TextField(_("причина ошибки"), blank=True)

    class Meta:
        ordering = ["-frozen_at", "-pk"]
        verbose_name = _("зафиксированный отчёт")
        verbose_name_plural = _("зафиксированные отчёты")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "pilot_site", "starts_on", "ends_on", "version"],
                name="snapshot_version_once",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="snapshot_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

"""Document jobs: one request for one document, followed from the queue to the file."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports.engine import Format
from resursnaya_sreda.kernel.uploads import get_private_storage


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("В очереди")
    RUNNING = "running", _("Формируется")
    DONE = "done", _("Готово")
    FAILED = "failed", _("Ошибка")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class DocumentJob(models.Model):
    """A requested document. Its file lives in private storage and is served by a view."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("вид документа"), max_length=64)
    title = models.CharField(_("название"), max_length=255)
    format = models.CharField(_("формат"), max_length=8, choices=Format.choices)
    parameters = models.JSONField(_("параметры"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="document_jobs",
        verbose_name=_("кто запросил"),
    )
    status = models.CharField(
        _("состояние"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("готовность, %"), default=0)
    #: Identical active requests share this key; the partial unique constraint below makes the
    #: database refuse a second queued or running job for the same person and parameters.
    dedupe_key = models.CharField(_("ключ повторного запроса"), max_length=64)
    file = models.FileField(
        _("файл"), storage=get_private_storage, upload_to="documents/", max_length=255, blank=True
    )
    file_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("размер, байт"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("страниц"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("строк"), null=True, blank=True)
    error = models.TextField(_("причина ошибки"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("запусков"), default=0)
    task_id = models.CharField(_("задача Celery"), max_length=64, blank=True)
    enqueue_failures = models.PositiveSmallIntegerField(
        _("неудачных постановок в очередь"), default=0
    )
    created_at = models.DateTimeField(_("запрошен"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("поставлен в очередь"), null=True, blank=True)
    started_at = models.DateTimeField(_("начат"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("последний признак жизни"), null=True, blank=True)
    finished_at = models.DateTimeField(_("завершён"), null=True, blank=True)
    file_deleted_at = models.DateTimeField(_("файл удалён"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("задание на документ")
        verbose_name_plural = _("задания на документы")
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="docjob_user_created"),
            models.Index(fields=["status", "created_at"], name="docjob_status_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=Q(status__in=["queued", "running"]),
                name="document_job_one_active_per_key",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="document_job_progress_percent"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="document_job_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_format_display()}), {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def restarted(self) -> bool:
        """Active again after a run that did not finish (its worker was lost, or a retry)."""
        if self.status == JobStatus.QUEUED:
            return self.attempts >= 1
        return self.status == JobStatus.RUNNING and self.attempts >= 2

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def has_file(self) -> bool:
        return self.is_done and bool(self.file) and self.file_deleted_at is None

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

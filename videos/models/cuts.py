"""The final cut: received in resumable pieces, checked by ffprobe, with poster and preview."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.uploads import StoredFileField
from videos.models.specifications import Specification
from videos.models.stories import Story


class CheckState(models.TextChoices):
    PENDING = "pending", _("Ждёт проверки")
    RUNNING = "running", _("Проверяется")
    PASSED = "passed", _("Соответствует требованиям")
    FAILED = "failed", _("Не соответствует требованиям")
    ERROR = "error", _("Не удалось прочитать")


class Cut(models.Model):
    """One uploaded final cut of a story; the newest one is the story's current cut.

    ``report`` is the list of checks, each ``{"code", "label", "ok", "message"}``, written by
    the worker in Russian («длительность 7:42 — больше 5:00»).
    """

    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="cuts", verbose_name=_("видеосюжет")
    )
    file = StoredFileField(_("файл"), upload_to="videos/cuts", blank=True)
    display_name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveBigIntegerField(_("размер, байт"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто загрузил"),
    )
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)
    specification = models.ForeignKey(
        Specification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cuts",
        verbose_name=_("проверен по редакции"),
    )
    check_state = models.CharField(
        _("проверка"), max_length=8, choices=CheckState.choices, default=CheckState.PENDING
    )
    report = models.JSONField(_("результаты проверки"), default=list, blank=True)
    error = models.TextField(_("ошибка проверки"), blank=True)
    checked_at = models.DateTimeField(_("проверен"), null=True, blank=True)
    duration = models.FloatField(_("длительность, секунд"), null=True, blank=True)
    width = models.PositiveIntegerField(_("ширина"), null=True, blank=True)
    height = models.PositiveIntegerField(_("высота"), null=True, blank=True)
    fps = models.FloatField(_("кадров в секунду"), null=True, blank=True)
    video_codec = models.CharField(_("видеокодек"), max_length=40, blank=True)
    audio_codec = models.CharField(_("аудиокодек"), max_length=40, blank=True)
    container = models.CharField(_("контейнер"), max_length=80, blank=True)
    loudness = models.FloatField(_("громкость, LUFS"), null=True, blank=True)
    poster = StoredFileField(_("кадр-обложка"), upload_to="videos/posters", blank=True)
    preview = StoredFileField(_("превью"), upload_to="videos/previews", blank=True)

    class Meta:
        ordering = ["story", "-uploaded_at", "-pk"]
        verbose_name = _("монтаж сюжета")
        verbose_name_plural = _("монтажи сюжетов")
        constraints = [
            models.CheckConstraint(
                condition=Q(check_state__in=CheckState.values), name="video_cut_check_valid"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def passed(self) -> bool:
        return self.check_state == CheckState.PASSED

    @property
    def is_checked(self) -> bool:
        return self.check_state in {CheckState.PASSED, CheckState.FAILED, CheckState.ERROR}

    @property
    def failures(self) -> list[dict]:
        return [item for item in self.report if not item.get("ok")]


class UploadState(models.TextChoices):
    RECEIVING = "receiving", _("Принимается")
    COMPLETE = "complete", _("Получен целиком")
    ABORTED = "aborted", _("Прервана")


class CutUpload(models.Model):
    """A resumable (tus) upload of a cut: its length, how much has arrived, and its pieces.

    The id is the secret part of the upload's URL the browser keeps to resume after a dropped
    connection or a reload. Only one upload per story is received at a time.
    """

    id = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("идентификатор")
    )
    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="uploads", verbose_name=_("видеосюжет")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто начал загрузку"),
    )
    filename = models.CharField(_("имя файла"), max_length=255, blank=True)
    length = models.PositiveBigIntegerField(_("размер, байт"))
    offset = models.PositiveBigIntegerField(_("получено, байт"), default=0)
    state = models.CharField(
        _("состояние"), max_length=10, choices=UploadState.choices, default=UploadState.RECEIVING
    )
    message = models.TextField(_("почему прервана"), blank=True)
    cut = models.OneToOneField(
        Cut,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="upload",
        verbose_name=_("монтаж"),
    )
    created_at = models.DateTimeField(_("начата"), auto_now_add=True)
    updated_at = models.DateTimeField(_("последний фрагмент"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("загрузка монтажа")
        verbose_name_plural = _("загрузки монтажа")
        constraints = [
            models.UniqueConstraint(
                fields=["story"],
                condition=Q(state="receiving"),
                name="video_one_upload_receiving",
            ),
            models.CheckConstraint(
                condition=Q(offset__lte=models.F("length")), name="video_upload_offset_in_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.offset}/{self.length})"


class CutUploadPart(models.Model):
    """One received piece, stored as its own object so any storage backend (disk or S3) can
    hold an unfinished upload; the worker joins the pieces when the last one arrives."""

    upload = models.ForeignKey(
        CutUpload, on_delete=models.CASCADE, related_name="parts", verbose_name=_("загрузка")
    )
    offset = models.PositiveBigIntegerField(_("смещение"))
    size = models.PositiveBigIntegerField(_("размер"))
    file = StoredFileField(_("фрагмент"), upload_to="videos/incoming")

    class Meta:
        ordering = ["upload", "offset"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "offset"], name="video_upload_part_offset")
        ]

    def __str__(self) -> str:
        return f"{self.upload_id}@{self.offset}"

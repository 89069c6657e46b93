"""Step 4.1: the technical specification and sample script the federal centre issues."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.uploads import DOCUMENTS, MB, TXT, StoredFileField

LONG_TEXT = 8000
SCRIPT_KINDS = (*DOCUMENTS, TXT)
SCRIPT_MAX_SIZE = 20 * MB


class SpecificationState(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    ISSUED = "issued", _("Выпущена")


class Specification(models.Model):
    """One version of the requirements for a programme's stories.

    The text says what a story must show; the numbers are what ``ffprobe`` checks on the cut.
    A draft may be edited; an issued version is fixed, and a change is a new version that the
    sites acknowledge again.
    """

    programme = models.ForeignKey(
        "kernel.Programme",
        on_delete=models.CASCADE,
        related_name="video_specifications",
        verbose_name=_("программа"),
    )
    version = models.PositiveSmallIntegerField(_("редакция"))
    state = models.CharField(
        _("состояние"),
        max_length=8,
        choices=SpecificationState.choices,
        default=SpecificationState.DRAFT,
    )
    text = models.TextField(
        _("требования к содержанию"),
        validators=[MaxLengthValidator(LONG_TEXT)],
        help_text=_(
            "Что должен показать сюжет, его структура, титры, заставка и концовка канала "
            "«Ресурсная среда»."
        ),
    )
    sample_script = StoredFileField(
        _("примерный сценарий"),
        upload_to="videos/specifications",
        kinds=SCRIPT_KINDS,
        max_size=SCRIPT_MAX_SIZE,
        blank=True,
    )
    sample_script_name = models.CharField(_("имя файла сценария"), max_length=255, blank=True)
    min_duration_seconds = models.PositiveIntegerField(
        _("длительность не меньше, секунд"), default=120
    )
    max_duration_seconds = models.PositiveIntegerField(
        _("длительность не больше, секунд"), default=300
    )
    min_width = models.PositiveIntegerField(_("ширина кадра не меньше, пикселей"), default=1920)
    min_height = models.PositiveIntegerField(_("высота кадра не меньше, пикселей"), default=1080)
    aspect_ratio = models.CharField(
        _("соотношение сторон"), max_length=8, default="16:9", help_text=_("Например, 16:9.")
    )
    min_fps = models.DecimalField(
        _("частота кадров не меньше"), max_digits=5, decimal_places=2, default=Decimal("24")
    )
    max_fps = models.DecimalField(
        _("частота кадров не больше"), max_digits=5, decimal_places=2, default=Decimal("60")
    )
    video_codecs = models.CharField(
        _("видеокодеки"),
        max_length=100,
        default="h264",
        help_text=_("Через запятую, как их называет ffprobe: h264, hevc."),
    )
    audio_codecs = models.CharField(
        _("аудиокодеки"), max_length=100, default="aac", help_text=_("Через запятую: aac, mp3.")
    )
    containers = models.CharField(
        _("контейнеры"), max_length=100, default="mp4,mov", help_text=_("Через запятую: mp4, mov.")
    )
    max_file_size_mb = models.PositiveIntegerField(
        _("размер файла не больше, МБ"), default=4096, validators=[MinValueValidator(1)]
    )
    loudness_min_lufs = models.DecimalField(
        _("громкость не меньше, LUFS"), max_digits=5, decimal_places=1, default=Decimal("-18")
    )
    loudness_max_lufs = models.DecimalField(
        _("громкость не больше, LUFS"), max_digits=5, decimal_places=1, default=Decimal("-12")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто создал"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто выпустил"),
    )
    issued_at = models.DateTimeField(_("выпущена"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "-version"]
        verbose_name = _("технические требования к видеосюжетам")
        verbose_name_plural = _("технические требования к видеосюжетам")
        constraints = [
            models.UniqueConstraint(fields=["programme", "version"], name="video_spec_version"),
            models.CheckConstraint(
                condition=Q(max_duration_seconds__gte=F("min_duration_seconds")),
                name="video_spec_duration_ordered",
                violation_error_message=_("Наибольшая длительность меньше наименьшей."),
            ),
            models.CheckConstraint(
                condition=Q(max_fps__gte=F("min_fps")),
                name="video_spec_fps_ordered",
                violation_error_message=_("Наибольшая частота кадров меньше наименьшей."),
            ),
            models.CheckConstraint(
                condition=Q(loudness_max_lufs__gte=F("loudness_min_lufs")),
                name="video_spec_loudness_ordered",
                violation_error_message=_("Верхняя граница громкости ниже нижней."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=SpecificationState.values), name="video_spec_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Технические требования, редакция %(v)s")) % {"v": self.version}

    @property
    def is_issued(self) -> bool:
        return self.state == SpecificationState.ISSUED

    @staticmethod
    def split(value: str) -> list[str]:
        return [item.strip().lower() for item in value.split(",") if item.strip()]

    @property
    def video_codec_list(self) -> list[str]:
        return self.split(self.video_codecs)

    @property
    def audio_codec_list(self) -> list[str]:
        return self.split(self.audio_codecs)

    @property
    def container_list(self) -> list[str]:
        return self.split(self.containers)

    @property
    def aspect(self) -> tuple[int, int] | None:
        """The ratio as two numbers, or None when the text is not «W:H»."""
        parts = self.aspect_ratio.replace("/", ":").split(":")
        if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
            return None
        width, height = (int(p) for p in parts)
        return (width, height) if width and height else None


class SpecificationAck(models.Model):
    """A pilot site's acknowledgement of the version it works to."""

    specification = models.ForeignKey(
        Specification,
        on_delete=models.CASCADE,
        related_name="acknowledgements",
        verbose_name=_("редакция требований"),
    )
    pilot_site = models.ForeignKey(
        "kernel.PilotSite",
        on_delete=models.CASCADE,
        related_name="video_spec_acks",
        verbose_name=_("пилотная площадка"),
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто подтвердил"),
    )
    acknowledged_at = models.DateTimeField(_("ознакомлена"), auto_now_add=True)

    class Meta:
        ordering = ["specification", "pilot_site__region__name"]
        verbose_name = _("ознакомление с требованиями")
        verbose_name_plural = _("ознакомления с требованиями")
        constraints = [
            models.UniqueConstraint(
                fields=["specification", "pilot_site"], name="video_spec_ack_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pilot_site}: {self.specification}"

"""The public site's own records: news and announcements.

The landing page has no model of its own: its texts live on the current ``Programme``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.uploads import IMAGES, MB, StoredFileField

COVER_MAX_SIZE = 10 * MB


class NewsKind(models.TextChoices):
    NEWS = "news", _("Новость")
    ANNOUNCEMENT = "announcement", _("Анонс")


class NewsItem(models.Model):
    """A news item or an announcement, written by federal or regional staff.

    ``pilot_site`` empty means the federal centre's own news; regional staff write only for
    their pilot sites. Drafts (``is_published`` off) are seen only by those who may edit them.
    """

    programme = models.ForeignKey(
        "kernel.Programme",
        on_delete=models.CASCADE,
        related_name="news",
        verbose_name=_("программа"),
    )
    pilot_site = models.ForeignKey(
        "kernel.PilotSite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=_("пилотная площадка"),
        help_text=_("Пусто — новость федерального центра."),
    )
    kind = models.CharField(
        _("вид"), max_length=16, choices=NewsKind.choices, default=NewsKind.NEWS
    )
    title = models.CharField(_("заголовок"), max_length=200)
    slug = models.SlugField(_("адрес страницы"), max_length=120, unique=True, allow_unicode=False)
    lead = models.CharField(
        _("кратко"),
        max_length=400,
        blank=True,
        help_text=_("Одно-два предложения для списка новостей."),
    )
    body = models.TextField(
        _("текст"), help_text=_("Обычный текст. Абзацы разделяйте пустой строкой.")
    )
    cover = StoredFileField(
        _("обложка"),
        private=False,
        upload_to="news/covers",
        kinds=IMAGES,
        max_size=COVER_MAX_SIZE,
        blank=True,
    )
    cover_thumbnail = StoredFileField(
        _("миниатюра обложки"),
        private=False,
        upload_to="news/thumbnails",
        blank=True,
        editable=False,
    )
    is_published = models.BooleanField(_("опубликована"), default=False)
    published_at = models.DateTimeField(_("дата публикации"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_written",
        verbose_name=_("автор"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("новость")
        verbose_name_plural = _("новости и анонсы")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="news_published_has_date",
                violation_error_message=_("У опубликованной новости должна быть дата публикации."),
            ),
        ]
        indexes = [
            models.Index(fields=["is_published", "-published_at"], name="news_public_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("public:news-detail", kwargs={"slug": self.slug})

    @property
    def region_name(self) -> str:
        return self.pilot_site.region.name if self.pilot_site_id else ""

    @property
    def paragraphs(self) -> list[str]:
        """The body split at blank lines; single line breaks stay inside a paragraph."""
        blocks = self.body.replace("\r\n", "\n").split("\n\n")
        return [block.strip() for block in blocks if block.strip()]

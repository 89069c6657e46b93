"""The information campaign log (roadmap 1.4, 1.6, 2.3, 6.6): publications about the programme
and its events on social networks, official sites and in local media."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.limits import SHORT_TEXT


def validate_web_link(value: str) -> None:
    """Only an http(s) address of a public page: no ``javascript:``, ``data:`` or ``file:``."""
    text = str(value).strip()
    if not text.lower().startswith(("https://", "http://")):
        raise ValidationError(
            _("Укажите адрес страницы, начинающийся с https:// или http://."), code="scheme"
        )
    URLValidator(schemes=["http", "https"], message=_("Это не адрес веб-страницы."))(text)


class Platform(models.TextChoices):
    SOCIAL = "social", _("Социальная сеть")
    OFFICIAL_SITE = "official_site", _("Официальный сайт")
    MEDIA = "media", _("Местное СМИ")


class CampaignEntry(models.Model):
    pilot_site = models.ForeignKey(
        "kernel.PilotSite",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("пилотная площадка"),
    )
    platform = models.CharField(_("площадка"), max_length=16, choices=Platform.choices)
    outlet = models.CharField(
        _("издание или страница"),
        max_length=SHORT_TEXT,
        help_text=_("Например, «ВКонтакте: группа ресурсного центра» или «Газета «Заря»»."),
    )
    title = models.CharField(_("заголовок публикации"), max_length=SHORT_TEXT)
    url = models.URLField(_("ссылка"), max_length=1000, validators=[validate_web_link])
    published_on = models.DateField(_("дата публикации"))
    step = models.ForeignKey(
        "kernel.RoadmapStep",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("шаг дорожной карты"),
    )
    event_id = models.PositiveIntegerField(_("мероприятие"), null=True, blank=True, db_index=True)
    event_title = models.CharField(_("мероприятие"), max_length=SHORT_TEXT, blank=True)
    reach = models.PositiveIntegerField(
        _("охват"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1_000_000_000)],
        help_text=_("Просмотры или тираж, если известны."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("внёс"),
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("публикация")
        verbose_name_plural = _("журнал информационной кампании")
        constraints = [
            models.CheckConstraint(
                condition=Q(platform__in=Platform.values), name="campaign_platform_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

"""Addressees of letters: municipal administrations, media, partners and other organisations of
a region, each contact with the basis on which the portal holds it (152-ФЗ)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.limits import SHORT_TEXT, limited_text


class AddresseeKind(models.TextChoices):
    ADMINISTRATION = "administration", _("Администрация муниципального образования")
    MEDIA = "media", _("СМИ")
    PARTNER = "partner", _("Партнёр (Дом дружбы, НКО, Общественная палата)")
    OTHER = "other", _("Другая организация")


class HoldingBasis(models.TextChoices):
    """Why the portal may hold the contact person's name, position and address."""

    PUBLIC_SOURCE = "public_source", _("Общедоступные сведения (официальный сайт, реестр)")
    OFFICIAL_DUTY = "official_duty", _("Служебные контакты для официальной переписки")
    CONSENT = "consent", _("Согласие контактного лица")
    AGREEMENT = "agreement", _("Соглашение о сотрудничестве")


def name_key(*parts: str) -> str:
    """Case, «ё» and spacing do not make two addressees different."""
    return "|".join(" ".join(part.lower().replace("ё", "е").split()) for part in parts)


class Addressee(models.Model):
    region = models.ForeignKey(
        "kernel.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("регион")
    )
    kind = models.CharField(_("вид"), max_length=16, choices=AddresseeKind.choices)
    organisation = models.CharField(_("организация"), max_length=500)
    municipality = models.ForeignKey(
        "kernel.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("муниципальное образование"),
    )
    person = models.CharField(
        _("контактное лицо"),
        max_length=SHORT_TEXT,
        blank=True,
        help_text=_("Для администрации — глава; для СМИ — главный редактор или журналист."),
    )
    position = models.CharField(_("должность"), max_length=SHORT_TEXT, blank=True)
    address = models.CharField(_("почтовый адрес"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    basis = models.CharField(
        _("основание хранения контакта"), max_length=16, choices=HoldingBasis.choices
    )
    basis_note = limited_text(
        _("источник или документ"),
        help_text=_("Например, адрес страницы официального сайта или номер соглашения."),
    )
    key = models.CharField(max_length=800, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("внёс"),
    )
    created_at = models.DateTimeField(_("внесён"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        ordering = ["region__name", "kind", "organisation", "pk"]
        verbose_name = _("адресат")
        verbose_name_plural = _("адресаты")
        indexes = [models.Index(fields=["region", "kind"], name="addressee_region_kind_idx")]
        constraints = [
            models.UniqueConstraint(fields=["region", "key"], name="addressee_once_per_region"),
            models.CheckConstraint(
                condition=Q(kind__in=AddresseeKind.values), name="addressee_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.person}" if self.person else self.organisation

    def make_key(self) -> str:
        return name_key(self.kind, self.organisation, self.person)

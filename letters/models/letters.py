"""Letterheads, templates, the outgoing register (журнал исходящих), mailings and letters.

A letter's number comes from :class:`RegisterCounter`, one row per sender and year, locked while
the letters of a mailing are written (``services.numbering``): the numbers are gapless, never
reused, and two staff sending at the same second wait for each other instead of colliding.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.limits import SHORT_TEXT, VERY_LONG_TEXT, limited_text
from resursnaya_sreda.kernel.uploads import IMAGES, MB, PDF, SCANS, StoredFileField


class LetterKind(models.TextChoices):
    INFORMATION = "information", _("Информационное письмо администрации")
    MEDIA_PARTNER = "media_partner", _("Письмо СМИ и партнёрам")
    SEMINAR = "seminar", _("Письмо администрации о семинаре")
    INVITATION = "invitation", _("Приглашение на круглый стол")
    THANKS = "thanks", _("Благодарственное письмо")


class Letterhead(models.Model):
    """A sender: the federal centre (no pilot site) or a pilot site's regional centre."""

    pilot_site = models.OneToOneField(
        "kernel.PilotSite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("пилотная площадка"),
        help_text=_("Пусто — бланк федерального центра."),
    )
    organisation = models.CharField(_("организация"), max_length=500)
    requisites = limited_text(
        _("реквизиты"), help_text=_("Адрес, телефон, e-mail, ИНН/ОГРН — по строке.")
    )
    number_prefix = models.CharField(
        _("индекс номера"),
        max_length=20,
        blank=True,
        help_text=_("Ставится перед порядковым номером: «РЦ-16» даёт «РЦ-16/25»."),
    )
    logo = StoredFileField(
        _("логотип"), upload_to="letters/logos", kinds=IMAGES, max_size=2 * MB, blank=True
    )
    signatory_name = models.CharField(_("подписант"), max_length=SHORT_TEXT, blank=True)
    signatory_position = models.CharField(
        _("должность подписанта"), max_length=SHORT_TEXT, default="Руководитель"
    )
    signature = StoredFileField(
        _("скан подписи"), upload_to="letters/signatures", kinds=IMAGES, max_size=2 * MB, blank=True
    )
    use_signature = models.BooleanField(
        _("ставить скан подписи"),
        default=False,
        help_text=_(
            "Только если организация согласна отправлять письма с отсканированной подписью."
        ),
    )
    reply_email = models.EmailField(_("адрес для ответов"), blank=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("бланк отправителя")
        verbose_name_plural = _("бланки отправителей")
        constraints = [
            # One letterhead per pilot site, and one federal (no site) letterhead.
            models.UniqueConstraint(Coalesce("pilot_site", 0), name="letterhead_one_per_sender"),
        ]

    def __str__(self) -> str:
        return self.organisation

    def format_number(self, number: int) -> str:
        return f"{self.number_prefix}/{number}" if self.number_prefix else str(number)


class RegisterCounter(models.Model):
    """The last outgoing number of a sender in a year; only ``services.numbering`` moves it."""

    letterhead = models.ForeignKey(Letterhead, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("счётчик журнала исходящих")
        verbose_name_plural = _("счётчики журнала исходящих")
        constraints = [
            models.UniqueConstraint(fields=["letterhead", "year"], name="register_counter_once"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class LetterTemplate(models.Model):
    """The text of one kind of letter: the programme's (no pilot site) or a site's own copy."""

    programme = models.ForeignKey(
        "kernel.Programme", on_delete=models.CASCADE, related_name="+", verbose_name=_("программа")
    )
    pilot_site = models.ForeignKey(
        "kernel.PilotSite",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("пилотная площадка"),
    )
    kind = models.CharField(_("вид письма"), max_length=16, choices=LetterKind.choices)
    subject = models.CharField(_("тема"), max_length=SHORT_TEXT)
    body = limited_text(_("текст письма"), VERY_LONG_TEXT)
    cover_text = limited_text(
        _("сопроводительный текст e-mail"),
        help_text=_("Короткий текст письма электронной почты; само письмо идёт вложением (PDF)."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("изменил"),
    )
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        ordering = ["programme", "kind", "pilot_site"]
        verbose_name = _("шаблон письма")
        verbose_name_plural = _("шаблоны писем")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind"],
                condition=Q(pilot_site__isnull=True),
                name="letter_template_programme_once",
            ),
            models.UniqueConstraint(
                fields=["programme", "kind", "pilot_site"],
                condition=Q(pilot_site__isnull=False),
                name="letter_template_site_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class MailingState(models.TextChoices):
    QUEUED = "queued", _("В очереди")
    SENDING = "sending", _("Отправляется")
    DONE = "done", _("Завершена")


class Mailing(models.Model):
    """Letters made from one template for the chosen addressees, sent by one worker task."""

    programme = models.ForeignKey(
        "kernel.Programme", on_delete=models.PROTECT, related_name="+", verbose_name=_("программа")
    )
    letterhead = models.ForeignKey(
        Letterhead, on_delete=models.PROTECT, related_name="mailings", verbose_name=_("отправитель")
    )
    region = models.ForeignKey(
        "kernel.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("регион"),
        help_text=_("Регион отправителя; пусто у рассылок федерального центра."),
    )
    kind = models.CharField(_("вид письма"), max_length=16, choices=LetterKind.choices)
    title = models.CharField(_("рассылка"), max_length=SHORT_TEXT)
    subject = models.CharField(_("тема"), max_length=SHORT_TEXT)
    body = limited_text(_("текст письма"), VERY_LONG_TEXT)
    cover_text = limited_text(_("сопроводительный текст"))
    event_id = models.PositiveIntegerField(_("мероприятие"), null=True, blank=True, db_index=True)
    state = models.CharField(
        _("состояние"), max_length=16, choices=MailingState.choices, default=MailingState.QUEUED
    )
    total = models.PositiveIntegerField(_("писем"), default=0)
    print_batch = StoredFileField(
        _("пакет для печати"), upload_to="letters/print", kinds=(PDF,), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("отправил"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    started_at = models.DateTimeField(_("начата"), null=True, blank=True)
    finished_at = models.DateTimeField(_("завершена"), null=True, blank=True)
    # Renewed by the worker after every letter: a mailing silent for WORKER_SILENCE_SECONDS
    # lost its worker and is queued again by ``services.mailings_sweep``.
    heartbeat_at = models.DateTimeField(_("последний признак работы"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("рассылка")
        verbose_name_plural = _("рассылки")

    def __str__(self) -> str:
        return self.title


class Delivery(models.TextChoices):
    PENDING = "pending", _("Ожидает отправки")
    SENDING = "sending", _("Передаётся почтовому серверу")
    SENT = "sent", _("Отправлено")
    REFUSED = "refused", _("Отклонено почтовым сервером")
    UNCERTAIN = "uncertain", _("Отправка прервана — проверьте вручную")
    PRINT = "print", _("На печать (нет e-mail)")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Letter(models.Model):
    """One registered outgoing letter: its number, what it said and to whom, its delivery."""

    mailing = models.ForeignKey(
        Mailing, on_delete=models.PROTECT, related_name="letters", verbose_name=_("рассылка")
    )
    letterhead = models.ForeignKey(
        Letterhead, on_delete=models.PROTECT, related_name="+", verbose_name=_("отправитель")
    )
    year = models.PositiveIntegerField(_("год"))
    number = models.PositiveIntegerField(_("номер"))
    registered_on = models.DateField(_("дата"))
    kind = models.CharField(_("вид письма"), max_length=16, choices=LetterKind.choices)
    addressee = models.ForeignKey(
        "letters.Addressee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("адресат"),
    )
    # What the letter said and to whom, as it was sent: the addressee may change later.
    person = models.CharField(_("кому"), max_length=SHORT_TEXT, blank=True)
    position = models.CharField(_("должность"), max_length=SHORT_TEXT, blank=True)
    organisation = models.CharField(_("организация"), max_length=500, blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    subject = models.CharField(_("тема"), max_length=SHORT_TEXT)
    body = limited_text(_("текст"), VERY_LONG_TEXT)
    event_id = models.PositiveIntegerField(_("мероприятие"), null=True, blank=True, db_index=True)
    # A round-table invitation: the personal link's secret and the invitee's category.
    token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    category = models.CharField(_("категория"), max_length=16, blank=True)
    registration_id = models.PositiveIntegerField(_("регистрация"), null=True, blank=True)
    delivery = models.CharField(
        _("доставка"), max_length=16, choices=Delivery.choices, default=Delivery.PENDING
    )
    delivery_error = models.CharField(_("ответ почтового сервера"), max_length=500, blank=True)
    attempted_at = models.DateTimeField(_("передано серверу"), null=True, blank=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("исходящее письмо")
        verbose_name_plural = _("журнал исходящих")
        indexes = [
            models.Index(fields=["mailing", "delivery"], name="letter_mailing_delivery_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["letterhead", "year", "number"], name="letter_number_once"
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="letter_delivery_valid"
            ),
        ]

    def __str__(self) -> str:
        return _("Исх. № %(n)s от %(d)s") % {
            "n": self.full_number,
            "d": self.registered_on.strftime("%d.%m.%Y"),
        }

    @property
    def full_number(self) -> str:
        return self.letterhead.format_number(self.number)


class ReplyDecision(models.TextChoices):
    SUPPORT = "support", _("Согласна оказать поддержку")
    PARTNER = "partner", _("Согласна стать партнёром семинара")
    DECLINE = "decline", _("Отказала")
    NO_ANSWER = "no_answer", _("Нет ответа к сроку")


class Reply(models.Model):
    """An administration's answer to a seminar letter, with the scan of it."""

    letter = models.ForeignKey(
        Letter, on_delete=models.PROTECT, related_name="replies", verbose_name=_("письмо")
    )
    event_id = models.PositiveIntegerField(_("мероприятие"), db_index=True)
    decision = models.CharField(_("ответ"), max_length=16, choices=ReplyDecision.choices)
    received_on = models.DateField(_("дата ответа"))
    note = limited_text(_("комментарий"))
    scan = StoredFileField(
        _("скан ответа"), upload_to="letters/replies", kinds=SCANS, max_size=20 * MB, blank=True
    )
    scan_name = models.CharField(_("имя файла"), max_length=SHORT_TEXT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("внёс"),
    )
    recorded_at = models.DateTimeField(_("внесён"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("ответ на письмо")
        verbose_name_plural = _("ответы на письма")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=ReplyDecision.values), name="reply_decision_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_decision_display())

"""Registration: the people on an event's list, the consent each gave, and whether they came."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.events import Event
from resursnaya_sreda.kernel.limits import SHORT_TEXT


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ParticipantCategory(models.TextChoices):
    ETHNO_LEADER = "ethno_leader", _("Лидер этнокультурного объединения")
    ETHNO_ACTIVIST = "ethno_activist", _("Активист этнокультурного объединения")
    EXECUTIVE = "executive", _("Орган исполнительной власти")
    MUNICIPALITY = "municipality", _("Муниципальное образование")
    NGO = "ngo", _("НКО")
    SCIENCE = "science", _("Научное сообщество")
    MEDIA = "media", _("СМИ")
    OTHER = "other", _("Другое")


# Whom each kind gathers (roadmap step 2: leaders and activists of ethnocultural associations;
# step 6: executive and municipal authorities, NGOs, the scientific community and media).
SEMINAR_CATEGORIES = (
    ParticipantCategory.ETHNO_LEADER,
    ParticipantCategory.ETHNO_ACTIVIST,
    ParticipantCategory.NGO,
    ParticipantCategory.MUNICIPALITY,
    ParticipantCategory.OTHER,
)
ROUND_TABLE_CATEGORIES = (
    ParticipantCategory.EXECUTIVE,
    ParticipantCategory.MUNICIPALITY,
    ParticipantCategory.NGO,
    ParticipantCategory.SCIENCE,
    ParticipantCategory.MEDIA,
    ParticipantCategory.OTHER,
)
# The mix a round table is for: each of these should be among those who came.
ROUND_TABLE_PURPOSE = ROUND_TABLE_CATEGORIES[:5]
CATEGORIES_BY_KIND = {"seminar": SEMINAR_CATEGORIES, "round_table": ROUND_TABLE_CATEGORIES}


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Зарегистрирован")
    WAITING = "waiting", _("Лист ожидания")


class RegistrationSource(models.TextChoices):
    ONLINE = "online", _("На сайте")
    RECRUITED = "recruited", _("Список администрации")
    WALK_IN = "walk_in", _("Пришёл без регистрации")


class Registration(models.Model):
    """A person on the event's list, with the consent they gave and whether they came."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("мероприятие")
    )
    full_name = models.CharField(_("ФИО"), max_length=SHORT_TEXT)
    organisation = models.CharField(_("организация"), max_length=500, blank=True)
    position = models.CharField(_("должность"), max_length=SHORT_TEXT, blank=True)
    category = models.CharField(
        _("категория участника"),
        max_length=16,
        choices=ParticipantCategory.choices,
        default=ParticipantCategory.OTHER,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    # One person once per event: the e-mail, or for a walk-in without one the normalised name.
    person_key = models.CharField(
        max_length=SHORT_TEXT, editable=False, verbose_name=_("ключ участника")
    )
    consent_personal_data = models.BooleanField(
        _("согласие на обработку персональных данных"), default=False
    )
    consent_version = models.CharField(_("редакция текста согласия"), max_length=16, blank=True)
    consent_at = models.DateTimeField(_("согласие дано"), null=True, blank=True)
    consent_photo = models.BooleanField(_("согласие на фото- и видеосъёмку"), default=False)
    status = models.CharField(
        _("статус"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    source = models.CharField(
        _("откуда"),
        max_length=16,
        choices=RegistrationSource.choices,
        default=RegistrationSource.ONLINE,
    )
    attended = models.BooleanField(_("присутствовал"), default=False)
    # The secret of the participant's feedback link; one answer per participant.
    feedback_token = models.CharField(
        max_length=64,
        unique=True,
        default=new_token,
        editable=False,
        verbose_name=_("ссылка на отзыв"),
    )
    created_at = models.DateTimeField(_("зарегистрирован"), auto_now_add=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("участник мероприятия")
        verbose_name_plural = _("участники мероприятий")
        constraints = [
            models.UniqueConstraint(fields=["event", "person_key"], name="registration_once"),
        ]
        indexes = [
            # The dashboard's attendance counts: one event's attendees, read from the index.
            models.Index(
                fields=["event", "category"],
                condition=models.Q(attended=True),
                name="registration_attended_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_waiting(self) -> bool:
        return self.status == RegistrationStatus.WAITING

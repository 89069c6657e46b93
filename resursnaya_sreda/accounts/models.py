"""People and their roles. One membership model carries every role (STYLE.md, Permissions)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("e-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("ФИО"), max_length=255)
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    position = models.CharField(_("должность"), max_length=255, blank=True)
    is_active = models.BooleanField(_("активен"), default=True)
    is_staff = models.BooleanField(
        _("доступ к техническим разделам админки"),
        default=False,
        help_text=_("Для администраторов портала. Роли программы задаются членствами."),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail подтверждён"), null=True, blank=True)
    # 152-ФЗ: when the person agreed to the processing of their personal data, and to which text.
    consent_given_at = models.DateTimeField(
        _("согласие на обработку персональных данных"), null=True, blank=True
    )
    consent_version = models.CharField(_("версия текста согласия"), max_length=32, blank=True)
    date_joined = models.DateTimeField(_("зарегистрирован"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        parts = self.full_name.split()
        return parts[1] if len(parts) > 1 else self.full_name


class Role(models.TextChoices):
    FEDERAL = "federal", _("Федеральный координатор")
    REGIONAL = "regional", _("Сотрудник регионального центра")
    EXPERT = "expert", _("Эксперт")
    APPLICANT = "applicant", _("Заявитель")


class Membership(models.Model):
    """A role a person holds. Regional staff name their pilot site; an applicant or an expert
    may name the organisation they represent or work for. One person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("пользователь"),
    )
    role = models.CharField(_("роль"), max_length=16, choices=Role.choices)
    pilot_site = models.ForeignKey(
        "kernel.PilotSite",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("пилотная площадка"),
    )
    organisation = models.ForeignKey(
        "kernel.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("организация"),
    )
    created_at = models.DateTimeField(_("назначена"), auto_now_add=True)

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("роль пользователя")
        verbose_name_plural = _("роли пользователей")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="regional") | Q(pilot_site__isnull=False),
                name="regional_needs_pilot_site",
                violation_error_message=_(
                    "Для сотрудника регионального центра укажите пилотную площадку."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role="regional") | Q(pilot_site__isnull=True),
                name="only_regional_has_pilot_site",
                violation_error_message=_(
                    "Пилотная площадка указывается только для сотрудника регионального центра."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(role__in=["federal", "expert"]),
                name="one_federal_or_expert_role",
                violation_error_message=_("У пользователя уже есть эта роль."),
            ),
            models.UniqueConstraint(
                fields=["user", "pilot_site"],
                condition=Q(role="regional"),
                name="one_regional_role_per_site",
                violation_error_message=_("Пользователь уже работает на этой пилотной площадке."),
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(role="applicant"),
                name="one_applicant_role_per_organisation",
                violation_error_message=_("Пользователь уже представляет эту организацию."),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role="applicant", organisation__isnull=True),
                name="one_applicant_role_without_organisation",
                violation_error_message=_("У пользователя уже есть роль заявителя."),
            ),
        ]

    def __str__(self) -> str:
        where = self.pilot_site or self.organisation
        label = self.get_role_display()
        return f"{self.user}: {label}" + (f" ({where})" if where else "")


INVITABLE_ROLES = (Role.REGIONAL, Role.EXPERT)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Отправлено")
    ACCEPTED = "accepted", _("Принято")
    CANCELLED = "cancelled", _("Отменено")


class InvitationState(models.TextChoices):
    """What the coordinator sees: the stored status, with «expired» derived from the dates."""

    PENDING = "pending", _("Ожидает ответа")
    EXPIRED = "expired", _("Срок ссылки истёк")
    ACCEPTED = "accepted", _("Принято")
    CANCELLED = "cancelled", _("Отменено")


class Invitation(models.Model):
    """A federal coordinator's invitation for regional staff or an expert to join the portal.

    Only a hash of the link's secret is stored: a leaked database cannot be turned into working
    links, and sending the invitation again makes the earlier link stop working.
    """

    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(
        _("ФИО"), max_length=255, blank=True, help_text=_("Можно оставить пустым.")
    )
    role = models.CharField(_("роль"), max_length=16, choices=Role.choices)
    pilot_site = models.ForeignKey(
        "kernel.PilotSite",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("пилотная площадка"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name=_("кто пригласил"),
    )
    token_hash = models.CharField(_("хэш ссылки"), max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("статус"),
        max_length=16,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    sent_at = models.DateTimeField(_("отправлено"), default=timezone.now)
    send_count = models.PositiveSmallIntegerField(_("отправок"), default=1)
    accepted_at = models.DateTimeField(_("принято"), null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
        verbose_name=_("учётная запись"),
    )
    added_to_existing_account = models.BooleanField(
        _("роль добавлена к существующей учётной записи"), default=False
    )
    cancelled_at = models.DateTimeField(_("отменено"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("приглашение")
        verbose_name_plural = _("приглашения")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["regional", "expert"]),
                name="invitation_role_invitable",
                violation_error_message=_(
                    "Пригласить можно сотрудника регионального центра или эксперта."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(role="regional") | Q(pilot_site__isnull=False),
                name="invitation_regional_needs_site",
                violation_error_message=_(
                    "Для сотрудника регионального центра укажите пилотную площадку."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role="regional") | Q(pilot_site__isnull=True),
                name="invitation_only_regional_has_site",
                violation_error_message=_(
                    "Пилотная площадка указывается только для сотрудника регионального центра."
                ),
            ),
            # One open invitation per address and role (and site): a second one is a resend.
            models.UniqueConstraint(
                fields=["email", "pilot_site"],
                condition=Q(status="pending", role="regional"),
                name="invitation_one_pending_regional",
                violation_error_message=_(
                    "На этот адрес уже отправлено приглашение на эту пилотную площадку."
                ),
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(status="pending", role="expert"),
                name="invitation_one_pending_expert",
                violation_error_message=_("На этот адрес уже отправлено приглашение эксперта."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_role_display()}"

    def clean(self) -> None:
        super().clean()
        self.email = User.objects.normalize_email(self.email).lower()

    @property
    def expires_at(self) -> datetime.datetime:
        return self.sent_at + datetime.timedelta(days=settings.ACCOUNT_LINK_DAYS)

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def state(self) -> str:
        if self.status == InvitationStatus.PENDING and self.is_expired():
            return InvitationState.EXPIRED
        return self.status

    def get_state_display(self) -> str:
        return str(InvitationState(self.state).label)

    @property
    def can_resend(self) -> bool:
        return self.status == InvitationStatus.PENDING

    @property
    def can_cancel(self) -> bool:
        return self.status == InvitationStatus.PENDING


class UserSession(models.Model):
    """One logged-in browser of a person, so they can see their sessions and end the others."""

    session_key = models.CharField(_("ключ сеанса"), max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="login_sessions",
        verbose_name=_("пользователь"),
    )
    ip_address = models.GenericIPAddressField(_("адрес"), null=True, blank=True)
    user_agent = models.CharField(_("браузер"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("вход"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("последнее действие"), default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("сеанс")
        verbose_name_plural = _("сеансы")
        indexes = [models.Index(fields=["user", "-last_seen_at"], name="usersession_user_seen")]

    def __str__(self) -> str:
        return f"{self.user}: {self.created_at:%d.%m.%Y %H:%M}"

"""People and their roles. One membership model carries every role (STYLE.md, Permissions)."""

from __future__ import annotations

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
            ),
            models.CheckConstraint(
                condition=Q(role="regional") | Q(pilot_site__isnull=True),
                name="only_regional_has_pilot_site",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(role__in=["federal", "expert"]),
                name="one_federal_or_expert_role",
            ),
            models.UniqueConstraint(
                fields=["user", "pilot_site"],
                condition=Q(role="regional"),
                name="one_regional_role_per_site",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(role="applicant"),
                name="one_applicant_role_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role="applicant", organisation__isnull=True),
                name="one_applicant_role_without_organisation",
            ),
        ]

    def __str__(self) -> str:
        where = self.pilot_site or self.organisation
        label = self.get_role_display()
        return f"{self.user}: {label}" + (f" ({where})" if where else "")

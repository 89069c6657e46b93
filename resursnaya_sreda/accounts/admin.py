"""People in the admin: users by e-mail with their roles, roles, invitations.

Access follows ``kernel.admin.PortalModelAdmin``: federal coordinators (and superusers) only.
A coordinator who is not a superuser cannot hand out or touch superuser powers.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from resursnaya_sreda.accounts import services
from resursnaya_sreda.accounts.models import Invitation, InvitationStatus, Membership, User
from resursnaya_sreda.kernel.admin import (
    PortalModelAdmin,
    PortalTabularInline,
    ReadOnlyAdminMixin,
)
from resursnaya_sreda.kernel.plural import plural

# Fields that grant powers beyond the programme's roles; only a superuser changes them.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MembershipInline(PortalTabularInline):
    model = Membership
    extra = 0
    fields = ["role", "pilot_site", "organisation", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["pilot_site", "organisation"]
    verbose_name = _("роль")
    verbose_name_plural = _("роли")


class RoleFilter(admin.SimpleListFilter):
    title = _("роль")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        from resursnaya_sreda.accounts.models import Role

        return [*Role.choices, ("none", _("без роли"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        value = self.value()
        if value == "none":
            return queryset.filter(memberships__isnull=True)
        if value:
            return queryset.filter(memberships__role=value).distinct()
        return queryset


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("e-mail подтверждён")
    parameter_name = "confirmed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return [("yes", _("да")), ("no", _("нет"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if self.value() == "yes":
            return queryset.filter(email_confirmed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(email_confirmed_at__isnull=True)
        return queryset


@admin.register(User)
class UserAdmin(PortalModelAdmin, DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    inlines = [MembershipInline]
    list_display = [
        "email",
        "full_name",
        "roles_display",
        "phone",
        "is_active",
        "email_confirmed_at",
        "last_login",
    ]
    list_filter = [
        RoleFilter,
        "memberships__pilot_site__region",
        "is_active",
        ConfirmedFilter,
        "is_superuser",
    ]
    search_fields = ["email", "full_name", "phone", "position"]
    ordering = ["full_name", "email"]
    actions = ["reset_second_factor"]

    @admin.action(
        description=_("Сбросить второй фактор (приложение, ключи, коды) и завершить сеансы")
    )
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        from resursnaya_sreda.accounts import factors

        done = 0
        for user in queryset:
            factors.factors_reset(user=user, by=request.user)
            done += 1
        self.message_user(
            request,
            (
                _(
                    "Второй фактор сброшен у 1 пользователя: при следующем входе он подключит "
                    "его заново. Запись об этом — в истории пользователя."
                )
                if done == 1
                else _(
                    "Второй фактор сброшен у %(n)s: при следующем входе они подключат "
                    "его заново. Запись об этом — в истории каждого."
                )
                % {"n": plural(done, _("пользователя"), _("пользователей"), _("пользователей"))}
            ),
            messages.SUCCESS,
        )

    readonly_fields = [
        "last_login",
        "date_joined",
        "email_confirmed_at",
        "consent_given_at",
        "consent_version",
    ]
    filter_horizontal = ["groups", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Человек"), {"fields": ["full_name", "phone", "position"]}),
        (
            _("Доступ"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (
            _("Даты"),
            {
                "fields": [
                    "date_joined",
                    "email_confirmed_at",
                    "last_login",
                    "consent_given_at",
                    "consent_version",
                ]
            },
        ),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "usable_password", "password1", "password2"],
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("memberships__pilot_site__region")

    @admin.display(description=_("роли"))
    def roles_display(self, user: User) -> str:
        labels = []
        for membership in user.memberships.all():
            label = str(membership.get_role_display())
            if membership.pilot_site_id:
                label += f" ({membership.pilot_site.region})"
            labels.append(label)
        return "; ".join(labels) or "—"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [name for name in SUPERUSER_ONLY_FIELDS if name not in fields]
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A coordinator must not take over a superuser's account by setting its password.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Membership)
class MembershipAdmin(PortalModelAdmin):
    list_display = ["user", "role", "pilot_site", "organisation", "created_at"]
    list_filter = ["role", "pilot_site__programme", "pilot_site__region"]
    search_fields = ["user__email", "user__full_name", "organisation__name", "organisation__inn"]
    list_select_related = ["user", "pilot_site__region", "pilot_site__programme", "organisation"]
    autocomplete_fields = ["user", "pilot_site", "organisation"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """Invitations are sent from the portal page (the letter carries a one-time secret), so the
    admin lists them and offers resend and cancel, but does not create them."""

    list_display = [
        "email",
        "role",
        "pilot_site",
        "state_display",
        "sent_at",
        "send_count",
        "invited_by",
        "accepted_user",
    ]
    list_filter = ["status", "role", "pilot_site__region"]
    search_fields = ["email", "full_name"]
    list_select_related = [
        "pilot_site__region",
        "pilot_site__programme",
        "invited_by",
        "accepted_user",
    ]
    date_hierarchy = "sent_at"
    actions = ["resend_selected", "cancel_selected"]
    fields = [
        "email",
        "full_name",
        "role",
        "pilot_site",
        "status",
        "invited_by",
        "created_at",
        "sent_at",
        "send_count",
        "accepted_at",
        "accepted_user",
        "added_to_existing_account",
        "cancelled_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("состояние"))
    def state_display(self, invitation: Invitation) -> str:
        return invitation.get_state_display()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Read-only, but a coordinator may still clear an invitation away.
        return PortalModelAdmin.has_delete_permission(self, request, obj)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> Any:
        extra_context = {
            **(extra_context or {}),
            "subtitle": format_html(
                '<a href="{}">{}</a>',
                reverse("accounts:invitation-create"),
                _("Пригласить сотрудника или эксперта"),
            ),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Отправить выбранные приглашения ещё раз"))
    def resend_selected(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        done = self._apply(request, queryset, services.invitation_resend)
        self.message_user(
            request,
            ngettext("Отправлено приглашений: %d.", "Отправлено приглашений: %d.", done) % done,
            messages.SUCCESS,
        )

    @admin.action(description=_("Отменить выбранные приглашения"))
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        done = self._apply(request, queryset, services.invitation_cancel)
        self.message_user(
            request,
            ngettext("Отменено приглашений: %d.", "Отменено приглашений: %d.", done) % done,
            messages.SUCCESS,
        )

    def _apply(self, request: HttpRequest, queryset: QuerySet[Invitation], service: Any) -> int:
        done = 0
        for invitation in queryset.filter(status=InvitationStatus.PENDING):
            try:
                service(invitation=invitation, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{invitation.email}: {' '.join(error.messages)}", messages.WARNING
                )
            else:
                done += 1
        return done

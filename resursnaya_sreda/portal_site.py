"""The Django admin, in Russian, open to federal coordinators and experts.

Access follows the portal's roles rather than ``is_staff`` alone, so granting a role is enough
and nothing has to be kept in step by hand. What each person sees inside is decided by each
``ModelAdmin`` (see ``resursnaya_sreda.kernel.admin.PortalModelAdmin``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.accounts import permissions


def may_enter_admin(user) -> bool:
    """Federal coordinators and experts work in the admin; ``is_staff`` is for operators."""
    if not user.is_active:
        return False
    return bool(user.is_staff or permissions.is_federal(user) or permissions.is_expert(user))


class PortalAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's login form, admitting people by their portal roles, not ``is_staff``."""

    def confirm_login_allowed(self, user) -> None:
        if not may_enter_admin(user):
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class PortalAdminSite(admin.AdminSite):
    login_form = PortalAdminAuthenticationForm
    site_header = _("Ресурсная среда — администрирование")
    site_title = _("Ресурсная среда")
    index_title = _("Управление программой")

    def has_permission(self, request: HttpRequest) -> bool:
        return may_enter_admin(request.user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """The admin's own login page, but the portal's login view behind it.

        So a password here is only the first step: a person with a second factor goes on to
        the code step (and staff without one to enrolment), and the per-address limits apply.
        A logged-in person without admin access gets 403, not a login loop.
        """
        from resursnaya_sreda.accounts.views import LoginView

        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied
        context = {
            **self.each_context(request),
            "title": _("Вход"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return LoginView.as_view(
            extra_context=context,
            authentication_form=self.login_form,
            template_name=self.login_template or "admin/login.html",
        )(request)

"""The Django admin, in Russian, open to federal coordinators and experts.

Access follows the portal's roles rather than ``is_staff`` alone, so granting a role is enough
and nothing has to be kept in step by hand. What each person sees inside is decided by each
``ModelAdmin`` (see ``resursnaya_sreda.kernel.admin.PortalModelAdmin``).
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.accounts import permissions


class PortalAdminSite(admin.AdminSite):
    site_header = _("Ресурсная среда — администрирование")
    site_title = _("Ресурсная среда")
    index_title = _("Управление программой")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_active:
            return False
        return bool(
            user.is_staff or permissions.is_federal(user) or permissions.is_expert(user)
        )

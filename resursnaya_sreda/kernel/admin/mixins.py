"""Mixins for the portal's admin classes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


class ReadOnlyAdminMixin:
    """Records shown, never added, changed or deleted here: reference lists, logs, records
    that only a service may write (their states and histories must stay true).

    Put it before the base class (``class LogAdmin(ReadOnlyAdminMixin, PortalModelAdmin)``);
    it serves model admins and inlines alike. Who may look is still the base class's rule.
    A page that may delete after all says so by overriding ``has_delete_permission``.
    """

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

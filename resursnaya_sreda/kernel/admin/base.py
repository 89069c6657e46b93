"""The base classes every app's admin builds on, and the «История» page each of them shows.

Access follows the portal's roles, not Django's per-model permissions: a federal coordinator
(or a superuser) manages everything, nobody else sees these pages. So granting the federal role
is enough and no permission table has to be kept in step by hand.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from auditlog.models import LogEntry
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.accounts import permissions
from resursnaya_sreda.kernel import access_log, selectors
from resursnaya_sreda.kernel.models import AccessAction

HISTORY_PER_PAGE = 25

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("создание"),
    LogEntry.Action.UPDATE: _("изменение"),
    LogEntry.Action.DELETE: _("удаление"),
    LogEntry.Action.ACCESS: _("просмотр"),
}


def _shown(value: Any) -> str:
    # auditlog stores a missing value as the string "None".
    return "—" if value is None or value in ("None", "") else str(value)


def old_new(field: str, values: Any) -> tuple[str, str, str]:
    """A log entry's change as (field, before, after); auditlog stores [old, new] pairs."""
    if isinstance(values, list | tuple) and len(values) == 2:
        return str(field), _shown(values[0]), _shown(values[1])
    return str(field), "—", _shown(values)


def refusal_message(exc: Exception) -> str:
    """What to tell the person a service refused: its message (``exc.message``, the portal's
    convention, or a ValidationError's messages), else that they may not do this."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return getattr(exc, "message", "") or gettext("Нет прав на это действие.")


def _is_federal(request: HttpRequest) -> bool:
    return permissions.is_federal(request.user)


class PortalModelAdmin(admin.ModelAdmin):
    """Base admin for portal models: only federal coordinators (and superusers) get in.

    Every permission hook answers ``is_federal(request.user)``; subclasses narrow further (a
    read-only list adds ``ReadOnlyAdminMixin``). The «История» button of every
    change form shows the record's django-auditlog history: who changed what, when.
    """

    history_template = "kernel/admin/object_history.html"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_federal(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_federal(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)

    # Models registered with ``access_log.register_personal_data_model`` record each list and
    # each record opened here: one entry per page, with the filters, never one per row.
    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200 and access_log.holds_personal_data(self.model):
            access_log.record_access(
                request,
                capfirst(str(self.model._meta.verbose_name_plural)),
                action=AccessAction.ADMIN_LIST,
                parameters=access_log.request_parameters(request),
            )
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if (
            request.method == "GET"
            and response.status_code == 200
            and access_log.holds_personal_data(self.model)
        ):
            obj = getattr(response, "context_data", {}).get("original")
            access_log.record_access(
                request,
                obj if obj is not None else f"{self.model._meta.verbose_name} {object_id}",
                action=AccessAction.ADMIN_VIEW,
            )
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        paginator = self.get_paginator(request, selectors.object_history(obj), HISTORY_PER_PAGE)
        page = paginator.get_page(request.GET.get("p"))
        entries = [
            {
                "timestamp": entry.timestamp,
                "actor": entry.actor or entry.actor_email or gettext("система"),
                "action": ACTION_LABELS.get(entry.action, entry.action),
                "changes": [
                    old_new(field, values) for field, values in entry.changes_display_dict.items()
                ],
            }
            for entry in page.object_list
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("История изменений: %(object)s") % {"object": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "entries": entries,
            "page_obj": page,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.history_template, context)


class _PortalInlineMixin:
    """Inlines follow the same rule as their parent page (Django would ask per-model perms)."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)


class PortalTabularInline(_PortalInlineMixin, admin.TabularInline):
    pass


class PortalStackedInline(_PortalInlineMixin, admin.StackedInline):
    pass

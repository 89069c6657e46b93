"""The whole change log (django-auditlog) in the admin, read-only, for federal staff."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.admin.base import ACTION_LABELS, PortalModelAdmin, old_new
from resursnaya_sreda.kernel.admin.mixins import ReadOnlyAdminMixin


def _verbose_name(model: Any, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except Exception:  # a field since removed, or a model gone: the stored name will do
        return field_name


if admin.site.is_registered(LogEntry):
    # auditlog's own admin searches ``actor__first_name``, which our user has not, and asks
    # Django's per-model permissions; ours is read-only, in Russian, for federal staff.
    admin.site.unregister(LogEntry)


class ActionFilter(admin.SimpleListFilter):
    """auditlog ships no Russian catalogue, so its action choices are named here."""

    title = _("действие")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(value), label) for value, label in ACTION_LABELS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[LogEntry]) -> QuerySet[LogEntry]:
        if self.value() is None:
            return queryset
        return queryset.filter(action=self.value())


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """The whole change log, read-only: who changed which record, when and how."""

    list_display = ["when", "resource", "action_label", "changed_fields", "actor_label"]
    list_filter = [ActionFilter, ("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["object_repr", "actor__email", "actor__full_name", "actor_email"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "timestamp"
    list_per_page = 50
    fields = ["when", "actor_label", "resource", "action_label", "changes_table"]
    readonly_fields = fields

    @admin.display(description=_("когда"), ordering="timestamp")
    def when(self, obj: LogEntry) -> str:
        return formats.date_format(timezone.localtime(obj.timestamp), "d.m.Y H:i")

    @admin.display(description=_("действие"), ordering="action")
    def action_label(self, obj: LogEntry) -> str:
        return str(ACTION_LABELS.get(obj.action, obj.action))

    @admin.display(description=_("кто"))
    def actor_label(self, obj: LogEntry) -> str:
        return str(obj.actor or obj.actor_email or gettext("система"))

    @admin.display(description=_("запись"))
    def resource(self, obj: LogEntry) -> str:
        label = f"{capfirst(obj.content_type.name)}: {obj.object_repr}"
        try:
            url = reverse(
                f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change",
                args=[obj.object_id or obj.object_pk],
            )
        except NoReverseMatch:  # a model without an admin page: plain text
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("изменённые поля"))
    def changed_fields(self, obj: LogEntry) -> str:
        # Verbose names from the model, not ``changes_display_dict``: that one loads every
        # foreign key it mentions, a query per row of the list.
        model = obj.content_type.model_class()
        names = [_verbose_name(model, name) for name in obj.changes_dict]
        shown = ", ".join(names[:6])
        extra = len(names) - 6
        if extra > 0:
            shown += " " + ngettext("и ещё %(n)s", "и ещё %(n)s", extra) % {"n": extra}
        return shown

    @admin.display(description=_("изменения"))
    def changes_table(self, obj: LogEntry) -> str:
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            (old_new(field, values) for field, values in obj.changes_display_dict.items()),
        )
        header = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            gettext("поле"),
            gettext("было"),
            gettext("стало"),
        )
        return format_html("<table>{}{}</table>", header, rows)

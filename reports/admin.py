"""Document jobs in the admin: read-only, for federal coordinators to follow what happens."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reports.models import DocumentJob
from resursnaya_sreda.accounts import permissions
from resursnaya_sreda.kernel.admin import ReadOnlyAdminMixin


@admin.register(DocumentJob)
class DocumentJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "format", "status", "progress", "requested_by", "created_at", "size"]
    list_filter = ["status", "format", "kind"]
    search_fields = ["title", "requested_by__email", "requested_by__full_name"]
    date_hierarchy = "created_at"
    list_select_related = ["requested_by"]
    readonly_fields = [field.name for field in DocumentJob._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.is_federal(request.user) or request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

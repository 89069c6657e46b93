"""Federal coordinators read the federal view's records here; nothing is changed or deleted:
a frozen report is permanent, a task's mark is a record of who said it was done."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from dashboard.models import Snapshot, TaskMark


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    list_display = ("title", "version", "frozen_at", "frozen_by", "state")
    list_filter = ("state",)
    exclude = ("data",)


@admin.register(TaskMark)
class TaskMarkAdmin(ReadOnlyAdmin):
    list_display = ("task", "marked_by", "marked_at")

"""Admin of step 4: a read-mostly view for federal coordinators; work happens on the pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from resursnaya_sreda.kernel.admin import PortalModelAdmin, PortalTabularInline
from videos.models import (
    ChannelRules,
    Cut,
    ReservedDate,
    ScheduleSlot,
    ScheduleVersion,
    Specification,
    Story,
    StoryHistory,
)


class ReadOnlyInline(PortalTabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class HistoryInline(ReadOnlyInline):
    model = StoryHistory
    fields = ["created_at", "action", "from_state", "to_state", "actor", "message"]
    readonly_fields = fields


class CutInline(ReadOnlyInline):
    model = Cut
    fields = ["display_name", "size", "uploaded_at", "check_state", "duration", "width", "height"]
    readonly_fields = fields


@admin.register(Story)
class StoryAdmin(PortalModelAdmin):
    list_display = ["title", "pilot_site", "state", "release_on"]
    list_filter = ["state", "programme"]
    search_fields = ["title"]
    readonly_fields = ["programme", "pilot_site", "state", "specification", "published_at"]
    fields = [
        "programme",
        "pilot_site",
        "number",
        "title",
        "synopsis",
        "state",
        "specification",
        "release_on",
        "published_at",
    ]
    inlines = [CutInline, HistoryInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Specification)
class SpecificationAdmin(PortalModelAdmin):
    list_display = ["programme", "version", "state", "issued_at"]
    list_filter = ["programme", "state"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReservedInline(PortalTabularInline):
    model = ReservedDate
    extra = 0


@admin.register(ChannelRules)
class ChannelRulesAdmin(PortalModelAdmin):
    list_display = ["programme", "window_start", "window_end", "release_weekdays"]
    inlines = [ReservedInline]


class SlotInline(ReadOnlyInline):
    model = ScheduleSlot
    fields = ["release_on", "story", "preference_rank", "pinned", "released", "moved_from"]
    readonly_fields = fields


@admin.register(ScheduleVersion)
class ScheduleVersionAdmin(PortalModelAdmin):
    list_display = ["programme", "number", "state", "created_at", "published_at"]
    list_filter = ["programme", "state"]
    readonly_fields = [
        "programme",
        "number",
        "state",
        "baseline",
        "rules",
        "message",
        "changed_count",
        "solve_seconds",
        "created_by",
        "published_by",
        "published_at",
    ]
    inlines = [SlotInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

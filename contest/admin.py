"""The contest in the admin: its dates, nominations and the organiser's entry form (questions
and required attachments) — next year's form is rows here, not a release. Entries and the
collection are worked on the site; the admin lists them read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from contest.models import (
    AttachmentRequirement,
    Chapter,
    Contest,
    Edition,
    Entry,
    EntryHistory,
    EntryQuestion,
    Nomination,
)
from resursnaya_sreda.kernel.admin import PortalModelAdmin, PortalTabularInline


class NominationInline(PortalTabularInline):
    model = Nomination
    extra = 0
    fields = ["title", "is_special", "position", "description"]


class QuestionInline(PortalTabularInline):
    model = EntryQuestion
    extra = 0
    fields = [
        "position",
        "text",
        "kind",
        "source",
        "max_length",
        "is_required",
        "choices",
        "help_text",
        "is_active",
    ]


class RequirementInline(PortalTabularInline):
    model = AttachmentRequirement
    extra = 0
    fields = [
        "position",
        "title",
        "kinds",
        "max_size_mb",
        "is_required",
        "is_consent",
        "is_support_letter",
        "help_text",
        "is_active",
    ]


@admin.register(Contest)
class ContestAdmin(PortalModelAdmin):
    list_display = ["contest_title", "programme", "entries_open_on", "deadline", "results_on"]
    list_select_related = ["programme"]

    @admin.display(description=_("конкурс"), ordering="title")
    def contest_title(self, obj: Contest) -> str:
        return obj.display_title

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "programme",
                    "edition",
                    "title",
                    "organiser",
                    "organiser_email",
                    "description",
                ]
            },
        ),
        (
            "Сроки и правила",
            {
                "fields": [
                    "entries_open_on",
                    "deadline",
                    "results_on",
                    "max_entries_per_practice",
                    "warning_days",
                ]
            },
        ),
    ]
    inlines = [NominationInline, QuestionInline, RequirementInline]


@admin.register(EntryQuestion)
class EntryQuestionAdmin(PortalModelAdmin):
    """The organiser's questions, also editable one by one (like the questionnaire's extra
    questions)."""

    list_display = [
        "text",
        "contest",
        "kind",
        "source",
        "max_length",
        "is_required",
        "position",
        "is_active",
    ]
    list_filter = ["contest", "kind", "is_required", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["text"]
    list_select_related = ["contest"]


class HistoryInline(PortalTabularInline):
    model = EntryHistory
    extra = 0
    fields = ["created_at", "action", "from_state", "to_state", "actor", "message"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Entry)
class EntryAdmin(PortalModelAdmin):
    """Read-only: entries change only through their services, on the site."""

    list_display = [
        "title",
        "nomination",
        "region",
        "state",
        "sent_on",
        "organiser_number",
        "result",
        "place",
    ]
    list_filter = ["contest", "state", "nomination", "result"]
    search_fields = ["title", "organisation__name", "organiser_number"]
    list_select_related = ["nomination", "region"]
    inlines = [HistoryInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ChapterInline(PortalTabularInline):
    model = Chapter
    extra = 0
    fields = ["position", "title", "region_name", "direction_name", "state"]
    readonly_fields = ["title", "region_name", "direction_name", "state"]
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Edition)
class EditionAdmin(PortalModelAdmin):
    list_display = ["title", "number", "year", "state", "pdf_pages", "published_at"]
    list_filter = ["state", "programme"]
    readonly_fields = [
        "state",
        "approved_by",
        "approved_at",
        "published_by",
        "published_at",
        "pdf_sha256",
        "pdf_pages",
        "pdf_size",
        "build_state",
        "build_error",
        "rebuilt_at",
        "rebuild_identical",
    ]
    exclude = ["pdf", "frozen"]
    inlines = [ChapterInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.is_published

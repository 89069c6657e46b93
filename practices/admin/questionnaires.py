"""Federal coordinators' admin: directions, extra questions, and questionnaires (read-only,
with «publish» and «unpublish» actions that go through the same services as the site)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from practices import services
from practices.models import (
    Attachment,
    Direction,
    ExtraQuestion,
    Questionnaire,
    QuestionnaireHistory,
    StaffComment,
)
from resursnaya_sreda.kernel.admin import (
    PortalModelAdmin,
    PortalTabularInline,
    ReadOnlyAdminMixin,
)


@admin.register(Direction)
class DirectionAdmin(PortalModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]


@admin.register(ExtraQuestion)
class ExtraQuestionAdmin(PortalModelAdmin):
    """Questions added to a programme's questionnaire without a release."""

    list_display = ["text", "programme", "kind", "is_required", "position", "is_active"]
    list_filter = ["programme", "kind", "is_required", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["text"]
    list_select_related = ["programme"]
    fields = [
        "programme",
        "text",
        "help_text",
        "kind",
        "choices",
        "is_required",
        "position",
        "is_active",
    ]


class HistoryInline(ReadOnlyAdminMixin, PortalTabularInline):
    model = QuestionnaireHistory
    extra = 0
    fields = ["created_at", "action", "from_state", "to_state", "actor", "message"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyAdminMixin, PortalTabularInline):
    model = Attachment
    extra = 0
    fields = ["link", "kind", "caption", "size", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("файл"))
    def link(self, obj: Attachment) -> str:
        return format_html('<a href="{}">{}</a>', obj.file.url, obj.display_name)


class CommentInline(ReadOnlyAdminMixin, PortalTabularInline):
    model = StaffComment
    extra = 0
    fields = ["created_at", "author", "text"]
    readonly_fields = fields


class PublishedFilter(admin.SimpleListFilter):
    title = _("в каталоге")
    parameter_name = "published"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", _("опубликованы")), ("no", _("не опубликованы"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(published_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(published_at__isnull=True)
        return queryset


@admin.register(Questionnaire)
class QuestionnaireAdmin(PortalModelAdmin):
    """Answers belong to the applicant and states to the services: nothing is edited here."""

    list_display = [
        "number",
        "title_or_placeholder",
        "organisation",
        "region",
        "state",
        "published_at",
        "submitted_at",
    ]
    list_display_links = ["number", "title_or_placeholder"]
    list_filter = ["state", PublishedFilter, "programme", "direction", "organisation__region"]
    search_fields = ["title", "organisation__name", "organisation__inn"]
    list_select_related = ["organisation__region"]
    date_hierarchy = "submitted_at"
    actions = ["admit", "publish", "unpublish"]
    inlines = [HistoryInline, AttachmentInline, CommentInline]
    list_per_page = 50

    @admin.display(description="№", ordering="pk")
    def number(self, obj: Questionnaire) -> int:
        return obj.pk

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields if f.name != "search_document"] + [
            "site_link"
        ]

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["search_document", "last_editor_token"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("практика"), ordering="title")
    def title_or_placeholder(self, obj: Questionnaire) -> str:
        return obj.display_title

    @admin.display(description=_("регион"), ordering="organisation__region__name")
    def region(self, obj: Questionnaire) -> str:
        return str(obj.organisation.region)

    @admin.display(description=_("на сайте"))
    def site_link(self, obj: Questionnaire) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("practices:detail", args=[obj.pk]), _("открыть анкету")
        )

    def _apply(self, request: HttpRequest, queryset: QuerySet, action: Any, done: str) -> None:
        ok, failed = 0, []
        for questionnaire in queryset.select_related("organisation", "programme"):
            try:
                action(questionnaire=questionnaire, by=request.user)
            except (services.QuestionnaireError, PermissionDenied) as exc:
                reason = getattr(exc, "message", "") or str(_("нет прав"))
                failed.append(f"№{questionnaire.pk}: {reason}")
            else:
                ok += 1
        if ok:
            self.message_user(request, ngettext(done, done, ok) % {"n": ok}, messages.SUCCESS)
        for line in failed:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description=_("Допустить к экспертизе"))
    def admit(self, request: HttpRequest, queryset: QuerySet) -> None:
        # Refusals need a reason each: they are made one by one in «Допуск анкет».
        def admit_one(*, questionnaire: Questionnaire, by: Any) -> None:
            services.admission_decide(questionnaire=questionnaire, by=by, admitted=True)

        self._apply(request, queryset, admit_one, "Допущено к экспертизе: %(n)s.")

    @admin.action(description=_("Опубликовать в каталоге"))
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(
            request, queryset, services.questionnaire_publish, "Опубликовано практик: %(n)s."
        )

    @admin.action(description=_("Снять с публикации"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(
            request, queryset, services.questionnaire_unpublish, "Снято с публикации: %(n)s."
        )

"""Step 3 in the admin: federal coordinators confirm the pilot sites' practices and read or
add to their support log (regional staff propose them on the site, not here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from practices import services
from practices.models import PilotPractice, SupportEntry
from resursnaya_sreda.kernel.admin import PortalModelAdmin, PortalTabularInline, refusal_message


class SupportInline(PortalTabularInline):
    model = SupportEntry
    fields = ["date", "kind", "text", "author"]
    readonly_fields = ["author"]
    extra = 0


@admin.register(PilotPractice)
class PilotPracticeAdmin(PortalModelAdmin):
    list_display = ["pilot_site", "slot", "questionnaire", "state", "confirmed_at"]
    list_filter = ["state", "pilot_site__programme"]
    list_select_related = ["pilot_site__region", "questionnaire"]
    readonly_fields = ["pilot_site", "questionnaire", "slot", "state", "confirmed_at"]
    fields = readonly_fields
    inlines = [SupportInline]
    actions = ["confirm"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # regional staff propose on the site

    @admin.action(description=_("Подтвердить выбор практики"))
    def confirm(self, request: HttpRequest, queryset: QuerySet[PilotPractice]) -> None:
        done = 0
        for practice in queryset:
            try:
                services.pilot_practice_confirm(practice=practice, by=request.user)
            except (services.QuestionnaireError, PermissionDenied) as exc:
                self.message_user(request, f"{practice}: {refusal_message(exc)}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request, gettext("Подтверждено практик: %(n)s.") % {"n": done}, messages.SUCCESS
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for entry in formset.save(commit=False):
            if entry.author_id is None:
                entry.author = request.user
            entry.save()
        for obj in formset.deleted_objects:
            obj.delete()

"""Federal coordinators' admin for events: read the records, fix typos; states move only
through the services (the site's buttons), so the history stays true."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html_join, linebreaks
from django.utils.translation import gettext_lazy as _

from events.models import (
    AgendaItem,
    BridgeSite,
    Event,
    EventHistory,
    EventPhoto,
    EventScan,
    FeedbackQuestion,
    ProgrammeFeedback,
    Registration,
    RunningOrderSlot,
    SupportItem,
)
from resursnaya_sreda.kernel.admin import (
    PortalModelAdmin,
    PortalTabularInline,
    ReadOnlyAdminMixin,
)
from resursnaya_sreda.kernel.consent import consent_texts, render
from resursnaya_sreda.kernel.models import ConsentPurpose


class AgendaInline(PortalTabularInline):
    model = AgendaItem
    extra = 0


class SupportInline(PortalTabularInline):
    model = SupportItem
    extra = 0


class HistoryInline(ReadOnlyAdminMixin, PortalTabularInline):
    model = EventHistory
    extra = 0
    fields = ["created_at", "action", "from_state", "to_state", "actor", "message"]
    readonly_fields = fields


@admin.register(Event)
class EventAdmin(PortalModelAdmin):
    list_display = ["title", "kind", "pilot_site", "date", "state"]
    list_filter = ["kind", "state", "pilot_site__region"]
    search_fields = ["title", "venue", "address"]
    date_hierarchy = "date"
    list_select_related = ["pilot_site__region", "pilot_site__programme"]
    readonly_fields = ["state", "state_changed_at", "attendance_reconciled_at", "created_by"]
    raw_id_fields = ["municipality", "host_organisation"]
    inlines = [AgendaInline, SupportInline, HistoryInline]


@admin.register(Registration)
class RegistrationAdmin(PortalModelAdmin):
    list_display = ["full_name", "event", "status", "source", "attended", "consent_photo"]
    list_filter = ["status", "source", "attended", "category"]
    search_fields = ["full_name", "email", "organisation"]
    list_select_related = ["event"]
    raw_id_fields = ["event"]
    readonly_fields = [
        "consent_personal_data",
        "consent_version",
        "consent_at",
        "consent_wording",
        "person_key",
    ]
    exclude = ["feedback_token"]

    @admin.display(description=_("текст согласия, который дал участник"))
    def consent_wording(self, obj: Registration) -> str:
        if not obj.consent_version:
            return "—"
        wordings = consent_texts(
            (purpose, obj.consent_version)
            for purpose in (ConsentPurpose.EVENT_REGISTRATION, ConsentPurpose.EVENT_PHOTO)
            if purpose == ConsentPurpose.EVENT_REGISTRATION or obj.consent_photo
        )
        return format_html_join(
            "",
            "<p><strong>{}, {} {}</strong></p>{}",
            (
                (
                    w.purpose_label,
                    _("редакция"),
                    w.version,
                    linebreaks(render(w.text), autoescape=True),
                )
                for w in wordings
            ),
        )


@admin.register(EventScan)
class EventScanAdmin(PortalModelAdmin):
    list_display = ["display_name", "event", "uploaded_at"]
    list_select_related = ["event"]
    raw_id_fields = ["event"]


@admin.register(EventPhoto)
class EventPhotoAdmin(PortalModelAdmin):
    list_display = ["display_name", "event", "has_non_consenting", "uploaded_at"]
    list_filter = ["has_non_consenting"]
    list_select_related = ["event"]
    raw_id_fields = ["event"]
    filter_horizontal = ["people"]


@admin.register(FeedbackQuestion)
class FeedbackQuestionAdmin(PortalModelAdmin):
    """The participants' feedback questions, edited per kind of event without a release."""

    list_display = ["text", "kind", "is_rating", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(ProgrammeFeedback)
class ProgrammeFeedbackAdmin(PortalModelAdmin):
    list_display = ["pilot_site", "usefulness", "updated_at"]
    list_select_related = ["pilot_site__region", "pilot_site__programme"]
    readonly_fields = ["submitted_by"]


class SlotInline(PortalTabularInline):
    model = RunningOrderSlot
    extra = 0


class BridgeSiteInline(PortalTabularInline):
    model = BridgeSite
    extra = 0


EventAdmin.inlines = [AgendaInline, SupportInline, SlotInline, BridgeSiteInline, HistoryInline]

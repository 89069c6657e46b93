"""Admin of the letters app: federal coordinators read and fix typos in addressees, templates
and campaign entries; the register and deliveries are only read (they move through services)."""

from __future__ import annotations

from django.contrib import admin

from letters.models import (
    Addressee,
    CampaignEntry,
    Letter,
    Letterhead,
    LetterTemplate,
    Mailing,
    Reply,
)
from resursnaya_sreda.kernel.admin import PortalModelAdmin, ReadOnlyAdminMixin


@admin.register(Addressee)
class AddresseeAdmin(PortalModelAdmin):
    list_display = ["organisation", "person", "kind", "region", "email", "basis"]
    list_filter = ["kind", "basis", "region"]
    search_fields = ["organisation", "person", "email"]
    raw_id_fields = ["municipality"]
    readonly_fields = ["region", "created_by", "created_at", "updated_at"]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(PortalModelAdmin):
    list_display = ["kind", "programme", "pilot_site", "updated_at", "updated_by"]
    list_filter = ["kind", "programme"]
    readonly_fields = ["programme", "pilot_site", "kind", "updated_by", "updated_at"]


@admin.register(Letterhead)
class LetterheadAdmin(PortalModelAdmin):
    list_display = ["organisation", "pilot_site", "signatory_name", "number_prefix"]
    readonly_fields = ["pilot_site"]


@admin.register(Mailing)
class MailingAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["title", "kind", "letterhead", "state", "total", "created_at"]
    list_filter = ["kind", "state"]


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["number", "year", "letterhead", "organisation", "kind", "delivery"]
    list_filter = ["kind", "delivery", "year"]
    search_fields = ["organisation", "person", "subject"]


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["letter", "decision", "received_on"]
    list_filter = ["decision"]


@admin.register(CampaignEntry)
class CampaignEntryAdmin(PortalModelAdmin):
    list_display = ["title", "pilot_site", "platform", "published_on", "reach"]
    list_filter = ["platform"]
    search_fields = ["title", "outlet"]
    readonly_fields = ["pilot_site", "created_by", "created_at"]

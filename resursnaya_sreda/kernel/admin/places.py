"""Places and organisations in the admin: regions (read-only), municipalities, organisations."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.admin.base import PortalModelAdmin
from resursnaya_sreda.kernel.admin.mixins import ReadOnlyAdminMixin
from resursnaya_sreda.kernel.models import Municipality, Organisation, Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """The 89 federal subjects ship with a migration: a read-only reference list."""

    list_display = ["code", "name", "federal_district", "timezone"]
    list_filter = ["federal_district", "timezone"]
    search_fields = ["name", "code"]
    ordering = ["code"]


@admin.register(Municipality)
class MunicipalityAdmin(PortalModelAdmin):
    list_display = ["name", "region", "kind", "oktmo"]
    list_filter = ["region__federal_district", "kind", "region"]
    search_fields = ["name", "oktmo", "region__name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    list_per_page = 50


@admin.register(Organisation)
class OrganisationAdmin(PortalModelAdmin):
    list_display = ["name", "short_name", "kind", "region", "inn"]
    list_filter = ["kind", "region__federal_district", "region"]
    search_fields = ["name", "short_name", "inn", "ogrn"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "municipality"]
    readonly_fields = ["created_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "kind", "region", "municipality"]}),
        (_("Реквизиты"), {"fields": ["inn", "ogrn", "address"]}),
        (_("Связь"), {"fields": ["phone", "email", "website"]}),
        (None, {"fields": ["created_at"]}),
    ]

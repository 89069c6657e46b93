"""News in the admin, for federal coordinators (the portal pages serve regional staff)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from resursnaya_sreda.accounts.permissions import is_federal
from resursnaya_sreda.kernel.admin import PortalModelAdmin
from resursnaya_sreda.kernel.uploads import CheckedUpload
from resursnaya_sreda.public import services
from resursnaya_sreda.public.models import NewsItem


@admin.register(NewsItem)
class NewsItemAdmin(PortalModelAdmin):
    list_display = ["title", "kind", "region", "is_published", "published_at", "author"]
    list_filter = ["kind", "is_published", "programme", "pilot_site__region"]
    list_select_related = ["pilot_site__region", "author"]
    search_fields = ["title", "lead", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields: list[str] = []
    readonly_fields = ["published_at", "author", "created_at", "updated_at"]
    fields = [
        "programme",
        "pilot_site",
        "kind",
        "title",
        "slug",
        "lead",
        "body",
        "cover",
        "is_published",
        "published_at",
        "author",
        "created_at",
        "updated_at",
    ]

    # Explicit, so the rule is visible here even if the base class changes.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_federal(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_federal(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_federal(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_federal(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_federal(request.user)

    @admin.display(description="Регион", ordering="pilot_site__region__name")
    def region(self, obj: NewsItem) -> str:
        return obj.region_name or "Федеральный центр"

    def save_model(self, request: HttpRequest, obj: NewsItem, form: Any, change: bool) -> None:
        cover = form.cleaned_data.get("cover")
        services.news_save(
            item=obj,
            user=request.user,
            cover=cover if isinstance(cover, CheckedUpload) else None,
            remove_cover=cover is False,
        )

"""Personal data in the admin: the access log (filters, search, CSV export), the record of
152-ФЗ requests with the form that erases a person's data on request, and the history of
consent wordings.

Federal coordinators see both; nobody can add, change or delete an entry from the portal (the
daily task removes access-log entries past ``ACCESS_LOG_RETENTION_DAYS``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, linebreaks
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.accounts import permissions
from resursnaya_sreda.kernel import personal_data
from resursnaya_sreda.kernel.consent import CURRENT_VERSIONS
from resursnaya_sreda.kernel.models import ConsentText, PersonalDataAccess, PersonalDataRequest

EXPORT_COLUMNS = [
    ("at", _("когда (UTC)")),
    ("user_email", _("кто")),
    ("action", _("действие")),
    ("what", _("что")),
    ("parameters", _("параметры")),
    ("path", _("адрес страницы")),
    ("ip_address", _("IP")),
]


class _Echo:
    def write(self, value: str) -> str:
        return value


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user_email", "action", "what", "ip_address"]
    list_filter = ["action", "content_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["user_email", "what", "object_id", "path"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = [f.name for f in PersonalDataAccess._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.is_federal(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.is_federal(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list:
        export = self.admin_site.admin_view(self.export_view)
        return [
            path("export/", export, name="kernel_personaldataaccess_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        query = request.GET.urlencode()
        url = reverse("admin:kernel_personaldataaccess_export") + (f"?{query}" if query else "")
        extra_context = {
            **(extra_context or {}),
            "subtitle": format_html('<a href="{}">{}</a>', url, _("Выгрузить в CSV (с фильтрами)")),
        }
        return super().changelist_view(request, extra_context)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """The filtered entries as CSV, streamed (the log may hold millions of rows)."""
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        queryset: QuerySet[PersonalDataAccess] = changelist.get_queryset(request)
        writer = csv.writer(_Echo(), delimiter=";")

        def rows() -> Iterator[str]:
            yield "\ufeff" + writer.writerow([str(title) for _name, title in EXPORT_COLUMNS])
            for entry in queryset.order_by("-at").iterator(chunk_size=2000):
                yield writer.writerow(
                    [
                        entry.at.strftime("%d.%m.%Y %H:%M:%S"),
                        entry.user_email,
                        entry.get_action_display(),
                        entry.what,
                        entry.parameters,
                        entry.path,
                        entry.ip_address or "",
                    ]
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
        return response


class ErasureForm(forms.Form):
    email = forms.EmailField(label=_("E-mail субъекта персональных данных"))
    reason = forms.CharField(
        label=_("Основание"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Например: заявление от 01.02.2026, вх. № 15."),
    )
    confirm = forms.BooleanField(
        label=_(
            "Понимаю, что данные будут удалены или обезличены безвозвратно: учётная запись "
            "закроется, регистрации и отзывы останутся в отчётах без имени и контактов."
        )
    )


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(admin.ModelAdmin):
    list_display = ["done_at", "kind", "subject_email", "programme", "done_by"]
    list_filter = ["kind", "programme"]
    search_fields = ["subject_email", "subject_hash"]
    date_hierarchy = "done_at"
    readonly_fields = [f.name for f in PersonalDataRequest._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.is_federal(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.is_federal(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list:
        erase = self.admin_site.admin_view(self.erase_view)
        return [path("erase/", erase, name="kernel_personaldatarequest_erase"), *super().get_urls()]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "subtitle": format_html(
                '<a href="{}">{}</a> · <a href="{}">{}</a>',
                reverse("reports:list") + "?kind=personal-data-export",
                _("Выгрузить сведения о человеке"),
                reverse("admin:kernel_personaldatarequest_erase"),
                _("Удалить данные по запросу"),
            ),
        }
        return super().changelist_view(request, extra_context)

    def erase_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = ErasureForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            record = personal_data.person_erase(
                email=form.cleaned_data["email"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            total = sum(record.counts.values())
            self.message_user(
                request,
                _("Данные удалены или обезличены (записей: %(n)d). Запрос записан.") % {"n": total},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:kernel_personaldatarequest_changelist"))
        return TemplateResponse(
            request,
            "kernel/admin/personal_data_erase.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Удаление персональных данных по запросу"),
                "form": form,
                "opts": self.model._meta,
            },
        )


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    """Every wording people agreed to, by purpose and version: a history to read, never edited
    (a new wording comes with a data migration, ``kernel/consent.py``)."""

    list_display = ["purpose", "version", "in_force", "created_at"]
    list_filter = ["purpose"]
    search_fields = ["version", "text"]
    fields = ["purpose", "version", "in_force", "created_at", "wording"]
    readonly_fields = fields

    @admin.display(description=_("действует сейчас"), boolean=True)
    def in_force(self, obj: ConsentText) -> bool:
        return CURRENT_VERSIONS.get(obj.purpose) == obj.version

    @admin.display(description=_("текст"))
    def wording(self, obj: ConsentText) -> str:
        return linebreaks(obj.text, autoescape=True)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.is_federal(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.is_federal(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

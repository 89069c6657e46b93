"""The admin of the programme kernel, and the base classes every app's admin builds on.

Access follows the portal's roles, not Django's per-model permissions: a federal coordinator
(or a superuser) manages everything, nobody else sees these pages. So granting the federal role
is enough and no permission table has to be kept in step by hand.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from auditlog.models import LogEntry
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Max, Min, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.accounts import permissions
from resursnaya_sreda.kernel import access_log, roadmap_seed, selectors, services
from resursnaya_sreda.kernel.models import (
    AccessAction,
    Municipality,
    Organisation,
    PilotSite,
    Programme,
    Region,
    RoadmapStep,
    RoadmapTask,
    Target,
)

HISTORY_PER_PAGE = 25

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("создание"),
    LogEntry.Action.UPDATE: _("изменение"),
    LogEntry.Action.DELETE: _("удаление"),
    LogEntry.Action.ACCESS: _("просмотр"),
}

STEP_STATE_LABELS = {
    "done": _("завершён"),
    "current": _("идёт"),
    "ahead": _("впереди"),
}


def _shown(value: Any) -> str:
    # auditlog stores a missing value as the string "None".
    return "—" if value is None or value in ("None", "") else str(value)


def _old_new(field: str, values: Any) -> tuple[str, str, str]:
    """A log entry's change as (field, before, after); auditlog stores [old, new] pairs."""
    if isinstance(values, list | tuple) and len(values) == 2:
        return str(field), _shown(values[0]), _shown(values[1])
    return str(field), "—", _shown(values)


def _verbose_name(model: Any, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except Exception:  # a field since removed, or a model gone: the stored name will do
        return field_name


def _is_federal(request: HttpRequest) -> bool:
    return permissions.is_federal(request.user)


class PortalModelAdmin(admin.ModelAdmin):
    """Base admin for portal models: only federal coordinators (and superusers) get in.

    Every permission hook answers ``is_federal(request.user)``; subclasses narrow further (a
    read-only list returns False for add, change and delete). The «История» button of every
    change form shows the record's django-auditlog history: who changed what, when.
    """

    history_template = "kernel/admin/object_history.html"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_federal(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_federal(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)

    # Models registered with ``access_log.register_personal_data_model`` record each list and
    # each record opened here: one entry per page, with the filters, never one per row.
    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200 and access_log.holds_personal_data(self.model):
            access_log.record_access(
                request,
                capfirst(str(self.model._meta.verbose_name_plural)),
                action=AccessAction.ADMIN_LIST,
                parameters=access_log.request_parameters(request),
            )
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if (
            request.method == "GET"
            and response.status_code == 200
            and access_log.holds_personal_data(self.model)
        ):
            obj = getattr(response, "context_data", {}).get("original")
            access_log.record_access(
                request,
                obj if obj is not None else f"{self.model._meta.verbose_name} {object_id}",
                action=AccessAction.ADMIN_VIEW,
            )
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        paginator = self.get_paginator(request, selectors.object_history(obj), HISTORY_PER_PAGE)
        page = paginator.get_page(request.GET.get("p"))
        entries = [
            {
                "timestamp": entry.timestamp,
                "actor": entry.actor or entry.actor_email or gettext("система"),
                "action": ACTION_LABELS.get(entry.action, entry.action),
                "changes": [
                    _old_new(field, values) for field, values in entry.changes_display_dict.items()
                ],
            }
            for entry in page.object_list
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("История изменений: %(object)s") % {"object": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "entries": entries,
            "page_obj": page,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.history_template, context)


class _PortalInlineMixin:
    """Inlines follow the same rule as their parent page (Django would ask per-model perms)."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_federal(request)


class PortalTabularInline(_PortalInlineMixin, admin.TabularInline):
    pass


class PortalStackedInline(_PortalInlineMixin, admin.StackedInline):
    pass


# --- Places and organisations -------------------------------------------------------------


@admin.register(Region)
class RegionAdmin(PortalModelAdmin):
    """The 89 federal subjects ship with a migration: a read-only reference list."""

    list_display = ["code", "name", "federal_district"]
    list_filter = ["federal_district"]
    search_fields = ["name", "code"]
    ordering = ["code"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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


# --- Programmes ---------------------------------------------------------------------------


class RoadmapStepInline(PortalTabularInline):
    model = RoadmapStep
    fields = ["number", "title", "starts_on", "ends_on"]
    extra = 0
    show_change_link = True
    ordering = ["number"]


class TargetInline(PortalTabularInline):
    model = Target
    fields = ["code", "value", "step"]
    extra = 0

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if db_field.name == "step":
            # Only the steps of the programme on the page make sense here.
            object_id = (
                request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            )
            steps = RoadmapStep.objects.order_by("number")
            kwargs["queryset"] = (
                steps.filter(programme_id=unquote(object_id)) if object_id else steps.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProgrammeCopyForm(forms.Form):
    title = forms.CharField(label=_("Название новой программы"), max_length=255)
    year = forms.IntegerField(label=_("Год"), min_value=2000, max_value=2100)
    shift_days = forms.IntegerField(
        label=_("Сдвиг дат, дней"),
        required=False,
        min_value=-3660,
        max_value=3660,
        help_text=_("Оставьте пустым, чтобы перенести даты шагов на те же числа нового года."),
    )

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if Programme.objects.filter(title=title).exists():
            raise ValidationError(_("Программа с таким названием уже есть."))
        return title


def _next_title(programme: Programme, year: int) -> str:
    candidate = programme.title.replace(str(programme.year), str(year))
    if candidate == programme.title:
        candidate = roadmap_seed.PROGRAMME_TITLE_TEMPLATE.format(year=year)
    return candidate


@admin.register(Programme)
class ProgrammeAdmin(PortalModelAdmin):
    list_display = ["title", "year", "is_current", "period", "pilot_sites_link"]
    list_filter = ["is_current", "year"]
    search_fields = ["title"]
    inlines = [RoadmapStepInline, TargetInline]
    actions = ["copy_programme", "make_current"]
    # The current programme changes only through the «Сделать текущей» action, which steps the
    # previous one down in the same transaction (one current programme is a constraint).
    readonly_fields = ["is_current", "pilot_sites_link", "created_at"]
    fieldsets = [
        (None, {"fields": ["title", "year", "is_current", "organiser", "pilot_sites_link"]}),
        (
            _("Тексты публичной страницы"),
            {"fields": ["summary", "goals", "tasks", "conditions", "contacts"]},
        ),
        (None, {"fields": ["created_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Programme]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                first_day=Min("steps__starts_on"),
                last_day=Max("steps__ends_on"),
                site_count=Count("pilot_sites", distinct=True),
            )
        )

    @admin.display(description=_("сроки"))
    def period(self, obj: Programme) -> str:
        first, last = getattr(obj, "first_day", None), getattr(obj, "last_day", None)
        if not first or not last:
            return "—"
        return f"{first:%d.%m.%Y} – {last:%d.%m.%Y}"

    @admin.display(description=_("пилотные площадки"))
    def pilot_sites_link(self, obj: Programme) -> str:
        if obj.pk is None:
            return "—"
        count = getattr(obj, "site_count", None)
        if count is None:
            count = obj.pilot_sites.count()
        url = reverse("admin:kernel_pilotsite_changelist") + f"?programme__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">{}</a>', url, gettext("Пилотные площадки: %(n)s") % {"n": count}
        )

    @admin.action(description=_("Копировать программу"))
    def copy_programme(
        self, request: HttpRequest, queryset: QuerySet[Programme]
    ) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(
                request, gettext("Выберите одну программу для копирования."), messages.WARNING
            )
            return None
        source = queryset.get()
        if "apply" in request.POST:
            form = ProgrammeCopyForm(request.POST)
            if form.is_valid():
                copy = services.programme_copy(
                    source=source,
                    title=form.cleaned_data["title"],
                    year=form.cleaned_data["year"],
                    shift_days=form.cleaned_data["shift_days"],
                )
                self.message_user(
                    request,
                    gettext("Создана программа «%(title)s» — копия «%(source)s».")
                    % {"title": copy.title, "source": source.title},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:kernel_programme_change", args=[copy.pk])
                )
        else:
            year = source.year + 1
            form = ProgrammeCopyForm(initial={"title": _next_title(source, year), "year": year})
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Копировать программу «%(title)s»") % {"title": source.title},
            "subtitle": None,
            "opts": self.opts,
            "source": source,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "kernel/admin/programme_copy.html", context)

    @admin.action(description=_("Сделать текущей (показывать на сайте)"))
    def make_current(self, request: HttpRequest, queryset: QuerySet[Programme]) -> None:
        if queryset.count() != 1:
            self.message_user(
                request, gettext("Текущей может быть только одна программа."), messages.WARNING
            )
            return
        programme = services.programme_make_current(programme=queryset.get())
        self.message_user(
            request,
            gettext("Программа «%(title)s» теперь текущая.") % {"title": programme.title},
            messages.SUCCESS,
        )


class PilotSiteForm(forms.ModelForm):
    class Meta:
        model = PilotSite
        fields = ["programme", "region", "centre"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        region, centre = cleaned.get("region"), cleaned.get("centre")
        if region and centre and centre.region_id != region.pk:
            self.add_error(
                "centre", _("Ресурсный центр должен находиться в регионе пилотной площадки.")
            )
        return cleaned


@admin.register(PilotSite)
class PilotSiteAdmin(PortalModelAdmin):
    form = PilotSiteForm
    list_display = ["region", "programme", "centre", "staff_count"]
    list_filter = ["programme", "region__federal_district"]
    search_fields = ["region__name", "centre__name", "centre__short_name"]
    autocomplete_fields = ["region", "centre"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PilotSite]:
        return selectors.pilot_sites_with_staff_count(super().get_queryset(request))

    @admin.display(description=_("сотрудников"), ordering="staff_count")
    def staff_count(self, obj: PilotSite) -> int:
        return getattr(obj, "staff_count", 0)

    def save_model(self, request: HttpRequest, obj: PilotSite, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        site = services.pilot_site_create(
            programme=obj.programme, region=obj.region, centre=obj.centre
        )
        obj.pk = site.pk


class RoadmapTaskInline(PortalTabularInline):
    model = RoadmapTask
    fields = ["number", "text", "responsible"]
    extra = 0
    ordering = ["number"]
    formfield_overrides = {
        RoadmapTask._meta.get_field("text").__class__: {
            "widget": forms.Textarea(attrs={"rows": 2, "cols": 80})
        }
    }


@admin.register(RoadmapStep)
class RoadmapStepAdmin(PortalModelAdmin):
    list_display = ["__str__", "programme", "starts_on", "ends_on", "state", "task_count"]
    list_filter = ["programme"]
    search_fields = ["title", "programme__title"]
    list_select_related = ["programme"]
    inlines = [RoadmapTaskInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoadmapStep]:
        return super().get_queryset(request).annotate(task_total=Count("tasks"))

    @admin.display(description=_("состояние"))
    def state(self, obj: RoadmapStep) -> str:
        return str(STEP_STATE_LABELS[obj.state_on()])

    @admin.display(description=_("задач"), ordering="task_total")
    def task_count(self, obj: RoadmapStep) -> int:
        return getattr(obj, "task_total", 0)


@admin.register(RoadmapTask)
class RoadmapTaskAdmin(PortalModelAdmin):
    list_display = ["__str__", "step", "responsible"]
    list_filter = ["step__programme", "responsible", "step__number"]
    search_fields = ["text"]
    list_select_related = ["step__programme"]


@admin.register(Target)
class TargetAdmin(PortalModelAdmin):
    list_display = ["code", "value", "programme", "step"]
    list_filter = ["programme", "code"]
    list_select_related = ["programme", "step"]

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if db_field.name == "step":
            kwargs["queryset"] = RoadmapStep.objects.select_related("programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- The change log -----------------------------------------------------------------------

if admin.site.is_registered(LogEntry):
    # auditlog's own admin searches ``actor__first_name``, which our user has not, and asks
    # Django's per-model permissions; ours is read-only, in Russian, for federal staff.
    admin.site.unregister(LogEntry)


class ActionFilter(admin.SimpleListFilter):
    """auditlog ships no Russian catalogue, so its action choices are named here."""

    title = _("действие")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(value), label) for value, label in ACTION_LABELS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[LogEntry]) -> QuerySet[LogEntry]:
        if self.value() is None:
            return queryset
        return queryset.filter(action=self.value())


@admin.register(LogEntry)
class LogEntryAdmin(PortalModelAdmin):
    """The whole change log, read-only: who changed which record, when and how."""

    list_display = ["when", "resource", "action_label", "changed_fields", "actor_label"]
    list_filter = [ActionFilter, ("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["object_repr", "actor__email", "actor__full_name", "actor_email"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "timestamp"
    list_per_page = 50
    fields = ["when", "actor_label", "resource", "action_label", "changes_table"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("когда"), ordering="timestamp")
    def when(self, obj: LogEntry) -> str:
        return formats.date_format(timezone.localtime(obj.timestamp), "d.m.Y H:i")

    @admin.display(description=_("действие"), ordering="action")
    def action_label(self, obj: LogEntry) -> str:
        return str(ACTION_LABELS.get(obj.action, obj.action))

    @admin.display(description=_("кто"))
    def actor_label(self, obj: LogEntry) -> str:
        return str(obj.actor or obj.actor_email or gettext("система"))

    @admin.display(description=_("запись"))
    def resource(self, obj: LogEntry) -> str:
        label = f"{capfirst(obj.content_type.name)}: {obj.object_repr}"
        try:
            url = reverse(
                f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change",
                args=[obj.object_id or obj.object_pk],
            )
        except NoReverseMatch:  # a model without an admin page: plain text
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("изменённые поля"))
    def changed_fields(self, obj: LogEntry) -> str:
        # Verbose names from the model, not ``changes_display_dict``: that one loads every
        # foreign key it mentions, a query per row of the list.
        model = obj.content_type.model_class()
        names = [_verbose_name(model, name) for name in obj.changes_dict]
        shown = ", ".join(names[:6])
        extra = len(names) - 6
        if extra > 0:
            shown += " " + ngettext("и ещё %(n)s", "и ещё %(n)s", extra) % {"n": extra}
        return shown

    @admin.display(description=_("изменения"))
    def changes_table(self, obj: LogEntry) -> str:
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            (_old_new(field, values) for field, values in obj.changes_display_dict.items()),
        )
        header = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            gettext("поле"),
            gettext("было"),
            gettext("стало"),
        )
        return format_html("<table>{}{}</table>", header, rows)


# The access log and 152-ФЗ requests: federal coordinators read them, nobody edits them.
from resursnaya_sreda.kernel import personal_data_admin  # noqa: E402, F401

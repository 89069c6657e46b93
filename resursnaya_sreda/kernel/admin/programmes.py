"""Programmes in the admin: the roadmap's steps and tasks, targets, pilot sites, and copying a
programme into the next year."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel import roadmap_seed, selectors, services
from resursnaya_sreda.kernel.admin.base import PortalModelAdmin, PortalTabularInline
from resursnaya_sreda.kernel.models import (
    PilotSite,
    Programme,
    RoadmapStep,
    RoadmapTask,
    Target,
)

STEP_STATE_LABELS = {
    "done": _("завершён"),
    "current": _("идёт"),
    "ahead": _("впереди"),
}


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

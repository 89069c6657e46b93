"""The federal view: plan against actual, the drill-down behind every cell."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dashboard import charts, selectors, services
from dashboard import permissions as policy
from dashboard.forms import FreezeForm, TaskMarkForm
from dashboard.selectors.figures import kept
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.indicators import get_indicator, indicators
from resursnaya_sreda.kernel.models import PilotSite, Programme, RoadmapTask
from resursnaya_sreda.kernel.selectors import programme_current
from resursnaya_sreda.kernel.web import add_service_errors, querystring_without_page

DRILL_PAGE_SIZE = 50


def _programme() -> Programme:
    programme = programme_current()
    if programme is None:
        raise Http404
    return programme


@login_required
@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    policy.require_dashboard(request.user)
    programme = _programme()
    sites = policy.visible_sites(request.user, programme)
    federal = roles.is_federal(request.user)
    all_sites = None if federal else programme.pilot_sites.count()
    table = selectors.build_plan(
        programme, sites, today=timezone.localdate(), all_site_count=all_sites, kept=True
    )
    language = translation.get_language()
    html = kept(
        f"table-{language}-{'federal' if federal else 'site'}",
        programme,
        sites,
        table.today,
        lambda: render_to_string(
            "dashboard/partials/plan_table.html", {"plan": table, "federal": federal}
        ),
    )
    return render(
        request,
        "dashboard/plan.html",
        {
            "programme": programme,
            "table": mark_safe(html),  # noqa: S308  (rendered by our template, autoescaped)
            "plan": table,
            "federal": federal,
            "colours": selectors.COLOURS,
            "definitions": indicators(),
        },
    )


@login_required
@require_GET
def cell(request: HttpRequest, key: str) -> HttpResponse:
    """The records one cell counts (``?site=<pk>``) or the total row's (no site).

    The count and each page's rows are kept like the plan's figures (until a counted record
    changes, ten minutes at most), so a page of fifty records at national scale costs what a
    short list costs for the pilot."""
    policy.require_dashboard(request.user)
    programme = _programme()
    indicator = get_indicator(key)
    if indicator is None:
        raise Http404
    site = None
    if request.GET.get("site"):
        site = policy.get_site_for_user(request.user, programme, request.GET["site"])
        sites = [site]
    else:
        sites = policy.visible_sites(request.user, programme)
    today = timezone.localdate()
    count = kept(
        f"cell-count-{key}",
        programme,
        sites,
        today,
        lambda: selectors.drill_down_queryset(indicator, programme, sites).count(),
    )
    # Page numbers of the kept count: the key of a page's rows is a real page, whatever is asked.
    page = Paginator(range(count), DRILL_PAGE_SIZE).get_page(request.GET.get("page"))

    def rows() -> str:
        records = selectors.drill_down_page(
            indicator, programme, sites, page.start_index() - 1, page.end_index()
        )
        return render_to_string(
            "dashboard/partials/cell_rows.html",
            {"records": records, "site": site, "first": page.start_index()},
        )

    # A site asked for by name has no site column; regional staff's one visible site has it.
    shape = f"{translation.get_language()}-{'site' if site else 'sites'}"
    html = (
        kept(f"cell-rows-{shape}-{key}-{page.number}", programme, sites, today, rows)
        if count
        else ""
    )

    def uncounted() -> str:
        left_out, records = selectors.uncounted_rows(indicator, programme, sites)
        if not left_out:
            return ""
        return render_to_string(
            "dashboard/partials/uncounted_rows.html",
            {"records": records, "count": left_out, "site": site},
        )

    # The records left out are listed on the first page only, under the counted ones.
    left_out = (
        kept(f"cell-uncounted-{shape}-{key}", programme, sites, today, uncounted)
        if indicator.uncounted is not None and page.number == 1
        else ""
    )
    return render(
        request,
        "dashboard/cell.html",
        {
            "programme": programme,
            "indicator": indicator,
            "site": site,
            "page_obj": page,
            "rows": mark_safe(html),  # noqa: S308  (rendered by our template, autoescaped)
            "uncounted": mark_safe(left_out),  # noqa: S308  (the same)
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_GET
def schedule(request: HttpRequest) -> HttpResponse:
    """The plan-schedule: tasks with owner, due date and state; the steps' timeline."""
    policy.require_dashboard(request.user)
    programme = _programme()
    today = timezone.localdate()
    rows = selectors.plan_schedule(programme, today=today)
    return render(
        request,
        "dashboard/schedule.html",
        {
            "programme": programme,
            "rows": rows,
            "timeline": charts.timeline(
                "timeline",
                _("Шаги дорожной карты и сегодняшний день"),
                selectors.timeline(programme, rows, today=today),
            ),
            "can_mark": policy.can_manage_plan(request.user),
            "form": TaskMarkForm(),
            "late": [row for row in rows if row.state == "late"],
        },
    )


@login_required
@require_POST
def task_mark(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require_dashboard(request.user)
    if not policy.can_manage_plan(request.user):
        raise PermissionDenied
    programme = _programme()
    task = get_object_or_404(RoadmapTask, pk=pk, step__programme=programme)
    form = TaskMarkForm(request.POST)
    if form.is_valid():
        try:
            services.task_mark_done(by=request.user, task=task, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Задача отмечена как выполненная."))
            return redirect(f"{reverse('dashboard:schedule')}#task-{task.pk}")
    rows = selectors.plan_schedule(programme, today=timezone.localdate())
    return render(
        request,
        "dashboard/task_mark.html",
        {"programme": programme, "task": task, "form": form, "rows": rows},
        status=400,
    )


@login_required
@require_GET
def chart_page(request: HttpRequest) -> HttpResponse:
    """The figures as charts, each with its table."""
    policy.require_dashboard(request.user)
    programme = _programme()
    sites = policy.visible_sites(request.user, programme)
    federal = roles.is_federal(request.user)
    table = selectors.build_plan(
        programme,
        sites,
        today=timezone.localdate(),
        all_site_count=None if federal else programme.pilot_sites.count(),
        kept=True,
    )
    return render(
        request,
        "dashboard/charts.html",
        {
            "programme": programme,
            "charts": kept(
                "charts", programme, sites, table.today, lambda: selectors.all_charts(table)
            ),
            "federal": federal,
            "computed_at": table.computed_at,
        },
    )


# --- Frozen snapshots ------------------------------------------------------------------------


def _snapshot_page(request: HttpRequest, form: FreezeForm, status: int = 200) -> HttpResponse:
    programme = _programme()
    snapshots = list(policy.snapshots_visible_to(request.user).filter(programme=programme))
    return render(
        request,
        "dashboard/snapshot_list.html",
        {
            "programme": programme,
            "snapshots": snapshots,
            "form": form,
            "period_dates": {
                key: [f"{period.starts_on:%Y-%m-%d}", f"{period.ends_on:%Y-%m-%d}"]
                for key, period in form.periods.items()
            },
            "can_freeze": policy.can_manage_plan(request.user),
        },
        status=status,
    )


def _site_choices(request: HttpRequest) -> Any:
    programme = _programme()
    return (
        PilotSite.objects.filter(programme=programme)
        .select_related("region")
        .order_by("region__name")
    )


def _freeze_form(request: HttpRequest, data: Any = None) -> FreezeForm:
    periods = selectors.freeze_periods(_programme(), timezone.localdate())
    return FreezeForm(data, sites=_site_choices(request), periods=periods)


@login_required
@require_GET
def snapshot_list(request: HttpRequest) -> HttpResponse:
    policy.require_dashboard(request.user)
    return _snapshot_page(request, _freeze_form(request))


@login_required
@require_POST
def snapshot_freeze(request: HttpRequest) -> HttpResponse:
    policy.require_dashboard(request.user)
    if not policy.can_manage_plan(request.user):
        raise PermissionDenied
    form = _freeze_form(request, request.POST)
    if form.is_valid():
        try:
            snapshot = services.snapshot_freeze(
                by=request.user,
                programme=_programme(),
                site=form.cleaned_data["pilot_site"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Отчёт фиксируется: %(t)s. Данные и файлы готовятся в фоне.")
                % {"t": snapshot.title},
            )
            return redirect("dashboard:snapshot", pk=snapshot.pk)
    return _snapshot_page(request, form, status=400)


@login_required
@require_GET
def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require_dashboard(request.user)
    snapshot = policy.get_snapshot_for_user(request.user, pk)
    figures = selectors.figures_of(snapshot.data) if snapshot.data else []
    return render(
        request,
        "dashboard/snapshot_detail.html",
        {"snapshot": snapshot, "figures": figures},
    )


@login_required
@require_GET
def snapshot_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    policy.require_dashboard(request.user)
    snapshot = policy.get_snapshot_for_user(request.user, pk)
    field = {"pdf": snapshot.pdf, "xlsx": snapshot.xlsx}.get(fmt)
    if not field:
        raise Http404
    response = FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"Сводный отчёт {snapshot.starts_on}–{snapshot.ends_on} v{snapshot.version}.{fmt}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def snapshot_compare(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require_dashboard(request.user)
    snapshot = policy.get_snapshot_for_user(request.user, pk)
    if not snapshot.data:  # still being gathered: its page says so and refreshes itself
        return redirect("dashboard:snapshot", pk=snapshot.pk)
    return render(
        request,
        "dashboard/snapshot_compare.html",
        {"snapshot": snapshot, **selectors.comparison(snapshot)},
    )

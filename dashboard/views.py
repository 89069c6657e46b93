"""The federal view: plan against actual, the drill-down behind every cell."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard import permissions as policy
from dashboard import selectors
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.indicators import get_indicator, indicators
from resursnaya_sreda.kernel.models import Programme
from resursnaya_sreda.kernel.selectors import programme_current


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
        programme, sites, today=timezone.localdate(), all_site_count=all_sites
    )
    return render(
        request,
        "dashboard/plan.html",
        {
            "programme": programme,
            "plan": table,
            "federal": federal,
            "colours": selectors.COLOURS,
            "definitions": indicators(),
        },
    )


@login_required
@require_GET
def cell(request: HttpRequest, key: str) -> HttpResponse:
    """The records one cell counts (``?site=<pk>``) or the total row's (no site)."""
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
    records = selectors.drill_down(indicator, programme, sites)
    return render(
        request,
        "dashboard/cell.html",
        {
            "programme": programme,
            "indicator": indicator,
            "site": site,
            "records": records,
        },
    )

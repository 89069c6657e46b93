"""The information campaign log: publications per pilot site, entered by its staff."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from letters import permissions as policy
from letters import selectors, services
from letters.forms import CampaignEntryForm
from letters.models import Platform
from letters.views.common import page_of, programme, staff_only, user_sites
from resursnaya_sreda.kernel.correspondence import event_source
from resursnaya_sreda.kernel.models import RoadmapStep
from resursnaya_sreda.kernel.web import add_service_errors, querystring_without_page


class CampaignFilter(forms.Form):
    platform = forms.ChoiceField(
        label=_("Площадка"), choices=[("", _("все")), *Platform.choices], required=False
    )
    site = forms.TypedChoiceField(label=_("Регион"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, sites: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(sites) > 1:
            self.fields["site"].choices = [("", _("все")), *((s.pk, s.region.name) for s in sites)]
        else:
            del self.fields["site"]


@login_required
@require_http_methods(["GET"])
def campaign_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    sites = user_sites(request.user)
    form = CampaignFilter(request.GET or None, sites=sites)
    filters = form.cleaned_data if form.is_valid() else {}
    page = page_of(
        request,
        selectors.campaign_entries(
            request.user, site_id=filters.get("site"), platform=filters.get("platform", "")
        ),
    )
    return render(
        request,
        "letters/campaign_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring": querystring_without_page(request),
            "sites": sites,
        },
    )


def _site(request: HttpRequest) -> Any:
    sites = user_sites(request.user)
    wanted = request.GET.get("site") or request.POST.get("site")
    for site in sites:
        if wanted is None and len(sites) == 1 or str(site.pk) == wanted:
            return site
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    site = _site(request)
    source = event_source()
    events = source.choices(request.user) if source else []
    steps = RoadmapStep.objects.filter(programme=programme()).order_by("number")
    form = CampaignEntryForm(request.POST or None, events=events, steps=steps)
    if request.method == "POST" and form.is_valid():
        event_id = form.cleaned_data.get("event")
        event = None
        if event_id:
            event = (event_id, dict(events).get(event_id, ""))
        try:
            services.campaign_entry_create(
                by=request.user, site=site, data=form.cleaned_data, event=event
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Публикация добавлена в журнал."))
            return redirect("letters:campaign-list")
    return render(
        request,
        "letters/campaign_form.html",
        {"form": form, "site": site},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def campaign_delete(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    entry = policy.get_campaign_entry_for_user(request.user, pk)
    services.campaign_entry_delete(by=request.user, entry=entry)
    messages.success(request, _("Публикация удалена из журнала."))
    return redirect("letters:campaign-list")

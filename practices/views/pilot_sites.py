"""Step 3 on the site: each pilot site's two practices and their support log.

Regional staff work here (they have no admin); federal coordinators confirm here or in the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practices import permissions as policy
from practices import selectors, services
from practices.forms import PROPOSABLE_LOOKUP, ProposeForm, SupportForm
from practices.models import PRACTICES_PER_SITE, Questionnaire
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.autocomplete import AutocompleteView
from resursnaya_sreda.kernel.models import PilotSite
from resursnaya_sreda.kernel.selectors import programme_current
from resursnaya_sreda.kernel.web import add_service_errors, render_kept


@login_required
@require_GET
def pilot_site_list(request: HttpRequest) -> HttpResponse:
    """Each pilot site with its count of chosen practices (of two)."""
    if not roles.is_staff_member(request.user):
        raise Http404
    programme = programme_current()
    per_site = services.practices_per_site(programme) if programme else PRACTICES_PER_SITE
    sites = list(selectors.pilot_sites_with_counts(request.user))
    # One row per site, 89 at national scale: read every time, drawn once for the same figures.
    rows = render_kept(
        "practices/partials/pilot_site_rows.html",
        {"sites": sites, "per_site": per_site},
        facts=(
            translation.get_language(),
            per_site,
            [(site.pk, site.region.name, site.practice_count) for site in sites],
        ),
    )
    return render(
        request,
        "practices/pilot_site_list.html",
        {"sites": sites, "rows": rows, "per_site": per_site},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pilot_site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The site's two practices with their support log, and the form to propose one."""
    site = policy.get_pilot_site_for_user(request.user, pk)
    form = ProposeForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        try:
            services.pilot_practice_propose(
                pilot_site=site, questionnaire=form.cleaned_data["questionnaire"], by=request.user
            )
        except services.QuestionnaireError as exc:
            form.add_error("questionnaire", exc.message)
        else:
            messages.success(
                request, _("Практика предложена; её подтвердит федеральный координатор.")
            )
            return redirect("practices:pilot-site", pk=site.pk)
    practices = list(selectors.pilot_site_practices(site))
    per_site = services.practices_per_site(site.programme)
    context = {
        "site": site,
        "practices": practices,
        "form": form,
        "full": len(practices) >= per_site,
        "per_site": per_site,
        "support_form": SupportForm(),
        "federal": roles.is_federal(request.user),
    }
    return render(request, "practices/pilot_site_detail.html", context)


@login_required
@require_POST
def pilot_practice_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Confirm (federal coordinators) or remove one of the site's practices."""
    practice = policy.get_pilot_practice_for_user(request.user, pk)
    try:
        if action == "confirm":
            services.pilot_practice_confirm(practice=practice, by=request.user)
            messages.success(request, _("Выбор практики подтверждён."))
        elif action == "remove":
            services.pilot_practice_remove(practice=practice, by=request.user)
            messages.success(request, _("Практика снята."))
        else:
            raise Http404
    except PermissionDenied:
        raise
    except services.QuestionnaireError as exc:
        messages.error(request, exc.message)
    return redirect("practices:pilot-site", pk=practice.pilot_site_id)


@login_required
@require_http_methods(["GET", "POST"])
def pilot_practice_support_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A line of the practice's support log, with an optional file."""
    practice = policy.get_pilot_practice_for_user(request.user, pk)
    form = SupportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_entry_add(
                practice=practice,
                by=request.user,
                date=form.cleaned_data["date"],
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("upload") or None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Запись добавлена в журнал поддержки."))
            return redirect("practices:pilot-site", pk=practice.pilot_site_id)
    return render(
        request, "practices/pilot_site_support_form.html", {"practice": practice, "form": form}
    )


class ProposableChoices(AutocompleteView):
    """The questionnaires a pilot site may propose (the page's ``proposable_questionnaires``):
    for those who may see the site; another region's site is a 404."""

    lookup = PROPOSABLE_LOOKUP
    site: PilotSite | None = None

    def get(self, request: HttpRequest, pk: int) -> JsonResponse:  # type: ignore[override]
        if request.user.is_authenticated:
            try:
                self.site = policy.get_pilot_site_for_user(request.user, pk)
            except Http404:
                return JsonResponse({"error": _("Не найдено.")}, status=404)
        return super().get(request)

    @classmethod
    def has_permission(cls, user: Any) -> bool:
        return roles.is_staff_member(user)

    def queryset_for(self, user: Any) -> QuerySet[Questionnaire]:  # type: ignore[override]
        assert self.site is not None
        return selectors.proposable_questionnaires(self.site)

"""Step 3 on the site: each pilot site's two practices and their support log.

Regional staff work here (they have no admin); federal coordinators confirm here or in the admin.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practices import permissions as policy
from practices import services as commission_services
from practices.models import (
    ATTACHMENT_KINDS,
    ATTACHMENT_MAX_SIZE,
    PRACTICES_PER_SITE,
    REVIEWABLE_STATES,
    PilotPractice,
    Questionnaire,
    SupportEntry,
)
from practices.services import QuestionnaireError
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.models import PilotSite
from resursnaya_sreda.kernel.uploads import PortalFileField
from resursnaya_sreda.kernel.web import add_service_errors


class ProposeForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=gettext_lazy("Практика региона"),
        queryset=Questionnaire.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Выберите поданную анкету своего региона.")},
    )

    def __init__(self, *args: Any, site: PilotSite, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the site's own region's submitted questionnaires are offered; the service
        # checks again, so a forged id from another region is refused too.
        self.fields["questionnaire"].queryset = (
            Questionnaire.objects.filter(
                programme_id=site.programme_id,
                organisation__region_id=site.region_id,
                state__in=REVIEWABLE_STATES,
            )
            .exclude(pilot_practices__pilot_site=site)
            .select_related("organisation")
            .order_by("title")
        )


class SupportForm(forms.ModelForm):
    upload = PortalFileField(
        label=gettext_lazy("Файл"),
        kinds=ATTACHMENT_KINDS,
        max_size=ATTACHMENT_MAX_SIZE,
        required=False,
        help_text=gettext_lazy("Необязательно: фото, PDF или документ, до 20 МБ."),
    )

    class Meta:
        model = SupportEntry
        fields = ["date", "kind", "text"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 2}),
        }


def _sites(user: Any) -> QuerySet[PilotSite]:
    sites = PilotSite.objects.select_related("region", "programme").filter(
        programme__is_current=True
    )
    return roles.filter_by_pilot_site(sites, user, field="pk")


def get_site_for_user(user: Any, pk: int) -> PilotSite:
    """A pilot site the user manages; anyone else's is a 404."""
    site = _sites(user).filter(pk=pk).first()
    if site is None or not policy.can_propose_pilot_practice(user, site):
        raise Http404
    return site


@login_required
@require_GET
def pilot_overview(request: HttpRequest) -> HttpResponse:
    """Each pilot site with its count of chosen practices (of two)."""
    if not roles.is_staff_member(request.user):
        raise Http404
    sites = (
        _sites(request.user)
        .annotate(practice_count=Count("pilot_practices"))
        .order_by("region__name")
    )
    return render(
        request,
        "practices/pilotpractice_overview.html",
        {"sites": sites, "per_site": PRACTICES_PER_SITE},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pilot_site(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_site_for_user(request.user, pk)
    form = ProposeForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        try:
            commission_services.pilot_practice_propose(
                pilot_site=site, questionnaire=form.cleaned_data["questionnaire"], by=request.user
            )
        except QuestionnaireError as exc:
            form.add_error("questionnaire", exc.message)
        else:
            messages.success(
                request, _("Практика предложена; её подтвердит федеральный координатор.")
            )
            return redirect("practices:pilot-site", pk=site.pk)
    practices = list(
        site.pilot_practices.select_related(
            "questionnaire__organisation", "confirmed_by"
        ).prefetch_related(
            Prefetch("support_log", queryset=SupportEntry.objects.select_related("author"))
        )
    )
    context = {
        "site": site,
        "practices": practices,
        "form": form,
        "full": len(practices) >= PRACTICES_PER_SITE,
        "per_site": PRACTICES_PER_SITE,
        "support_form": SupportForm(),
        "federal": roles.is_federal(request.user),
    }
    return render(request, "practices/pilotpractice_site.html", context)


def _practice_for_user(user: Any, pk: int) -> PilotPractice:
    practice = PilotPractice.objects.select_related("pilot_site").filter(pk=pk).first()
    if practice is None or not policy.can_propose_pilot_practice(user, practice.pilot_site):
        raise Http404
    return practice


@login_required
@require_POST
def pilot_practice_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    practice = _practice_for_user(request.user, pk)
    try:
        if action == "confirm":
            commission_services.pilot_practice_confirm(practice=practice, by=request.user)
            messages.success(request, _("Выбор практики подтверждён."))
        elif action == "remove":
            commission_services.pilot_practice_remove(practice=practice, by=request.user)
            messages.success(request, _("Практика снята."))
        else:
            raise Http404
    except PermissionDenied:
        raise
    except QuestionnaireError as exc:
        messages.error(request, exc.message)
    return redirect("practices:pilot-site", pk=practice.pilot_site_id)


@login_required
@require_http_methods(["GET", "POST"])
def support_add(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice_for_user(request.user, pk)
    form = SupportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            commission_services.support_entry_add(
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
    return render(request, "practices/supportentry_form.html", {"practice": practice, "form": form})

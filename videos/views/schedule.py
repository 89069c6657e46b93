"""The federal centre's schedule page: rules, «Составить график», pins, versions, publishing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resursnaya_sreda.kernel.web import add_service_errors
from videos import forms, selectors, services
from videos import permissions as policy
from videos.models import ScheduleVersion, Story
from videos.views.common import confirm, current_programme, refused


def _federal(request: HttpRequest) -> None:
    if not policy.can_manage_schedule(request.user):
        raise Http404


def _version_context(version: ScheduleVersion | None) -> dict:
    if version is None:
        return {"version": None, "slots": [], "fairness": []}
    slots = list(selectors.version_slots(version))
    return {"version": version, "slots": slots, "fairness": selectors.fairness(slots)}


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    _federal(request)
    programme = current_programme()
    versions = list(selectors.schedule_versions(programme))
    number = request.GET.get("version", "")
    version = None
    if number.isdigit():
        version = next((v for v in versions if v.number == int(number)), None)
    if version is None and versions:
        version = versions[0]
    rules = services.rules_for(programme)
    # Only what the summary line names: at national scale there are hundreds of stories.
    stories = list(
        Story.objects.filter(programme=programme)
        .order_by("pilot_site__region__name", "number")
        .values("title", "pilot_site__region__name", "proposal__id", "pin__release_on")
    )
    context = {
        "versions": versions,
        "rules": rules,
        "reserved": list(rules.reserved.all()),
        "stories_without_proposal": [s for s in stories if s["proposal__id"] is None],
        "story_count": len(stories),
        "pins": [s for s in stories if s["pin__release_on"] is not None],
        **_version_context(version),
    }
    return render(request, "videos/schedule_manage.html", context)


@login_required
def version_status(request: HttpRequest, number: int) -> HttpResponse:
    """The version's block, polled by htmx while the worker solves."""
    _federal(request)
    programme = current_programme()
    version = get_object_or_404(ScheduleVersion, programme=programme, number=number)
    return render(request, "videos/partials/schedule_version.html", _version_context(version))


@login_required
def rules_edit(request: HttpRequest) -> HttpResponse:
    _federal(request)
    programme = current_programme()
    rules = services.rules_for(programme)
    form = forms.RulesForm(
        request.POST or None,
        instance=rules,
        initial={
            "weekdays": rules.weekdays,
            "reserved_text": forms.RulesForm.reserved_initial(rules),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reserved = data.pop("reserved_text")
        try:
            services.rules_save(programme=programme, by=request.user, data=data, reserved=reserved)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Правила канала сохранены."))
            return redirect("videos:schedule")
    return render(request, "videos/rules_form.html", {"form": form})


@login_required
@require_POST
def schedule_solve(request: HttpRequest) -> HttpResponse:
    _federal(request)
    programme = current_programme()
    try:
        version = services.schedule_request(programme=programme, by=request.user)
    except services.StoryError as exc:
        refused(request, exc)
        return redirect("videos:schedule")
    return redirect(reverse("videos:schedule") + f"?version={version.number}")


@login_required
def schedule_publish(request: HttpRequest, number: int) -> HttpResponse:
    _federal(request)
    programme = current_programme()
    version = get_object_or_404(ScheduleVersion, programme=programme, number=number)
    back = reverse("videos:schedule") + f"?version={version.number}"
    if request.method == "POST":
        try:
            services.schedule_publish(version=version, by=request.user)
        except services.StoryError as exc:
            refused(request, exc)
        else:
            messages.success(
                request,
                _("График (версия %(n)s) опубликован: площадки получили письма, он на сайте.")
                % {"n": version.number},
            )
        return redirect(back)
    return confirm(
        request,
        title=_("Опубликовать версию %(n)s графика?") % {"n": version.number},
        text=_(
            "График появится на публичной странице и в календаре .ics, каждая площадка получит "
            "письмо с датами своих сюжетов, принятые сюжеты получат даты выпуска. Предыдущая "
            "опубликованная версия сохранится в истории."
        ),
        button=_("Опубликовать"),
        back_url=back,
    )

"""The technical specification: read and acknowledged by sites, written and issued federally."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.models import PilotSite
from resursnaya_sreda.kernel.web import add_service_errors
from videos import forms, selectors, services
from videos import permissions as policy
from videos.models import Specification
from videos.views.common import confirm, current_programme, refused


@login_required
def specification(request: HttpRequest) -> HttpResponse:
    if not policy.can_see_staff_pages(request.user):
        raise Http404
    programme = current_programme()
    current = services.specification_current(programme)
    draft = (
        services.specification_draft(programme)
        if policy.can_manage_specification(request.user)
        else None
    )
    acked_ids = set()
    if current is not None:
        acked_ids = set(current.acknowledgements.values_list("pilot_site_id", flat=True))
    own_sites = [s for s in roles.pilot_sites(request.user) if s.programme_id == programme.pk]
    context = {
        "spec": current,
        "draft": draft,
        "versions": Specification.objects.filter(programme=programme).order_by("-version"),
        "own_sites": [{"site": s, "acknowledged": s.pk in acked_ids} for s in own_sites],
        "can_manage": policy.can_manage_specification(request.user),
    }
    if policy.can_manage_specification(request.user):
        context["matrix"] = selectors.site_matrix(programme, current)
    return render(request, "videos/specification_detail.html", context)


@login_required
def specification_edit(request: HttpRequest) -> HttpResponse:
    if not policy.can_manage_specification(request.user):
        raise Http404
    programme = current_programme()
    base = services.specification_draft(programme) or services.specification_current(programme)
    form = forms.SpecificationForm(request.POST or None, request.FILES or None, instance=base)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.SPEC_FIELDS}
        try:
            services.specification_save(
                programme=programme,
                by=request.user,
                data=data,
                sample_script=form.cleaned_data.get("sample_script_upload"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Черновик новой редакции сохранён."))
            return redirect("videos:specification")
    return render(request, "videos/specification_form.html", {"form": form, "base": base})


@login_required
def specification_issue(request: HttpRequest) -> HttpResponse:
    if not policy.can_manage_specification(request.user):
        raise Http404
    programme = current_programme()
    draft = services.specification_draft(programme)
    if draft is None:
        messages.info(request, _("Черновика новой редакции нет."))
        return redirect("videos:specification")
    if request.method == "POST":
        try:
            services.specification_issue(spec=draft, by=request.user)
        except services.StoryError as exc:
            refused(request, exc)
        else:
            messages.success(
                request,
                _("Редакция %(v)s выпущена, площадки получили письма.") % {"v": draft.version},
            )
        return redirect("videos:specification")
    return confirm(
        request,
        title=_("Выпустить редакцию %(v)s?") % {"v": draft.version},
        text=_(
            "Редакция станет действующей: её нельзя будет изменить, площадки получат письмо и "
            "подтвердят ознакомление, новые монтажи будут проверяться по ней."
        ),
        button=_("Выпустить"),
        back_url=reverse("videos:specification"),
    )


@login_required
@require_POST
def specification_acknowledge(request: HttpRequest, site_pk: int) -> HttpResponse:
    programme = current_programme()
    site = PilotSite.objects.filter(pk=site_pk, programme=programme).first()
    if site is None or not policy.can_acknowledge(request.user, site):
        raise Http404
    spec = services.specification_current(programme)
    if spec is None:
        raise Http404
    try:
        services.specification_acknowledge(spec=spec, site=site, by=request.user)
    except services.StoryError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("Площадка работает по редакции %(v)s технических требований.") % {"v": spec.version},
        )
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/")
        else "videos:specification"
    )

"""Addressees: the list (personal data: each read recorded), one by one, and the import."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from letters import importing, selectors, services
from letters import permissions as policy
from letters.forms import AddresseeForm, ImportForm
from letters.models import AddresseeKind
from letters.views.common import page_of, staff_only
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel import access_log
from resursnaya_sreda.kernel.models import Region
from resursnaya_sreda.kernel.spreadsheets import ImportFileError
from resursnaya_sreda.kernel.web import add_service_errors, querystring_without_page


class AddresseeFilter(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Вид"), choices=[("", _("все")), *AddresseeKind.choices], required=False
    )
    region = forms.ModelChoiceField(
        label=_("Регион"), queryset=Region.objects.none(), required=False, empty_label=_("все")
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        if len(regions) > 1:
            self.fields["region"].queryset = Region.objects.filter(pk__in=[r.pk for r in regions])
        else:
            del self.fields["region"]


def staff_regions(user) -> list[Region]:
    if roles.is_federal(user):
        return list(Region.objects.order_by("name"))
    return list(Region.objects.filter(pk__in=list(roles.region_ids(user))).order_by("name"))


def _region_of(request: HttpRequest, regions: list[Region]) -> Region:
    """The region a new addressee or an import goes to: the user's own, or the one chosen."""
    if len(regions) == 1:
        return regions[0]
    wanted = request.POST.get("region") or request.GET.get("region")
    for region in regions:
        if str(region.pk) == wanted:
            return region
    raise Http404


@login_required
@require_http_methods(["GET"])
def addressee_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    regions = staff_regions(request.user)
    form = AddresseeFilter(request.GET or None, regions=regions)
    filters = form.cleaned_data if form.is_valid() else {}
    region = filters.get("region")
    page = page_of(
        request,
        selectors.addressees(
            request.user,
            region_id=region.pk if region else None,
            kind=filters.get("kind", ""),
            query=filters.get("q", ""),
        ),
    )
    if page.object_list:
        access_log.record_access(
            request,
            _("Адресаты писем"),
            parameters={"page": page.number, **{k: str(v) for k, v in filters.items() if v}},
        )
    return render(
        request,
        "letters/addressee_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring": querystring_without_page(request),
            "regions": regions,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def addressee_create(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    regions = staff_regions(request.user)
    region = _region_of(request, regions) if len(regions) == 1 or "region" in request.GET else None
    if region is None:
        return render(request, "letters/addressee_region.html", {"regions": regions})
    form = AddresseeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.addressee_create(by=request.user, region=region, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Адресат добавлен."))
            return redirect("letters:addressee-list")
    return render(
        request,
        "letters/addressee_form.html",
        {"form": form, "region": region},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def addressee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    addressee = policy.get_addressee_for_user(request.user, pk)
    form = AddresseeForm(request.POST or None, instance=addressee)
    if request.method == "POST" and form.is_valid():
        try:
            services.addressee_update(by=request.user, addressee=addressee, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Адресат сохранён."))
            return redirect("letters:addressee-list")
    access_log.record_access(request, addressee)
    return render(
        request,
        "letters/addressee_form.html",
        {"form": form, "region": addressee.region, "addressee": addressee},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def addressee_import(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    regions = staff_regions(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    region = None
    if request.method == "POST":
        region = _region_of(request, regions)
        if form.is_valid():
            try:
                rows, errors = importing.read_addressees(form.cleaned_data["file"], region)
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                if not errors:
                    result = services.addressees_import(by=request.user, region=region, rows=rows)
                    messages.success(
                        request,
                        _("Импорт завершён: добавлено %(c)s, обновлено %(u)s.")
                        % {"c": result.created, "u": result.updated},
                    )
                    return redirect("letters:addressee-list")
    return render(
        request,
        "letters/addressee_import.html",
        {"form": form, "errors": errors, "regions": regions, "region": region},
        status=400 if (form.errors or errors) else 200,
    )

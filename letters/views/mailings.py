"""Mailings: choose addressees, preview, send; the mailing's progress; the outgoing register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from letters import permissions as policy
from letters import selectors, services
from letters.forms import DATE, LetterheadForm, MailingFilterForm
from letters.models import Letter, LetterKind
from letters.views.common import page_of, programme, staff_only, user_sites
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel import access_log
from resursnaya_sreda.kernel.web import add_service_errors, querystring_without_page


def sending_letterheads(user: Any) -> list[Any]:
    """The letterheads the user sends from, made for their sites the first time."""
    heads = [services.letterhead_for_site(site) for site in user_sites(user)]
    if roles.is_federal(user):
        heads.insert(0, services.letterhead_for_site(None))
    return heads


def _chosen(form: MailingFilterForm, user: Any) -> list[Any]:
    data = form.cleaned_data
    letterhead = data["letterhead"]
    region_id = letterhead.pilot_site.region_id if letterhead.pilot_site_id else None
    municipality = data.get("municipality")
    return list(
        selectors.addressees(
            user,
            region_id=region_id,
            kind=data.get("addressee_kind", ""),
            municipality_id=municipality.pk if municipality else None,
        )[: services.MAX_LETTERS + 1]
    )


@login_required
@require_http_methods(["GET", "POST"])
def mailing_new(request: HttpRequest) -> HttpResponse:
    """Step 1 shows the preview and the addressees a field has no value for; step 2 sends."""
    staff_only(request)
    current = programme()
    letterheads = sending_letterheads(request.user)
    form = MailingFilterForm(request.POST or None, letterheads=letterheads)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        letterhead = form.cleaned_data["letterhead"]
        kind = form.cleaned_data["kind"]
        site = letterhead.pilot_site
        text = services.template_for(programme=current, site=site, kind=kind)
        chosen = _chosen(form, request.user)
        targets = [services.Target.of(addressee) for addressee in chosen]
        if not targets:
            form.add_error(None, _("Под эти условия не подходит ни один адресат."))
        elif "send" in request.POST:
            try:
                mailing = services.mailing_create(
                    by=request.user,
                    letterhead=letterhead,
                    programme=current,
                    kind=kind,
                    title=form.cleaned_data["title"],
                    text=text,
                    targets=targets,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Письма зарегистрированы и отправляются."))
                return redirect("letters:mailing-detail", pk=mailing.pk)
        else:
            access_log.record_access(request, _("Адресаты рассылки (предпросмотр)"))
            context["preview"] = services.preview(
                text=text,
                targets=targets,
                letterhead=letterhead,
                programme_title=str(current.title),
            )
            context["with_email"] = sum(1 for target in targets if target.email)
    return render(request, "letters/mailing_new.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET"])
def mailing_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    page = page_of(request, selectors.mailings(request.user), size=25)
    return render(request, "letters/mailing_list.html", {"page_obj": page})


@login_required
@require_http_methods(["GET"])
def mailing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    mailing = policy.get_mailing_for_user(request.user, pk)
    page = page_of(
        request,
        Letter.objects.filter(mailing=mailing).select_related("letterhead").order_by("number"),
    )
    access_log.record_access(request, mailing)
    return render(
        request,
        "letters/mailing_detail.html",
        {"mailing": mailing, "page_obj": page, "progress": services.progress(mailing)},
    )


@login_required
@require_http_methods(["GET"])
def mailing_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx every two seconds until the mailing is done."""
    staff_only(request)
    mailing = policy.get_mailing_for_user(request.user, pk)
    if mailing.state != "done":
        services.mailings_sweep()
    return render(
        request,
        "letters/partials/mailing_progress.html",
        {"mailing": mailing, "progress": services.progress(mailing)},
    )


@login_required
@require_http_methods(["GET"])
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    letter = policy.get_letter_for_user(request.user, pk)
    access_log.record_access(request, letter)
    response = HttpResponse(services.letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{services.paper.letter_filename(letter)}"'
    return response


class RegisterFilter(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Вид"), choices=[("", _("все")), *LetterKind.choices], required=False
    )
    date_from = forms.DateField(label=_("С"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("По"), required=False, widget=DATE)


@login_required
@require_http_methods(["GET"])
def register(request: HttpRequest) -> HttpResponse:
    """The outgoing register: every letter with its number, date, addressee and delivery."""
    staff_only(request)
    form = RegisterFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = page_of(
        request,
        selectors.register(
            request.user,
            kind=filters.get("kind", ""),
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
            query=filters.get("q", ""),
        ),
    )
    if page.object_list:
        access_log.record_access(request, _("Журнал исходящих"), parameters={"page": page.number})
    return render(
        request,
        "letters/register.html",
        {"form": form, "page_obj": page, "querystring": querystring_without_page(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def letterhead_edit(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    letterhead = policy.get_letterhead_for_user(request.user, pk)
    form = LetterheadForm(request.POST or None, request.FILES or None, instance=letterhead)
    if request.method == "POST" and form.is_valid():
        try:
            services.letterhead_save(
                by=request.user,
                letterhead=letterhead,
                data=form.cleaned_data,
                logo=form.cleaned_data.get("logo_file"),
                signature=form.cleaned_data.get("signature_file"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Бланк сохранён."))
            return redirect("letters:letterhead-edit", pk=letterhead.pk)
    return render(
        request,
        "letters/letterhead_form.html",
        {"form": form, "letterhead": letterhead},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET"])
def letterhead_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    return render(
        request, "letters/letterhead_list.html", {"letterheads": sending_letterheads(request.user)}
    )

"""Letter templates: edited in the browser, previewed for a real addressee before saving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from letters import permissions as policy
from letters import rendering, selectors, services
from letters.forms import TemplateForm
from letters.models import Addressee, LetterKind
from letters.views.common import programme, staff_only, user_sites
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel import access_log
from resursnaya_sreda.kernel.autocomplete import AutocompleteChoiceField, AutocompleteView, Lookup
from resursnaya_sreda.kernel.correspondence import event_source
from resursnaya_sreda.kernel.web import add_service_errors

EVENT_KINDS = {LetterKind.SEMINAR: "seminar", LetterKind.INVITATION: "round_table"}


def addressee_label(addressee: Addressee) -> str:
    who = f" — {addressee.person}" if addressee.person else ""
    return f"{addressee.organisation}{who}"


class AddresseeChoices(AutocompleteView):
    """The user's addressees, searched as they type (the preview's addressee)."""

    url_name = "letters:addressee-choices"
    lookup = Lookup(search_fields=("organisation", "person", "email"), label=addressee_label)

    @classmethod
    def has_permission(cls, user: Any) -> bool:
        return policy.can_use_letters(user)

    @classmethod
    def queryset_for(cls, user: Any) -> QuerySet:
        return selectors.addressees_visible_to(user).order_by("organisation", "pk")


class PreviewForm(forms.Form):
    addressee = AutocompleteChoiceField(
        label=gettext_lazy("Адресат для предпросмотра"),
        source=AddresseeChoices,
        queryset=Addressee.objects.select_related("region", "municipality"),
        required=False,
    )
    event = forms.TypedChoiceField(
        label=gettext_lazy("Мероприятие для предпросмотра"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, user: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = selectors.addressees_visible_to(user).select_related(
            "region", "municipality"
        )
        source = event_source()
        if kind in EVENT_KINDS and source is not None:
            self.fields["event"].choices = [
                ("", "—"),
                *source.choices(user, kind=EVENT_KINDS[kind]),
            ]
        else:
            del self.fields["event"]


def _site_of(request: HttpRequest) -> Any:
    """The site whose copy is edited; None (the programme's template) for federal staff."""
    sites = user_sites(request.user)
    wanted = request.GET.get("site") or request.POST.get("site")
    if wanted:
        for site in sites:
            if str(site.pk) == wanted:
                return site
        raise Http404
    if roles.is_federal(request.user):
        return None
    if not sites:
        raise Http404
    return sites[0]


@login_required
@require_http_methods(["GET"])
def template_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    current = programme()
    site = _site_of(request)
    kinds = [
        {
            "kind": kind,
            "label": label,
            "text": services.template_for(programme=current, site=site, kind=kind),
        }
        for kind, label in LetterKind.choices
    ]
    return render(
        request,
        "letters/template_list.html",
        {"kinds": kinds, "site": site, "sites": user_sites(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    staff_only(request)
    if kind not in LetterKind.values:
        raise Http404
    current = programme()
    site = _site_of(request)
    text = services.template_for(programme=current, site=site, kind=kind)
    initial = {"subject": text.subject, "body": text.body, "cover_text": text.cover_text}
    form = TemplateForm(request.POST or None, initial=initial)
    preview_form = PreviewForm(request.POST or request.GET or None, user=request.user, kind=kind)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.TEMPLATE_FIELDS}
        if "save" in request.POST:
            try:
                services.template_save(
                    by=request.user, programme=current, site=site, kind=kind, data=data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Шаблон сохранён."))
                suffix = f"?site={site.pk}" if site else ""
                return redirect(f"{request.path}{suffix}")
        else:
            preview = _preview(request, preview_form, data, current, site, form)
    return render(
        request,
        "letters/template_form.html",
        {
            "form": form,
            "preview_form": preview_form,
            "preview": preview,
            "kind": kind,
            "kind_label": LetterKind(kind).label,
            "site": site,
            "fields": list(rendering.MERGE_FIELDS.items()),
        },
        status=400 if form.errors else 200,
    )


def _preview(
    request: HttpRequest,
    preview_form: PreviewForm,
    data: dict[str, str],
    current: Any,
    site: Any,
    form: TemplateForm,
) -> dict[str, Any] | None:
    try:
        services.check_text(data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    if not preview_form.is_valid():
        return None
    addressee = preview_form.cleaned_data.get("addressee")
    event_id = preview_form.cleaned_data.get("event")
    source = event_source()
    facts = source.facts(event_id) if (event_id and source) else None
    target = services.Target.of(addressee) if addressee else services.Target()
    if addressee:
        access_log.record_access(request, addressee)
    letterhead = services.letterhead_for_site(site)
    return services.preview(
        text=services.Text(data["subject"], data["body"], data["cover_text"]),
        targets=[target],
        letterhead=letterhead,
        programme_title=str(current.title),
        facts=facts,
    )

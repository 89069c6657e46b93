"""Pages of registration: the participant's cancellation link, people added from the signed
sheet, and a list recruited by the administration imported from XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from events import importing, services
from events import permissions as policy
from events.forms import (
    ImportForm,
    WalkInForm,
)
from events.views.events import render_staff_detail
from resursnaya_sreda.kernel.spreadsheets import ImportFileError
from resursnaya_sreda.kernel.web import add_service_errors


@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's personal link: confirm, and the place goes to the waiting list."""
    registration = policy.get_registration_by_token(token)
    event = registration.event
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration)
        except services.RegistrationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Регистрация отменена. Спасибо, что предупредили."))
        return redirect("events:public-detail", pk=event.pk)
    return render(
        request,
        "events/registration_cancel.html",
        {"registration": registration, "event": event},
    )


@login_required
@require_POST
def walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    event = policy.get_event_for_user(request.user, pk)
    form = WalkInForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.walk_in_add(event=event, by=request.user, **form.cleaned_data)
        except services.EventError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Участник добавлен по листу регистрации."))
            return redirect("events:staff-detail", pk=event.pk)
    return render_staff_detail(request, event, walk_in_form=form)


@login_required
@require_POST
def import_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Participants recruited by the administration, from XLSX; every broken row is listed."""
    event = policy.get_event_for_user(request.user, pk)
    if not policy.can_edit_event(request.user, event):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        try:
            rows, errors = importing.read_recruited(form.cleaned_data["file"])
        except ImportFileError as exc:
            errors = [str(exc)]
        else:
            if not errors:
                created = services.recruited_import(event=event, by=request.user, rows=rows)
                messages.success(
                    request, _("Из списка добавлено участников: %(n)s.") % {"n": created}
                )
                return redirect("events:staff-detail", pk=event.pk)
    if errors:
        form.add_error("file", _("Ничего не импортировано: исправьте ошибки ниже."))
    return render_staff_detail(request, event, import_form=form, import_errors=errors)

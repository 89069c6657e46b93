"""Pages of evidence and the report: attendance, scans, photos, results, the report and the
federal centre's review. Each redraws the staff event page with its form when input is bad."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import permissions as policy
from events import services
from events.forms import (
    AcceptForm,
    MinimumExceptionForm,
    PhotoForm,
    PlatformEvidenceForm,
    ReportForm,
    ResultsForm,
    ReturnForm,
    ScanForm,
)
from events.views.events import render_staff_detail
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.web import add_service_errors


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = policy.get_event_for_user(request.user, pk)
    ids = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
    try:
        count = services.attendance_set(event=event, by=request.user, attended_ids=ids)
    except services.EventError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Посещаемость сверена: присутствовало %(n)s.") % {"n": count})
    return redirect("events:staff-detail", pk=event.pk)


@login_required
@require_POST
def scan_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = policy.get_event_for_user(request.user, pk)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.scan_add(event=event, by=request.user, upload=form.cleaned_data["file"])
        except services.EventError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Скан листа регистрации загружен."))
            return redirect("events:staff-detail", pk=event.pk)
    return render_staff_detail(request, event, scan_form=form)


@login_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = policy.get_event_for_user(request.user, pk)
    form = PhotoForm(request.POST, request.FILES, event=event)
    if form.is_valid():
        try:
            photo = services.photo_add(
                event=event,
                by=request.user,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
                people=list(form.cleaned_data["people"]),
            )
        except services.EventError as exc:
            form.add_error(None, exc.message)
        else:
            if photo.has_non_consenting:
                messages.warning(
                    request,
                    _(
                        "Фотография загружена и отмечена: на ней есть человек без согласия на "
                        "съёмку, публично она не показывается."
                    ),
                )
            else:
                messages.success(request, _("Фотография загружена."))
            return redirect("events:staff-detail", pk=event.pk)
    return render_staff_detail(request, event, photo_form=form)


@login_required
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the report text, and with «submit» send it if the evidence is complete."""
    event = policy.get_event_for_user(request.user, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return render_staff_detail(request, event, report_form=form)
    try:
        event = services.event_report_save(
            event=event, by=request.user, text=form.cleaned_data["report_text"]
        )
        if "submit" in request.POST:
            services.event_report_submit(event=event, by=request.user)
            messages.success(request, _("Отчёт отправлен в федеральный центр."))
        else:
            messages.success(request, _("Текст отчёта сохранён."))
    except services.EvidenceMissingError as exc:
        messages.error(request, exc.message)
    except services.EventError as exc:
        messages.error(request, exc.message)
    return redirect("events:staff-detail", pk=event.pk)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    event = policy.get_event_for_user(request.user, pk)
    if not roles.is_federal(request.user):
        raise PermissionDenied
    if "accept" in request.POST:
        accept_form = AcceptForm(request.POST)
        accept_form.is_valid()
        try:
            services.event_report_accept(
                event=event,
                by=request.user,
                acknowledge_shortfall=accept_form.cleaned_data.get("acknowledge_shortfall", False),
            )
        except services.ShortfallError as exc:
            accept_form.add_error("acknowledge_shortfall", exc.message)
            return render_staff_detail(request, event, accept_form=accept_form)
        except services.EventError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Отчёт принят."))
        return redirect("events:staff-detail", pk=event.pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.event_report_return(
                event=event, by=request.user, message=form.cleaned_data["message"]
            )
        except services.EventError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Отчёт возвращён на доработку."))
            return redirect("events:staff-detail", pk=event.pk)
    return render_staff_detail(request, event, return_form=form)


@login_required
@require_POST
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Round-table conclusions and resolution; the videobridge's recording and summary."""
    event = policy.get_event_for_user(request.user, pk)
    form = ResultsForm(request.POST, request.FILES, event=event)
    if form.is_valid():
        try:
            services.event_results_save(
                event=event,
                by=request.user,
                data=form.cleaned_data,
                resolution=form.cleaned_data.get("resolution_file"),
            )
        except services.EventError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Итоги сохранены."))
            return redirect("events:staff-detail", pk=event.pk)
    return render_staff_detail(request, event, results_form=form)


@login_required
@require_POST
def minimum(request: HttpRequest, pk: int) -> HttpResponse:
    """A federal coordinator lowers the event's minimum, with the reason recorded."""
    event = policy.get_event_for_user(request.user, pk)
    if not policy.can_lower_minimum(request.user, event):
        raise PermissionDenied
    form = MinimumExceptionForm(request.POST)
    if form.is_valid():
        try:
            services.event_minimum_lower(
                event=event,
                by=request.user,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Исключение записано: минимум участников снижен."))
            return redirect("events:staff-detail", pk=event.pk)
    return render_staff_detail(request, event, minimum_form=form)


@login_required
@require_POST
def platform_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The videobridge's screenshot or the platform's attendance export."""
    event = policy.get_event_for_user(request.user, pk)
    form = PlatformEvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.platform_evidence_add(
                event=event, by=request.user, upload=form.cleaned_data["file"]
            )
        except services.EventError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Файл с платформы приложен."))
            return redirect("events:staff-detail", pk=event.pk)
    return render_staff_detail(request, event, platform_form=form)

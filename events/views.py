"""Pages of events: the public list, event page and registration; the staff pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import ics, importing, selectors, services
from events import permissions as policy
from events.forms import (
    AgendaFormSet,
    BridgeSiteFormSet,
    EventForm,
    FeedbackEntryForm,
    FeedbackForm,
    ImportForm,
    PhotoForm,
    PilotSiteChoiceForm,
    ProgrammeFeedbackForm,
    PublicFilterForm,
    RegistrationForm,
    ReportForm,
    ResultsForm,
    ReturnForm,
    RunningOrderFormSet,
    ScanForm,
    StaffFilterForm,
    SupportFormSet,
    WalkInForm,
    limit_site_choices,
)
from events.models import Event, EventKind, EventState, ProgrammeFeedback, RegistrationStatus
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.spreadsheets import ImportFileError
from resursnaya_sreda.kernel.web import add_service_errors, querystring_without_page

PUBLIC_PAGE_SIZE = 20
STAFF_PAGE_SIZE = 25
FEED_LIMIT = 500


def _posted(request: HttpRequest) -> Any:
    """The POST data on a POST (even an empty one, so its errors show), else None."""
    return request.POST if request.method == "POST" else None


# --- Public --------------------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """Upcoming announced events by region and kind, and the latest past ones."""
    form = PublicFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        region = form.cleaned_data["region"]
        filters = {"region_id": region.pk if region else None, "kind": form.cleaned_data["kind"]}
    today = services.today()
    page = Paginator(
        selectors.upcoming_public_events(today=today, **filters), PUBLIC_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "events": page.object_list,
            "past_events": selectors.past_public_events(today=today),
            "querystring": querystring_without_page(request),
        },
    )


@require_GET
def calendar_feed(request: HttpRequest) -> HttpResponse:
    events = selectors.upcoming_public_events(today=services.today())[:FEED_LIMIT]
    response = HttpResponse(ics.calendar(events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


@require_GET
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = policy.get_public_event(pk)
    response = HttpResponse(ics.calendar([event]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's public page: programme, registration, and after it photos and the report."""
    event = policy.get_public_event(pk)
    is_open = services.registration_open(event)
    form = RegistrationForm(_posted(request), event=event) if is_open else None
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("Регистрация на это мероприятие закрыта."))
            return redirect("events:public-detail", pk=event.pk)
        assert form is not None
        if form.is_valid():
            try:
                registration = services.registration_create(event=event, **form.cleaned_data)
            except services.RegistrationError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if registration.status == RegistrationStatus.WAITING:
                    messages.warning(
                        request,
                        _(
                            "Все места заняты: вы в листе ожидания. Подтверждение отправлено "
                            "на %(email)s."
                        )
                        % {"email": registration.email},
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Вы зарегистрированы. Подтверждение с файлом календаря отправлено на "
                            "%(email)s."
                        )
                        % {"email": registration.email},
                    )
                return redirect("events:public-detail", pk=event.pk)
    is_past = event.date < services.today()
    context = {
        "event": event,
        "form": form,
        "registration_open": is_open,
        "is_past": is_past,
        "agenda": list(event.agenda.all()),
        "running_order": list(event.running_order.select_related("pilot_site__region"))
        if event.kind == EventKind.VIDEOBRIDGE
        else [],
        "photos": selectors.public_photos(event) if is_past else [],
        "free_places": (
            max(event.capacity - services.registered_count(event), 0)
            if event.capacity is not None
            else None
        ),
        "can_manage": policy.can_manage_event(request.user, event),
    }
    return render(request, "events/event_public.html", context)


# --- Staff ---------------------------------------------------------------------------------


def _require_staff(request: HttpRequest) -> None:
    if not policy.can_see_staff_pages(request.user):
        raise PermissionDenied


@login_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    sites = selectors.staff_pilot_sites(request.user)
    form = StaffFilterForm(request.GET or None, sites=sites)
    filters: dict[str, Any] = {}
    if form.is_valid():
        site = form.cleaned_data["pilot_site"]
        filters = {
            "state": form.cleaned_data["state"],
            "kind": form.cleaned_data["kind"],
            "pilot_site_id": site.pk if site else None,
        }
    page = Paginator(selectors.staff_events(request.user, **filters), STAFF_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    federal = roles.is_federal(request.user)
    return render(
        request,
        "events/event_staff_list.html",
        {
            "form": form,
            "page_obj": page,
            "events": selectors.attach_counts(page.object_list),
            "federal": federal,
            "site_table": selectors.site_table(request.user) if federal else None,
            "kinds": EventKind.choices,
            "querystring": querystring_without_page(request),
        },
    )


def _save_formsets(event: Event, agenda: Any, support: Any) -> None:
    agenda.instance = event
    support.instance = event
    agenda.save()
    if event.is_seminar:
        support.save()


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    sites = selectors.staff_pilot_sites(request.user)
    site_form = PilotSiteChoiceForm(_posted(request), sites=sites)
    if sites.count() == 1:
        site_form.fields["pilot_site"].initial = sites.first()
    region = sites.first().region if sites.count() == 1 else None
    form = EventForm(_posted(request), region=region, initial={"kind": EventKind.SEMINAR})
    agenda = AgendaFormSet(_posted(request), prefix="agenda")
    support = SupportFormSet(_posted(request), prefix="support")
    if request.method == "POST" and all(f.is_valid() for f in (site_form, form, agenda, support)):
        try:
            with transaction.atomic():
                event = services.event_create(
                    by=request.user,
                    pilot_site=site_form.cleaned_data["pilot_site"],
                    data=form.cleaned_data,
                )
                _save_formsets(event, agenda, support)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Мероприятие создано. Проверьте его и объявите."))
            return redirect("events:staff-detail", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "site_form": site_form, "agenda": agenda, "support": support},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = policy.get_editable_event_for_user(request.user, pk)
    form = EventForm(_posted(request), instance=event, region=event.pilot_site.region)
    agenda = AgendaFormSet(_posted(request), instance=event, prefix="agenda")
    support = SupportFormSet(_posted(request), instance=event, prefix="support")
    bridge: list[Any] = []
    if event.kind == EventKind.VIDEOBRIDGE:
        bridge = [
            RunningOrderFormSet(_posted(request), instance=event, prefix="slots"),
            BridgeSiteFormSet(_posted(request), instance=event, prefix="sites"),
        ]
        for formset in bridge:
            limit_site_choices(formset, event.programme)
    if request.method == "POST" and all(f.is_valid() for f in (form, agenda, support, *bridge)):
        try:
            with transaction.atomic():
                event = services.event_update(event=event, by=request.user, data=form.cleaned_data)
                _save_formsets(event, agenda, support)
                for formset in bridge:
                    formset.instance = event
                    formset.save()
        except services.EventError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("events:staff-detail", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "agenda": agenda,
            "support": support,
            "event": event,
            "slots": bridge[0] if bridge else None,
            "sites": bridge[1] if bridge else None,
        },
    )


def _render_detail(request: HttpRequest, event: Event, **forms: Any) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "event": event,
        **selectors.event_for_staff_page(event),
        "missing": services.missing_evidence(event),
        "can_edit": policy.can_edit_event(user, event),
        "can_announce": policy.can_announce_event(user, event),
        "can_mark_held": policy.can_mark_held(user, event),
        "can_evidence": policy.can_work_on_evidence(user, event),
        "can_review": policy.can_review_report(user, event),
        "below_minimum": False,
    }
    context["below_minimum"] = (
        event.state not in (EventState.PLANNED, EventState.ANNOUNCED)
        and event.min_participants > 0
        and context["attended_count"] < event.min_participants
    )
    if context["can_evidence"]:
        context.setdefault("walk_in_form", forms.get("walk_in_form") or WalkInForm())
        context["scan_form"] = forms.get("scan_form") or ScanForm()
        context["photo_form"] = forms.get("photo_form") or PhotoForm(event=event)
        context["report_form"] = forms.get("report_form") or ReportForm(
            initial={"report_text": event.report_text}
        )
    if context["can_review"]:
        context["return_form"] = forms.get("return_form") or ReturnForm()
    if context["can_edit"] and event.kind != EventKind.SEMINAR:
        context["results_form"] = forms.get("results_form") or ResultsForm(
            event=event,
            initial={name: getattr(event, name) for name in services.RESULT_FIELDS},
        )
    if context["can_edit"]:
        context["import_form"] = forms.get("import_form") or ImportForm()
    context["import_errors"] = forms.get("import_errors") or []
    context["can_send_feedback"] = policy.can_manage_event(user, event) and event.state not in (
        EventState.PLANNED,
        EventState.ANNOUNCED,
    )
    status = 400 if any(forms.values()) else 200
    return render(request, "events/event_staff_detail.html", context, status=status)


@login_required
@require_GET
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, policy.get_event_for_user(request.user, pk))


def _transition(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    event = policy.get_event_for_user(request.user, pk)
    try:
        action(event=event, by=request.user)
    except services.EventError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("events:staff-detail", pk=event.pk)


@login_required
@require_POST
def announce(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, services.event_announce, _("Мероприятие объявлено: регистрация открыта.")
    )


@login_required
@require_POST
def mark_held(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, services.event_mark_held, _("Мероприятие отмечено проведённым.")
    )


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
def walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    event = policy.get_event_for_user(request.user, pk)
    form = WalkInForm(request.POST)
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
    return _render_detail(request, event, walk_in_form=form)


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
    return _render_detail(request, event, scan_form=form)


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
    return _render_detail(request, event, photo_form=form)


@login_required
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the report text, and with «submit» send it if the evidence is complete."""
    event = policy.get_event_for_user(request.user, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, event, report_form=form)
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
        return _transition(request, pk, services.event_report_accept, _("Отчёт принят."))
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
    return _render_detail(request, event, return_form=form)


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
    return _render_detail(request, event, results_form=form)


@login_required
@require_POST
def feedback_send(request: HttpRequest, pk: int) -> HttpResponse:
    event = policy.get_event_for_user(request.user, pk)
    try:
        count = services.feedback_send(event=event, by=request.user)
    except services.EventError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Ссылки на отзыв отправлены участникам: %(n)s.") % {"n": count})
    return redirect("events:staff-detail", pk=event.pk)


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
    return _render_detail(request, event, import_form=form, import_errors=errors)


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's feedback form, reached by the personal link; one answer only."""
    registration = services.registration_for_token(token)
    if registration is None or not services.feedback_open(registration):
        raise Http404
    event = registration.event
    answered = hasattr(registration, "feedback")
    questions = services.feedback_questions(event.kind)
    form = FeedbackForm(_posted(request), questions=questions)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            services.feedback_submit(
                registration=registration, ratings=form.ratings(), texts=form.texts()
            )
        except services.EventError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Спасибо! Ваш отзыв сохранён."))
        return redirect("events:feedback", token=token)
    if request.method == "POST" and answered:
        messages.error(request, _("Вы уже оставили отзыв по этой ссылке. Спасибо!"))
    return render(
        request,
        "events/feedback_form.html",
        {"event": event, "form": form, "answered": answered},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_feedback(request: HttpRequest) -> HttpResponse:
    """Step 6.8: regional staff fill their site's form; the federal centre reads all of them."""
    _require_staff(request)
    sites = roles.pilot_sites(request.user)
    site = sites[0] if sites else None
    form = None
    if site is not None:
        existing = ProgrammeFeedback.objects.filter(pilot_site=site).first()
        form = ProgrammeFeedbackForm(_posted(request), instance=existing)
        if request.method == "POST" and form.is_valid():
            try:
                services.programme_feedback_save(
                    pilot_site=site, by=request.user, data=form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Отзыв о программе сохранён."))
                return redirect("events:programme-feedback")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "events/programme_feedback.html",
        {
            "form": form,
            "site": site,
            "answers": selectors.programme_feedback_for(request.user),
            "federal": roles.is_federal(request.user),
        },
    )


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


@require_http_methods(["GET", "POST"])
def feedback_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """The address printed on the sheet: a participant asks for their personal link by e-mail."""
    event = policy.get_public_event(pk)
    form = FeedbackEntryForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.feedback_link_request(event=event, email=form.cleaned_data["email"])
        messages.success(
            request,
            _(
                "Если вы были на мероприятии и указали этот адрес при регистрации, "
                "на него отправлена личная ссылка на анкету."
            ),
        )
        return redirect("events:feedback-entry", pk=event.pk)
    return render(request, "events/feedback_entry.html", {"event": event, "form": form})

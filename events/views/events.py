"""Pages of events and their state: the public list, calendar and event page (with its
registration form), and the staff list, form and event page with its state buttons.

The staff event page is one page for every concept: ``render_staff_detail`` draws it, and the
views of registration, evidence and feedback redraw it with their form when input is bad.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from events import ics, public_page, selectors, services
from events import permissions as policy
from events.forms import (
    AcceptForm,
    AgendaFormSet,
    BridgeSiteFormSet,
    EventForm,
    ImportForm,
    MinimumExceptionForm,
    PhotoForm,
    PilotSiteChoiceForm,
    PlatformEvidenceForm,
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
from events.models import RESULT_FIELDS, Event, EventKind
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel import access_log, correspondence, ratelimit
from resursnaya_sreda.kernel.consent import EVENT_CONSENT_VERSION
from resursnaya_sreda.kernel.selectors import programme_current
from resursnaya_sreda.kernel.web import add_service_errors, querystring_without_page

PUBLIC_PAGE_SIZE = 20
STAFF_PAGE_SIZE = 25
FEED_LIMIT = 500


def posted(request: HttpRequest) -> Any:
    """The POST data on a POST (even an empty one, so its errors show), else None."""
    return request.POST if request.method == "POST" else None


def require_staff(request: HttpRequest) -> None:
    if not policy.can_see_staff_pages(request.user):
        raise PermissionDenied


# --- Public --------------------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """Upcoming announced events by region and kind, and the latest past ones."""
    form = PublicFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        region = form.cleaned_data["region"]
        filters = {"region_id": region.pk if region else None, "kind": form.cleaned_data["kind"]}
    now = timezone.now()
    page = Paginator(
        selectors.upcoming_public_events(now=now, **filters), PUBLIC_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "events": page.object_list,
            "past_events": selectors.past_public_events(now=now),
            "querystring": querystring_without_page(request),
        },
    )


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    events = selectors.upcoming_public_events(now=timezone.now())[:FEED_LIMIT]
    response = HttpResponse(ics.calendar(events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


@require_safe
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = policy.get_public_event(pk)
    response = HttpResponse(ics.calendar([event]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's public page: programme, registration, and after it photos and the report.

    The event's data comes from the cache (events.public_page): at the door the page costs
    no query and the registration a row lock, one read and one insert."""
    page, seats_taken, stamp = public_page.public_event(pk)
    event = page.event
    is_open = services.registration_open(event)
    is_past = event.ends_at <= timezone.now()
    free_places = max(event.capacity - seats_taken, 0) if seats_taken is not None else None
    html_key = None
    if public_page.first_visit(request) and not request.user.is_authenticated:
        html_key = public_page.html_key(event.pk, stamp, is_open, is_past, bool(free_places))
        kept = public_page.kept_html(html_key, request, free_places)
        if kept is not None:
            return kept
    wait = 0
    # A personal link from an invitation letter fills in the invitee's name and organisation.
    token = request.GET.get("invitation", "")[:64]
    invitee = correspondence.invitee_for_link(event.pk, token) if is_open else None
    initial = (
        {
            "full_name": invitee.full_name,
            "organisation": invitee.organisation,
            "category": invitee.category,
            "email": invitee.email,
        }
        if invitee
        else None
    )
    form = RegistrationForm(posted(request), event=event, initial=initial) if is_open else None
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("Регистрация на это мероприятие закрыта."))
            return redirect("events:public-detail", pk=event.pk)
        assert form is not None
        if form.is_valid():
            # A registration sends a letter: limited per address and per recipient, so the
            # public form cannot be used to flood a mailbox.
            wait = ratelimit.mail_allowed(
                request,
                group="events-registration",
                recipient=form.cleaned_data["email"],
                per_address=settings.RATELIMIT_EVENT_REGISTRATIONS_PER_ADDRESS,
            )
            if wait:
                ratelimit.form_refused(form, wait)
        if form.is_valid():
            try:
                registration = services.registration_create(event=event, **form.cleaned_data)
            except services.RegistrationError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if invitee is not None:
                    correspondence.invitee_registered(event.pk, token, registration.pk)
                if registration.is_waiting:
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
    context = {
        "event": event,
        "form": form,
        "registration_open": is_open,
        "is_past": is_past,
        "agenda": page.agenda,
        "running_order": page.running_order if event.kind == EventKind.VIDEOBRIDGE else [],
        "photos": page.photos if is_past else [],
        "free_places": free_places,
        "can_manage": policy.can_manage_event(request.user, event),
        # A blank form is the same for every event of a kind: drawn once, then kept.
        "form_key": (
            f"{event.kind}:{EVENT_CONSENT_VERSION}"
            if form is not None and not form.is_bound and initial is None
            else ""
        ),
    }
    if html_key:
        context["csrf_token"] = public_page.TOKEN_MARK
        if free_places:
            context["free_places"] = public_page.SEATS_MARK
    response = render(request, "events/event_public.html", context, status=429 if wait else 200)
    if wait:
        response["Retry-After"] = str(wait)
    if html_key:
        return public_page.keep_html(html_key, response, request, free_places)
    return response


# --- Staff ---------------------------------------------------------------------------------


def _site_overview(request: HttpRequest) -> str:
    """The federal overview (every site × kind: events per state), rendered once and kept
    until an event changes (selectors.OVERVIEW): the list's pages do not redo
    it. Every federal coordinator sees the same table."""
    key = f"events:overview:{selectors.overview_version()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "events/partials/site_table.html",
            {"site_table": selectors.site_table(request.user), "kinds": EventKind.choices},
        )
        cache.set(key, html, selectors.OVERVIEW_SECONDS)
    return mark_safe(html)  # noqa: S308  (our own template's output)


@login_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    require_staff(request)
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
            "site_table": _site_overview(request) if federal else None,
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
    require_staff(request)
    sites = selectors.staff_pilot_sites(request.user)
    site_form = PilotSiteChoiceForm(posted(request), sites=sites)
    if sites.count() == 1:
        site_form.fields["pilot_site"].initial = sites.first()
    region = sites.first().region if sites.count() == 1 else None
    federal = roles.is_federal(request.user)
    form = EventForm(
        posted(request),
        region=region,
        sites=sites,
        federal=federal,
        initial={"kind": request.GET.get("kind") or EventKind.SEMINAR},
    )
    agenda = AgendaFormSet(posted(request), prefix="agenda")
    support = SupportFormSet(posted(request), prefix="support")
    if request.method == "POST" and all(f.is_valid() for f in (site_form, form, agenda, support)):
        try:
            with transaction.atomic():
                site = site_form.cleaned_data["pilot_site"]
                event = services.event_create(
                    by=request.user,
                    pilot_site=site,
                    programme=site.programme if site else programme_current(),
                    data=form.cleaned_data,
                )
                _save_formsets(event, agenda, support)
        except ValidationError as exc:
            if "pilot_site" in getattr(exc, "error_dict", {}):
                site_form.add_error("pilot_site", exc.error_dict.pop("pilot_site"))
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
    form = EventForm(
        posted(request),
        instance=event,
        region=event.pilot_site.region if event.pilot_site else None,
        sites=[event.pilot_site] if event.pilot_site else [],
        federal=roles.is_federal(request.user),
    )
    agenda = AgendaFormSet(posted(request), instance=event, prefix="agenda")
    support = SupportFormSet(posted(request), instance=event, prefix="support")
    bridge: list[Any] = []
    if event.kind == EventKind.VIDEOBRIDGE:
        bridge = [
            RunningOrderFormSet(posted(request), instance=event, prefix="slots"),
            BridgeSiteFormSet(posted(request), instance=event, prefix="sites"),
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


def render_staff_detail(request: HttpRequest, event: Event, **forms: Any) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "event": event,
        "federal": roles.is_federal(user),
        **selectors.event_for_staff_page(event),
        "missing": services.missing_evidence(event),
        "can_edit": policy.can_edit_event(user, event),
        "can_announce": policy.can_announce_event(user, event),
        "can_mark_held": policy.can_mark_held(user, event),
        "can_evidence": policy.can_work_on_evidence(user, event),
        "can_review": policy.can_review_report(user, event),
    }
    context["below_minimum"] = event.is_below_minimum(context["attended_count"])
    context["missing_categories"] = services.missing_categories(event)
    context["step"] = selectors.event_step(event)
    if policy.can_lower_minimum(user, event):
        context["minimum_form"] = forms.get("minimum_form") or MinimumExceptionForm(
            initial={"value": event.min_participants}
        )
    if context["can_evidence"]:
        if event.is_videobridge:
            context["platform_form"] = forms.get("platform_form") or PlatformEvidenceForm()
        else:
            context["walk_in_form"] = forms.get("walk_in_form") or WalkInForm(event=event)
            context["scan_form"] = forms.get("scan_form") or ScanForm()
        context["photo_form"] = forms.get("photo_form") or PhotoForm(event=event)
        context["report_form"] = forms.get("report_form") or ReportForm(
            initial={"report_text": event.report_text}
        )
    if context["can_review"]:
        context["return_form"] = forms.get("return_form") or ReturnForm()
        context["accept_form"] = forms.get("accept_form") or AcceptForm()
    if context["can_edit"] and event.kind != EventKind.SEMINAR:
        context["results_form"] = forms.get("results_form") or ResultsForm(
            event=event,
            initial={name: getattr(event, name) for name in RESULT_FIELDS},
        )
    if context["can_edit"] and not event.is_videobridge:
        context["import_form"] = forms.get("import_form") or ImportForm()
    context["import_errors"] = forms.get("import_errors") or []
    context["can_send_feedback"] = policy.can_manage_event(user, event) and event.has_taken_place
    # Letters about the event (the seminar letter, replies, invitations), when that app is in.
    context["letter_panels"] = correspondence.event_panels(user, event.pk)
    status = 400 if any(forms.values()) else 200
    response = render(request, "events/event_staff_detail.html", context, status=status)
    if context["registrations"]:
        # The page lists participants with their contacts and consents: one entry per view.
        access_log.record_access(
            request,
            event,
            parameters={"participants": len(context["registrations"])},
        )
    return response


@login_required
@require_GET
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_staff_detail(request, policy.get_event_for_user(request.user, pk))


def transition(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
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
    return transition(
        request, pk, services.event_announce, _("Мероприятие объявлено: регистрация открыта.")
    )


@login_required
@require_POST
def mark_held(request: HttpRequest, pk: int) -> HttpResponse:
    return transition(request, pk, services.event_mark_held, _("Мероприятие отмечено проведённым."))

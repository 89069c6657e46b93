"""Pages of feedback: the participant's form by personal link, the address printed on the
sheet, the staff's letters with the links, and the pilot sites' feedback on the programme."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from events import permissions as policy
from events import selectors, services
from events.forms import (
    FeedbackEntryForm,
    FeedbackForm,
    ProgrammeFeedbackForm,
)
from events.models import ProgrammeFeedback
from events.views.events import posted, require_staff
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel import ratelimit
from resursnaya_sreda.kernel.web import add_service_errors


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's feedback form, reached by the personal link; one answer only."""
    registration = services.registration_for_token(token)
    if registration is None or not services.feedback_open(registration):
        raise Http404
    event = registration.event
    answered = hasattr(registration, "feedback")
    questions = services.feedback_questions(event.kind)
    form = FeedbackForm(posted(request), questions=questions)
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


@require_http_methods(["GET", "POST"])
def feedback_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """The address printed on the sheet: a participant asks for their personal link by e-mail."""
    event = policy.get_public_event(pk)
    form = FeedbackEntryForm(posted(request))
    wait = 0
    if request.method == "POST" and form.is_valid():
        # Counted whether or not the address attended, so the answer tells nothing.
        wait = ratelimit.mail_allowed(
            request, group="events-feedback-link", recipient=form.cleaned_data["email"]
        )
        if wait:
            ratelimit.form_refused(form, wait)
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
    response = render(
        request,
        "events/feedback_entry.html",
        {"event": event, "form": form},
        status=429 if wait else 200,
    )
    if wait:
        response["Retry-After"] = str(wait)
    return response


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
@require_http_methods(["GET", "POST"])
def programme_feedback(request: HttpRequest) -> HttpResponse:
    """Step 6.8: regional staff fill their site's form; the federal centre reads all of them."""
    require_staff(request)
    sites = roles.pilot_sites(request.user)
    site = sites[0] if sites else None
    form = None
    if site is not None:
        existing = ProgrammeFeedback.objects.filter(pilot_site=site).first()
        form = ProgrammeFeedbackForm(posted(request), instance=existing)
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

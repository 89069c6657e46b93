"""Letters about an event: the seminar letter (2.2), round-table invitations (6.3), replies.

The event's data comes through the kernel's ``correspondence`` contract; the event's own page
links here and shows what happened (``letters.correspondence`` builds its panels).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from letters import permissions as policy
from letters import selectors, services
from letters.forms import EventMailingForm, ReplyForm
from letters.models import AddresseeKind, LetterKind
from letters.views.common import programme, staff_only
from letters.views.mailings import sending_letterheads
from resursnaya_sreda.kernel import access_log
from resursnaya_sreda.kernel.correspondence import EventFacts, event_source
from resursnaya_sreda.kernel.web import add_service_errors


def event_facts(request: HttpRequest, event_id: int, kind: str) -> EventFacts:
    """The event's facts for its staff; another region's event (or none) is a 404."""
    staff_only(request)
    source = event_source()
    if source is None or not source.can_manage(request.user, event_id):
        raise Http404
    facts = source.facts(event_id)
    if facts is None or facts.kind != kind:
        raise Http404
    return facts


def administrations(user: Any, facts: EventFacts) -> Any:
    """The region's administrations, the seminar's own municipality first."""
    queryset = selectors.addressees(
        user, region_id=facts.region_id, kind=AddresseeKind.ADMINISTRATION
    )
    return queryset.annotate(
        own=Case(
            When(municipality_id=facts.municipality_id, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("own", "organisation", "pk")


def _letterheads(user: Any, facts: EventFacts) -> list[Any]:
    heads = [
        head
        for head in sending_letterheads(user)
        if head.pilot_site_id in (facts.pilot_site_id, None)
    ]
    # The regional centre writes to its administrations; the federal one only if it must.
    heads.sort(key=lambda head: head.pilot_site_id is None)
    return heads


@login_required
@require_http_methods(["GET", "POST"])
def seminar_letter(request: HttpRequest, event_id: int) -> HttpResponse:
    facts = event_facts(request, event_id, "seminar")
    current = programme()
    choices = administrations(request.user, facts)
    first = choices.first()
    form = EventMailingForm(
        request.POST or None,
        letterheads=_letterheads(request.user, facts),
        addressees=choices,
        initial={"addressee": first.pk if first else None},
    )
    preview = None
    if form.is_bound and form.is_valid() or not form.is_bound and first is not None:
        letterhead = (
            form.cleaned_data["letterhead"]
            if form.is_bound
            else _letterheads(request.user, facts)[0]
        )
        addressee = form.cleaned_data["addressee"] if form.is_bound else first
        text = services.template_for(programme=current, site=letterhead.pilot_site, kind="seminar")
        target = services.Target.of(addressee)
        if "send" in request.POST:
            try:
                mailing = services.mailing_create(
                    by=request.user,
                    letterhead=letterhead,
                    programme=current,
                    kind=LetterKind.SEMINAR,
                    title=_("Письмо о семинаре: %(h)s") % {"h": facts.heading},
                    text=text,
                    targets=[target],
                    facts=facts,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                letter = mailing.letters.get()
                messages.success(
                    request,
                    _("Письмо %(n)s зарегистрировано и отправляется в «%(org)s».")
                    % {"n": letter, "org": addressee.organisation},
                )
                return redirect(facts.staff_url)
        access_log.record_access(request, addressee)
        preview = services.preview(
            text=text,
            targets=[target],
            letterhead=letterhead,
            programme_title=str(current.title),
            facts=facts,
        )
    return render(
        request,
        "letters/seminar_letter.html",
        {
            "facts": facts,
            "form": form,
            "preview": preview,
            "letters": selectors.seminar_letters(facts.id),
            "no_administrations": first is None,
        },
        status=400 if form.errors else 200,
    )


def invitation_targets(facts: EventFacts, already: set[tuple[str, str]]) -> list[Any]:
    return [
        services.Target(
            person=invitee.full_name,
            organisation=invitee.organisation,
            region=facts.region_name,
            municipality=facts.municipality_name,
            email=invitee.email,
            category=invitee.category or "other",
        )
        for invitee in facts.invited
        if (invitee.full_name.lower(), invitee.organisation.lower()) not in already
    ]


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, event_id: int) -> HttpResponse:
    """One invitation per person on the round table's invited list not yet invited."""
    facts = event_facts(request, event_id, "round_table")
    current = programme()
    sent = selectors.event_letters(facts.id, kind=LetterKind.INVITATION)
    already = {(letter.person.lower(), letter.organisation.lower()) for letter in sent}
    targets = invitation_targets(facts, already)
    form = EventMailingForm(request.POST or None, letterheads=_letterheads(request.user, facts))
    preview = None
    if targets and (form.is_valid() or not form.is_bound):
        letterhead = (
            form.cleaned_data["letterhead"]
            if form.is_bound
            else _letterheads(request.user, facts)[0]
        )
        text = services.template_for(
            programme=current, site=letterhead.pilot_site, kind="invitation"
        )
        if "send" in request.POST:
            try:
                services.mailing_create(
                    by=request.user,
                    letterhead=letterhead,
                    programme=current,
                    kind=LetterKind.INVITATION,
                    title=_("Приглашения: %(h)s") % {"h": facts.heading},
                    text=text,
                    targets=targets,
                    facts=facts,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Приглашений зарегистрировано: %(n)s. Они отправляются.")
                    % {"n": len(targets)},
                )
                return redirect(facts.staff_url)
        preview = services.preview(
            text=text,
            targets=targets,
            letterhead=letterhead,
            programme_title=str(current.title),
            facts=facts,
        )
    return render(
        request,
        "letters/invitations.html",
        {"facts": facts, "form": form, "preview": preview, "targets": targets, "sent": sent},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reply_create(request: HttpRequest, letter_id: int) -> HttpResponse:
    staff_only(request)
    letter = policy.get_letter_for_user(request.user, letter_id)
    if letter.kind != LetterKind.SEMINAR or letter.event_id is None:
        raise Http404
    facts = event_facts(request, letter.event_id, "seminar")
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_record(
                by=request.user,
                letter=letter,
                decision=form.cleaned_data["decision"],
                received_on=form.cleaned_data["received_on"],
                note=form.cleaned_data["note"],
                upload=form.cleaned_data.get("scan"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Ответ администрации записан."))
            return redirect(facts.staff_url)
    return render(
        request,
        "letters/reply_form.html",
        {"form": form, "letter": letter, "facts": facts},
        status=400 if form.errors else 200,
    )

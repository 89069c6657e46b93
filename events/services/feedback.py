"""Feedback: the participants' form reached by their personal link, the letters that send it,
and each pilot site's feedback on the programme as a whole (step 6.8)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import permissions as policy
from events.models import (
    Event,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    ProgrammeFeedback,
    Registration,
)
from events.services.events import EventError, TransitionError, lock_event
from resursnaya_sreda.kernel.mail import send_email
from resursnaya_sreda.kernel.models import PilotSite

FEEDBACK_LINK_INTERVAL_SECONDS = 120


class FeedbackError(EventError):
    pass


def feedback_questions(kind: str) -> list[FeedbackQuestion]:
    return list(FeedbackQuestion.objects.filter(kind=kind, is_active=True).order_by("position"))


def _send_feedback_link(registration: Registration, event: Event) -> None:
    send_email(
        to=registration.email,
        subject=_("Ваш отзыв о мероприятии «%(title)s»") % {"title": event.title},
        template="events/email/feedback_link.txt",
        context={"registration": registration, "event": event},
    )


@transaction.atomic
def feedback_send(*, event: Event, by: Any) -> int:
    """E-mail the feedback link to those who attended, and only after the event."""
    locked = lock_event(event)
    if not policy.can_manage_event(by, locked) or not locked.has_taken_place:
        raise TransitionError(_("Ссылки на отзыв рассылают после проведения мероприятия."))
    recipients = list(
        locked.registrations.filter(attended=True, feedback__isnull=True).exclude(email="")
    )
    for registration in recipients:
        _send_feedback_link(registration, locked)
    locked.feedback_sent_at = timezone.now()
    locked.save(update_fields=["feedback_sent_at", "updated_at"])
    return len(recipients)


def feedback_link_request(*, event: Event, email: str) -> bool:
    """Send a participant who attended their personal link again, found by e-mail.

    The page that calls this says the same thing whatever the answer, so it cannot be used
    to learn who attended.
    """
    if not event.has_taken_place:
        return False
    registration = (
        event.registrations.filter(
            attended=True, person_key=email.strip().lower(), feedback__isnull=True
        )
        .exclude(email="")
        .first()
    )
    if registration is None:
        return False
    # One letter per participant per interval: the page is public and must not be usable to
    # flood someone's mailbox.
    if not cache.add(f"events:feedback-link:{registration.pk}", 1, FEEDBACK_LINK_INTERVAL_SECONDS):
        return False
    _send_feedback_link(registration, event)
    return True


def registration_for_token(token: str) -> Registration | None:
    return (
        Registration.objects.select_related("event__pilot_site__region")
        .filter(feedback_token=token)
        .first()
    )


def feedback_open(registration: Registration) -> bool:
    return registration.attended and registration.event.has_taken_place


@transaction.atomic
def feedback_submit(
    *, registration: Registration, ratings: dict[int, int], texts: dict[int, str]
) -> FeedbackResponse:
    """One answer per participant: a second use of the link is refused."""
    locked = (
        Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    )
    if not feedback_open(locked):
        raise FeedbackError(_("Отзыв можно оставить после мероприятия, если вы на нём были."))
    if FeedbackResponse.objects.filter(registration=locked).exists():
        raise FeedbackError(_("Вы уже оставили отзыв по этой ссылке. Спасибо!"))
    response = FeedbackResponse.objects.create(registration=locked, event=locked.event)
    for question in feedback_questions(locked.event.kind):
        rating = ratings.get(question.pk)
        text = (texts.get(question.pk) or "").strip()
        if rating is None and not text:
            continue
        answer = FeedbackAnswer(response=response, question=question, rating=rating, text=text)
        answer.full_clean(exclude=["response", "question"])
        answer.save()
    return response


# --- The programme feedback form (step 6.8) -------------------------------------------------

PROGRAMME_FEEDBACK_FIELDS = ("usefulness", "what_worked", "what_to_change")


@transaction.atomic
def programme_feedback_save(
    *, pilot_site: PilotSite, by: Any, data: dict[str, Any]
) -> ProgrammeFeedback:
    if pilot_site.pk not in policy.roles.pilot_site_ids(by):
        raise PermissionDenied
    feedback, _created = ProgrammeFeedback.objects.get_or_create(
        pilot_site=pilot_site,
        defaults={"usefulness": data["usefulness"], "what_worked": data["what_worked"]},
    )
    for name in PROGRAMME_FEEDBACK_FIELDS:
        setattr(feedback, name, data.get(name, getattr(feedback, name)))
    feedback.submitted_by = by
    feedback.full_clean(exclude=["pilot_site", "submitted_by"])
    feedback.save()
    return feedback

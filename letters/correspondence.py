"""The letters side of the kernel's ``correspondence`` contract: the panels on an event's staff
page, and the personal links of round-table invitations. Registered from ``LettersConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from letters import permissions as policy
from letters import selectors, services
from letters.models import Letter, LetterKind
from resursnaya_sreda.kernel.correspondence import (
    EventFacts,
    Invitee,
    Panel,
    event_source,
    register_letters_hooks,
)


def _seminar_panel(facts: EventFacts) -> Panel:
    letters = selectors.seminar_letters(facts.id)
    replies = selectors.event_replies(facts.id)
    for letter in letters:
        letter.pdf_url = reverse("letters:letter-pdf", args=[letter.pk])
        letter.reply_url = reverse("letters:reply-create", args=[letter.pk])
    today = timezone.localdate()
    flagged = bool(letters) and services.awaiting_answer(
        facts, today=today, letters=letters, replies=replies
    )
    unsent = (
        not letters
        and not facts.is_past
        and (facts.date - today).days <= (services.reply_warning_days())
    )
    return Panel(
        title=_("Письмо администрации"),
        template="letters/partials/seminar_panel.html",
        context={
            "letters": letters,
            "replies": replies,
            "flagged": flagged,
            "unsent": unsent,
            "days": services.reply_warning_days(),
            "letter_url": reverse("letters:seminar-letter", args=[facts.id]),
        },
    )


def _round_table_panel(facts: EventFacts) -> Panel:
    invitations = selectors.event_letters(facts.id, kind=LetterKind.INVITATION)
    came = {a.registration_id for a in facts.attendees if a.attended}
    rows: dict[str, dict[str, Any]] = {}
    for letter in invitations:
        row = rows.setdefault(
            letter.category,
            {
                "label": facts.category_labels.get(letter.category, letter.category),
                "invited": 0,
                "registered": 0,
                "came": 0,
            },
        )
        row["invited"] += 1
        if letter.registration_id:
            row["registered"] += 1
            letter.came = letter.registration_id in came
            row["came"] += letter.came
        letter.pdf_url = reverse("letters:letter-pdf", args=[letter.pk])
    listed = {(i.full_name.lower(), i.organisation.lower()) for i in facts.invited}
    invited = {(letter.person.lower(), letter.organisation.lower()) for letter in invitations}
    return Panel(
        title=_("Приглашения"),
        template="letters/partials/round_table_panel.html",
        context={
            "invitations": invitations,
            "by_category": list(rows.values()),
            "not_invited": len(listed - invited),
            "invitations_url": reverse("letters:invitations", args=[facts.id]),
        },
    )


class LettersHooks:
    def panels(self, user: Any, event_id: int) -> Sequence[Panel]:
        source = event_source()
        if source is None or not policy.can_use_letters(user):
            return []
        facts = source.facts(event_id)
        if facts is None:
            return []
        if facts.kind == "seminar":
            return [_seminar_panel(facts)]
        if facts.kind == "round_table":
            return [_round_table_panel(facts)]
        return []

    def invitee_for_link(self, event_id: int, token: str) -> Invitee | None:
        letter = (
            Letter.objects.filter(token=token, event_id=event_id, kind=LetterKind.INVITATION)
            .only("person", "organisation", "category", "email")
            .first()
        )
        if letter is None:
            return None
        return Invitee(
            full_name=letter.person,
            organisation=letter.organisation,
            category=letter.category,
            email=letter.email,
        )

    def invitee_registered(self, event_id: int, token: str, registration_id: int) -> None:
        Letter.objects.filter(token=token, event_id=event_id, kind=LetterKind.INVITATION).update(
            registration_id=registration_id
        )


def register() -> None:
    register_letters_hooks(LettersHooks())

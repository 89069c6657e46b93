"""Answers to seminar letters: recorded with the scan, told to the seminar."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from letters import permissions as policy
from letters.models import Letter, LetterKind, Reply, ReplyDecision
from resursnaya_sreda.kernel.correspondence import EventFacts, event_source
from resursnaya_sreda.kernel.uploads import CheckedUpload, atomic_with_files

# A seminar whose administration has not answered this many days before it is flagged.
DEFAULT_REPLY_WARNING_DAYS = 14


def reply_warning_days() -> int:
    return int(getattr(settings, "LETTERS_REPLY_WARNING_DAYS", DEFAULT_REPLY_WARNING_DAYS))


@atomic_with_files()
def reply_record(
    *,
    by: Any,
    letter: Letter,
    decision: str,
    received_on: datetime.date,
    note: str = "",
    upload: CheckedUpload | None = None,
) -> Reply:
    """The administration's answer; the seminar's history says so, and a partner's agreement
    makes it the seminar's partner administration."""
    if not policy.can_see_mailing(by, letter.mailing):
        raise PermissionDenied
    if letter.kind != LetterKind.SEMINAR or letter.event_id is None:
        raise ValidationError(_("Ответ записывают только на письмо о семинаре."))
    if decision != ReplyDecision.NO_ANSWER and upload is None:
        raise ValidationError({"scan": [_("Приложите скан ответного письма.")]})
    if received_on < letter.registered_on:
        raise ValidationError(
            {
                "received_on": [
                    _("Ответ не может прийти раньше письма (%(d)s).")
                    % {"d": f"{letter.registered_on:%d.%m.%Y}"}
                ]
            }
        )
    reply = Reply(
        letter=letter,
        event_id=letter.event_id,
        decision=decision,
        received_on=received_on,
        note=note.strip(),
        recorded_by=by,
    )
    if upload is not None:
        reply.scan = upload
        reply.scan_name = upload.display_name
    reply.full_clean()
    reply.save()
    source = event_source()
    if source is not None:
        partner = letter.organisation if decision == ReplyDecision.PARTNER else ""
        source.record_reply(
            letter.event_id,
            by=by,
            message=_("Ответ на исх. № %(n)s (%(org)s) от %(d)s: %(decision)s")
            % {
                "n": letter.full_number,
                "org": letter.organisation,
                "d": f"{received_on:%d.%m.%Y}",
                "decision": reply.get_decision_display(),
            },
            partner_administration=partner,
        )
    return reply


def awaiting_answer(
    facts: EventFacts, *, today: datetime.date, letters: list[Letter], replies: list[Reply]
) -> bool:
    """A seminar is flagged when its letter has gone, no answer has come, and the date is
    within the warning period."""
    if facts.kind != "seminar" or facts.is_past:
        return False
    answered = any(reply.decision != ReplyDecision.NO_ANSWER for reply in replies)
    if answered:
        return False
    return (facts.date - today).days <= reply_warning_days()

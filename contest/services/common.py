"""Errors the views turn into messages, and the history every transition writes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from contest.models import Entry, EntryHistory


class ContestError(Exception):
    """A refused change, with the message to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransitionError(ContestError):
    """Not in a state that allows this (a double click, a page opened before a change)."""


class StaleVersionError(ContestError):
    def __init__(self, message: str, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class IncompleteError(ContestError):
    def __init__(self, message: str, problems: list[Any]) -> None:
        super().__init__(message)
        self.problems = problems


def actor(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def lock_entry(entry: Entry) -> Entry:
    return (
        Entry.objects.select_for_update(of=("self",))
        .select_related("contest__programme", "nomination", "questionnaire", "organisation")
        .get(pk=entry.pk)
    )


def set_state(entry: Entry, state: str, *, action: str, by: Any, message: str = "") -> None:
    """Move the entry and write who, when, from, to and why."""
    from_state = entry.state
    entry.state = state
    entry.state_changed_at = timezone.now()
    entry.full_clean(exclude=["diploma"], validate_unique=False, validate_constraints=False)
    entry.save()
    history = EntryHistory(
        entry=entry,
        action=action,
        from_state=from_state,
        to_state=state,
        actor=actor(by),
        message=message,
    )
    history.full_clean(exclude=["entry", "actor"])
    history.save()

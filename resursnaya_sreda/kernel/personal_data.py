"""152-ФЗ duties: anonymising after the retention date, a person's data export, erasure.

Three registries, filled from each app's ``AppConfig.ready()`` (the kernel names no app)::

    personal_data.register_anonymiser("events-participants", anonymise_participants)
    personal_data.register_source("events-registrations", registrations_of)
    personal_data.register_eraser("events-registrations", erase_registrations_of)

- an anonymiser ``f(programme) -> int`` replaces the personal data of a programme whose
  retention date has passed (names, contacts, free text about people) while keeping the rows,
  so counts, targets and reports stay correct; it must be idempotent;
- a source ``f(email) -> list[Section]`` says what the portal holds about an address;
- an eraser ``f(email) -> int`` removes or anonymises what the portal holds about an address.

Every run is recorded as a ``PersonalDataRequest``.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from resursnaya_sreda.kernel.models import PersonalDataRequest, PersonalDataRequestKind, Programme


@dataclass
class Section:
    """One part of a person's data export: a title and rows of (label, value)."""

    title: str
    rows: Sequence[tuple[str, Any]] = field(default_factory=list)
    #: Optional table: column titles and rows of values.
    columns: Sequence[str] = ()
    table: Sequence[Sequence[Any]] = ()


Anonymiser = Callable[[Programme], int]
Source = Callable[[str], list[Section]]
Eraser = Callable[[str], int]

_anonymisers: dict[str, Anonymiser] = {}
_sources: dict[str, Source] = {}
_erasers: dict[str, Eraser] = {}


def register_anonymiser(name: str, function: Anonymiser) -> None:
    _anonymisers[name] = function


def register_source(name: str, function: Source) -> None:
    _sources[name] = function


def register_eraser(name: str, function: Eraser) -> None:
    _erasers[name] = function


def anonymisers() -> dict[str, Anonymiser]:
    return dict(_anonymisers)


def email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


# --- Anonymising after the retention date -------------------------------------------------


def retention_date(programme: Programme) -> datetime.date | None:
    """The day after which the programme's personal data is anonymised.

    The end of its last roadmap step plus ``PERSONAL_DATA_RETENTION_DAYS``; ``None`` for a
    programme without steps (nothing happened in it yet).
    """
    last = programme.steps.aggregate(last=Max("ends_on"))["last"]
    if last is None:
        return None
    return last + datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def programmes_due(today: datetime.date | None = None) -> list[Programme]:
    today = today or timezone.localdate()
    return [
        programme
        for programme in Programme.objects.order_by("year", "pk")
        if (date := retention_date(programme)) is not None and date < today
    ]


@transaction.atomic
def programme_anonymise(
    *, programme: Programme, by: Any = None, dry_run: bool = False
) -> dict[str, int]:
    """Run every registered anonymiser for ``programme``; recorded unless ``dry_run``.

    Returns how many records each anonymiser changed (0 on a second run).
    """
    counts = {name: int(function(programme)) for name, function in sorted(_anonymisers.items())}
    if dry_run:
        transaction.set_rollback(True)
        return counts
    if any(counts.values()):
        PersonalDataRequest.objects.create(
            kind=PersonalDataRequestKind.ANONYMISE,
            programme=programme,
            counts=counts,
            done_by=by if getattr(by, "pk", None) else None,
            reason="Истёк срок хранения персональных данных программы",
        )
    return counts


def anonymise_due(*, today: datetime.date | None = None, dry_run: bool = False) -> dict:
    """Anonymise every programme past its retention date; ``{programme: counts}``."""
    return {
        str(programme): programme_anonymise(programme=programme, dry_run=dry_run)
        for programme in programmes_due(today)
    }


# --- A person's data: export and erasure --------------------------------------------------


def person_data(email: str) -> list[tuple[str, list[Section]]]:
    """What every registered source holds about ``email``, by source."""
    email = email.strip().lower()
    return [(name, list(function(email))) for name, function in sorted(_sources.items())]


@transaction.atomic
def person_export_record(*, email: str, by: Any) -> PersonalDataRequest:
    return PersonalDataRequest.objects.create(
        kind=PersonalDataRequestKind.EXPORT,
        subject_email=email.strip().lower(),
        subject_hash=email_hash(email),
        done_by=by if getattr(by, "pk", None) else None,
    )


@transaction.atomic
def person_erase(*, email: str, by: Any, reason: str) -> PersonalDataRequest:
    """Remove or anonymise what the portal holds about ``email``; recorded without the address.

    Every registered eraser runs in one transaction: either all of them are done, or none.
    """
    from resursnaya_sreda.accounts import permissions

    if not permissions.is_federal(by):
        raise PermissionError("only a federal coordinator erases a person's data")
    email = email.strip().lower()
    counts = {name: int(function(email)) for name, function in sorted(_erasers.items())}
    request = PersonalDataRequest(
        kind=PersonalDataRequestKind.ERASURE,
        subject_hash=email_hash(email),
        reason=reason,
        counts=counts,
        done_by=by,
    )
    request.full_clean()
    request.save()
    return request

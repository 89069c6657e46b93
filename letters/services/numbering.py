"""The outgoing register's numbers: gapless per sender and year, kept by the database.

The counter row of a sender and year is locked (``SELECT … FOR UPDATE``) inside the transaction
that writes the letters, so the numbers and the letters commit or roll back together: a failed
mailing leaves no hole, and a second member of staff sending at the same second waits for the
first transaction and continues after its last number.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from letters.models import Letterhead, RegisterCounter


def allocate_numbers(*, letterhead: Letterhead, year: int, count: int) -> int:
    """Reserve ``count`` consecutive numbers and return the first. Call inside the transaction
    that creates the letters."""
    if count < 1:
        raise ValueError("count must be positive")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_numbers must run inside the letters' transaction")
    counter = _locked_counter(letterhead, year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return first


def _locked_counter(letterhead: Letterhead, year: int) -> RegisterCounter:
    found = (
        RegisterCounter.objects.select_for_update().filter(letterhead=letterhead, year=year).first()
    )
    if found is not None:
        return found
    try:
        # The first letter of the year: two senders may try to create the row together; the
        # loser's insert fails on the unique constraint and it locks the winner's row instead.
        with transaction.atomic():
            RegisterCounter.objects.create(letterhead=letterhead, year=year)
    except IntegrityError:
        pass
    return RegisterCounter.objects.select_for_update().get(letterhead=letterhead, year=year)

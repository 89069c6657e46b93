"""The outgoing register: gapless numbers per sender and year, even when staff send at once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from letters import services
from letters.models import Letter, RegisterCounter
from tests.letters.factories import bulk_addressees


def _mail(letterhead, programme, by, addressees):
    return services.mailing_create(
        by=by,
        letterhead=letterhead,
        programme=programme,
        kind="information",
        title="Информационное письмо",
        text=services.template_for(programme=programme, site=None, kind="information"),
        targets=[services.Target.of(a) for a in addressees],
    )


@pytest.mark.django_db
def test_numbers_continue_from_mailing_to_mailing(
    programme, site_a, regional_a, letterhead_a, mailoutbox
):
    people = bulk_addressees(site_a, 5)
    _mail(letterhead_a, programme, regional_a, people[:2])
    _mail(letterhead_a, programme, regional_a, people[2:])
    assert sorted(Letter.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_a_failed_mailing_leaves_no_gap(programme, site_a, regional_a, letterhead_a):
    people = bulk_addressees(site_a, 3)
    with pytest.raises(RuntimeError, match="boom"), transaction.atomic():
        _mail(letterhead_a, programme, regional_a, people[:2])
        raise RuntimeError("boom")
    _mail(letterhead_a, programme, regional_a, people[2:])
    assert list(Letter.objects.values_list("number", flat=True)) == [1]


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_the_same_second_get_gapless_unique_numbers(
    programme, site_a, regional_a, letterhead_a
):
    """Eight threads, each its own connection, register letters at once (PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (set DATABASE_URL=postgres://…)")
    people = bulk_addressees(site_a, 40)
    barrier = threading.Barrier(8)
    errors = []

    def send(chunk):
        try:
            barrier.wait(timeout=60)
            _mail(letterhead_a, programme, regional_a, chunk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(people[i * 5 : i * 5 + 5],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    numbers = sorted(Letter.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 41))
    assert RegisterCounter.objects.get(letterhead=letterhead_a).last_number == 40
    # Each mailing's letters are consecutive: one lock per mailing, not per letter.
    for mailing_numbers in _by_mailing():
        assert mailing_numbers == list(range(mailing_numbers[0], mailing_numbers[0] + 5))


def _by_mailing():
    groups = {}
    for mailing_id, number in Letter.objects.values_list("mailing_id", "number"):
        groups.setdefault(mailing_id, []).append(number)
    return [sorted(numbers) for numbers in groups.values()]

#!/usr/bin/env python
"""Benchmark of the event pages and the participants register with 2,000 events and 100,000
registrations.

    .venv/bin/python bench/bench_events.py [--events 2000] [--registrations 100000] [--repeat 10]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch .venv/bin/python bench/bench_events.py

Loads the events (ten pilot sites, every state, one event with 300 participants) into a
temporary SQLite database, or into the database ``DATABASE_URL`` names, inside a transaction
rolled back at the end. Requests the public list, the federal and regional staff lists and the
staff page of the 300-participant event ``--repeat`` times each, and prints the median time and
the queries per request. Then writes the participants register (XLSX) twice, for a tenth of the
rows and for all of them, and prints Python's peak allocation for each: flat memory means the
two peaks are close. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    scratch = tempfile.mkdtemp(prefix="rs-bench-events-")
    os.environ.setdefault("VAR_DIR", scratch)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resursnaya_sreda.settings.test")
    import django

    django.setup()


def load(events: int, registrations: int) -> dict[str, object]:
    import datetime

    from django.utils import timezone

    from events.models import (
        Event,
        EventKind,
        EventState,
        Registration,
        new_token,
    )
    from resursnaya_sreda.accounts.models import Membership, Role, User
    from resursnaya_sreda.kernel.consent import EVENT_CONSENT_VERSION
    from resursnaya_sreda.kernel.models import (
        Organisation,
        OrganisationKind,
        PilotSite,
        Programme,
        Region,
    )

    today = timezone.localdate()
    programme = Programme.objects.create(title="Бенчмарк мероприятий", year=today.year)
    sites = []
    for region in Region.objects.order_by("code")[:10]:
        centre = Organisation.objects.create(
            name=f"Центр {region.code}", kind=OrganisationKind.RESOURCE_CENTRE, region=region
        )
        sites.append(PilotSite.objects.create(programme=programme, region=region, centre=centre))
    regional = User.objects.create_user("bench-ev-regional@example.org", "x", full_name="Р")
    Membership.objects.create(user=regional, role=Role.REGIONAL, pilot_site=sites[0])
    federal = User.objects.create_user("bench-ev-federal@example.org", "x", full_name="Ф")
    Membership.objects.create(user=federal, role=Role.FEDERAL)
    states = EventState.values

    def at(day: datetime.date, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)

    kinds = [EventKind.SEMINAR, EventKind.SEMINAR, EventKind.ROUND_TABLE]
    Event.objects.bulk_create(
        (
            Event(
                programme=programme,
                pilot_site=sites[n % len(sites)],
                kind=kinds[n % len(kinds)],
                title=f"Мероприятие № {n}",
                date=today + datetime.timedelta(days=(n % 200) - 100),
                # Stored in UTC as the app does; the bench needs plausible hours, not zones.
                starts_at=at(today + datetime.timedelta(days=(n % 200) - 100), 10),
                ends_at=at(today + datetime.timedelta(days=(n % 200) - 100), 16),
                state=EventState.ANNOUNCED if n % 2 else states[n % len(states)],
                min_participants=15,
            )
            for n in range(events)
        ),
        batch_size=2000,
    )
    ids = list(Event.objects.filter(programme=programme).values_list("pk", flat=True))
    big = ids[0]
    now = timezone.now()

    def people():
        for n in range(registrations):
            event_id = big if n < 300 else ids[n % len(ids)]
            yield Registration(
                event_id=event_id,
                full_name=f"Участник {n}",
                organisation="НКО",
                email=f"p{n}@example.org",
                person_key=f"p{n}@example.org",
                consent_personal_data=True,
                consent_version=EVENT_CONSENT_VERSION,
                consent_at=now,
                attended=n % 3 == 0,
                feedback_token=new_token(),
            )

    Registration.objects.bulk_create(people(), batch_size=5000)
    Event.objects.filter(pk=big).update(pilot_site=sites[0], state=EventState.ANNOUNCED)
    return {"regional": regional, "federal": federal, "big": big}


def measure(client, url: str, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(context)
    return statistics.median(times) * 1000, queries


def register_peak(user, limit_events: int | None) -> tuple[int, float]:
    """Rows written and Python's peak allocation (MiB) for the participants register."""
    from events.models import Event
    from reports.engine import registry
    from reports.engine.render import render_document

    kind = registry.get("events-participants")
    document = kind({}, user=user)
    if limit_events is not None:
        # A tenth of the rows: the same register limited to a tenth of the events.
        from events import documents

        keep = list(Event.objects.order_by("pk").values_list("pk", flat=True)[:limit_events])
        original = documents._events_for
        documents._events_for = lambda u: original(u).filter(pk__in=keep)
    with tempfile.TemporaryFile() as target:
        tracemalloc.start()
        render_document(document, "xlsx", target)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    if limit_events is not None:
        documents._events_for = original
    from events.models import Registration

    rows = Registration.objects.filter(
        event__in=Event.objects.order_by("pk")[: limit_events or 10**9]
    ).count()
    return rows, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from staff_login import force_login_verified

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        started = time.perf_counter()
        data = load(args.events, args.registrations)
        print(
            f"загружено: {args.events} мероприятий, {args.registrations} регистраций "
            f"за {time.perf_counter() - started:.1f} с ({connection.vendor})"
        )
        client = Client()
        print(f"{'страница':<46}{'медиана, мс':>12}{'запросов':>10}")
        pages = [("публичный список /events/", None, "/events/")]
        pages.append(("федеральный список /events/manage/", "federal", "/events/manage/"))
        pages.append(("региональный список /events/manage/", "regional", "/events/manage/"))
        pages.append(
            ("страница мероприятия на 300 участников", "regional", f"/events/manage/{data['big']}/")
        )
        pages.append(("публичная страница мероприятия", None, f"/events/{data['big']}/"))
        for label, who, url in pages:
            client.logout()
            if who:
                force_login_verified(client, data[who])
            median, queries = measure(client, url, args.repeat)
            print(f"{label:<46}{median:>12.1f}{queries:>10}")
        small_rows, small_peak = register_peak(data["federal"], args.events // 10)
        all_rows, all_peak = register_peak(data["federal"], None)
        print(
            f"реестр участников XLSX: {small_rows} строк — пик {small_peak:.1f} МиБ; "
            f"{all_rows} строк — пик {all_peak:.1f} МиБ (отношение {all_peak / small_peak:.2f})"
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()

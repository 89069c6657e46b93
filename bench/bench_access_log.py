#!/usr/bin/env python
"""What the record of reading personal data costs: pages with and without the access log.

    .venv/bin/python bench/bench_access_log.py [--events 500] [--registrations 20000] [--repeat 20]

Loads events and registrations as bench_events.py does (temporary SQLite, or ``DATABASE_URL``,
rolled back at the end) and requests, ``--repeat`` times each, with the log off and on:

- the admin's list of registrations (``/admin/events/registration/``), which the kernel logs
  for models registered as holding personal data;
- the staff page of the event with 300 participants (``/events/manage/<pk>/``), which the
  events app records with ``access_log.record_access`` (switched off by standing a no-op in
  its place).

Prints the median CPU time and the queries per request; the log must add at most one query and
write one entry per request whatever the number of rows. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import statistics
import time
import types

from bench_events import load, setup_django
from staff_login import force_login_verified


def measure(client, url: str, repeat: int) -> tuple[float, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(repeat):
        cache.clear()  # a repeated read within a minute is recorded once; measure every write
        with CaptureQueriesContext(connection) as context:
            # CPU time of this process (the test client runs the view in it): the machine is
            # shared, and wall time under load says more about the neighbours than the page.
            started = time.process_time()
            response = client.get(url)
            times.append(time.process_time() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(context)
    return statistics.median(times) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--registrations", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from resursnaya_sreda.kernel import access_log
    from resursnaya_sreda.kernel.models import PersonalDataAccess

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        data = load(args.events, args.registrations)
        print(
            f"загружено: {args.events} мероприятий, {args.registrations} регистраций "
            f"({connection.vendor})"
        )
        federal, regional = Client(), Client()
        force_login_verified(federal, data["federal"])
        force_login_verified(regional, data["regional"])
        staff_page = f"/events/manage/{data['big']}/"
        from events.views import events as event_views

        recording = event_views.access_log
        silent = types.SimpleNamespace(record_access=lambda *args, **kwargs: None)
        label_of_registrations = "events.registration"

        print(f"{'страница':<44}{'журнал':>8}{'ЦП, мс':>13}{'запросов':>10}{'записей':>9}")
        for label, client, url, switch in [
            ("админка: список регистраций", federal, "/admin/events/registration/", "admin"),
            ("страница мероприятия на 300 участников", regional, staff_page, "view"),
        ]:
            for on in (False, True):
                if switch == "admin":
                    if on:
                        access_log.register_personal_data_model(label_of_registrations)
                    else:
                        access_log._personal_models.discard(label_of_registrations)
                else:
                    event_views.access_log = recording if on else silent
                before = PersonalDataAccess.objects.count()
                median, queries = measure(client, url, args.repeat)
                written = (PersonalDataAccess.objects.count() - before) / args.repeat
                state = "вкл." if on else "выкл."
                print(f"{label:<44}{state:>8}{median:>13.1f}{queries:>10}{written:>9.0f}")
        event_views.access_log = recording
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Benchmark of a mailing against rendering the same letter alone.

    .venv/bin/python bench/bench_letters.py [--letters 300] [--database postgres://…]

Makes a throw-away database (SQLite in a temporary folder unless ``--database`` is given; the
migrations take about a minute), a regional centre with N addressees, and a mailing of the
information letter to all of them. Then it runs the worker's loop (``mailing_send``: claim the
letter, make its PDF on letterhead, hand it to the mail backend, record the delivery) with the
in-memory mail backend and reports letters per second, against making the same letter's PDF
N times in a row with nothing else. The resident memory is sampled after the first tenth and at the
end of the mailing: a flat profile shows the loop keeps nothing per letter. The ratio is the
price of the register, the claim-and-record writes and the message per letter. A mailing to
3,000 administrations takes 3,000 ÷ (letters/s) seconds on one worker. Not a test: it prints
figures rather than failing on a slow machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(database: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    folder = tempfile.mkdtemp(prefix="rs-bench-letters-")
    os.environ.setdefault("VAR_DIR", folder)
    os.environ["DATABASE_URL"] = database or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resursnaya_sreda.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    print("migrating the throw-away database…", flush=True)
    call_command("migrate", verbosity=0)


def world(count: int):
    from django.db import transaction

    from letters import services
    from letters.models import Addressee, AddresseeKind, HoldingBasis
    from resursnaya_sreda.accounts.models import Membership, Role, User
    from resursnaya_sreda.kernel.models import Organisation, PilotSite, Programme, Region

    region = Region.objects.get(code="16")
    programme = Programme.objects.create(title="Ресурсная среда — бенчмарк", year=2026)
    centre = Organisation.objects.create(
        name="АНО «Ресурсный центр Татарстана»",
        kind="resource_centre",
        region=region,
        address="420000, г. Казань, ул. Баумана, 1",
        email="rc@example.org",
    )
    site = PilotSite.objects.create(programme=programme, region=region, centre=centre)
    user = User.objects.create(email="bench@example.org", full_name="Бенчмарков Б. Б.")
    Membership.objects.create(user=user, role=Role.REGIONAL, pilot_site=site)
    rows = []
    for i in range(count):
        row = Addressee(
            region=region,
            kind=AddresseeKind.ADMINISTRATION,
            organisation=f"Администрация сельского поселения № {i}",
            person=f"Глава поселения {i}",
            position="Глава",
            address=f"Село {i}, ул. Центральная, 1",
            email=f"admin{i}@example.org",
            basis=HoldingBasis.PUBLIC_SOURCE,
        )
        row.key = row.make_key()
        rows.append(row)
    Addressee.objects.bulk_create(rows)
    letterhead = services.letterhead_for_site(site)
    from unittest import mock

    # Registered only: the worker's loop is what is measured below.
    with mock.patch("letters.tasks.send_mailing_task.delay"), transaction.atomic():
        mailing = services.mailing_create(
            by=user,
            letterhead=letterhead,
            programme=programme,
            kind="information",
            title="Бенчмарк",
            text=services.template_for(programme=programme, site=site, kind="information"),
            targets=[services.Target.of(a) for a in Addressee.objects.filter(region=region)],
        )
    return mailing


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--database")
    args = parser.parse_args()
    setup(args.database)
    from django.core import mail

    from letters import services
    from letters.models import Letter

    created = time.perf_counter()
    mailing = world(args.letters)
    print(f"{args.letters} letters registered in {time.perf_counter() - created:.2f} s")
    letter = Letter.objects.select_related("letterhead").filter(mailing=mailing).first()
    services.letter_pdf(letter)  # warm the fonts and the template
    samples = min(args.letters, 50)
    start = time.perf_counter()
    for _ in range(samples):
        services.letter_pdf(letter)
    alone = samples / (time.perf_counter() - start)

    peaks: list[float] = []
    tenth = max(1, args.letters // 10)

    done = [0]

    def sample(letter: Letter) -> None:
        done[0] += 1
        mail.outbox.clear()  # what the in-memory backend keeps is not the loop's memory
        if done[0] in (tenth, args.letters):
            peaks.append(current_rss_mb())

    start = time.perf_counter()
    services.mailing_send(mailing.pk, after_each=sample)
    elapsed = time.perf_counter() - start
    rate = args.letters / elapsed
    print(f"single letter PDF alone:  {alone:7.2f} letters/s")
    print(f"mailing (worker loop):    {rate:7.2f} letters/s  ({elapsed:.1f} s for {args.letters})")
    print(f"mailing ÷ alone:          {rate / alone:7.2f}")
    print(f"3,000 administrations:    {3000 / rate / 60:7.1f} min on one worker")
    if len(peaks) == 2:
        print(f"RSS after 1/10:           {peaks[0]:7.1f} MB; at the end {peaks[1]:.1f} MB")
    print(f"process peak RSS:         {rss_mb():7.1f} MB")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Benchmark of the questionnaire lists and the commission's pages with 20,000 questionnaires.

    .venv/bin/python bench/bench_practices.py [--count 20000] [--repeat 15]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch \
        .venv/bin/python bench/bench_practices.py

Loads the questionnaires (spread over ten pilot regions, every state, a fifth published) into a
temporary SQLite database, or into the database ``DATABASE_URL`` names, migrating it first.
On a given database everything happens inside one transaction that is rolled back at the end,
so it leaves no rows behind. Then it requests, through Django's test client, the regional
list, the federal list and the public catalogue (plain, filtered and searched), ``--repeat``
times each, and prints the median time, the number of SQL queries per request and, on
PostgreSQL, whether the search used the GIN index. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    scratch = tempfile.mkdtemp(prefix="rs-bench-practices-")
    os.environ.setdefault("VAR_DIR", scratch)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resursnaya_sreda.settings.test")
    import django

    django.setup()


WORDS = (
    "диалог фестиваль молодёжь язык ремёсла кухня мигранты школа музей театр песня семья "
    "волонтёры соседи праздник лагерь традиции культура дружба экспедиция"
).split()


def load(count: int) -> dict[str, object]:
    from django.utils import timezone

    from practices.models import Direction, Questionnaire, QuestionnaireState
    from resursnaya_sreda.accounts.models import Membership, Role, User
    from resursnaya_sreda.kernel.models import (
        Municipality,
        Organisation,
        OrganisationKind,
        PilotSite,
        Programme,
        Region,
        RoadmapStep,
    )

    today = timezone.localdate()
    programme = Programme.objects.create(title="Бенчмарк", year=today.year)
    RoadmapStep.objects.create(
        programme=programme,
        number=1,
        title="Лучшие практики",
        starts_on=today - timezone.timedelta(days=10),
        ends_on=today + timezone.timedelta(days=30),
    )
    regions = list(Region.objects.order_by("code")[:10])
    sites = []
    for region in regions:
        centre = Organisation.objects.create(
            name=f"Центр {region.code}", kind=OrganisationKind.RESOURCE_CENTRE, region=region
        )
        sites.append(PilotSite.objects.create(programme=programme, region=region, centre=centre))
    regional = User.objects.create_user("bench-regional@example.org", "x", full_name="Региональный")
    Membership.objects.create(user=regional, role=Role.REGIONAL, pilot_site=sites[0])
    federal = User.objects.create_user("bench-federal@example.org", "x", full_name="Федеральный")
    Membership.objects.create(user=federal, role=Role.FEDERAL)

    municipalities = [
        Municipality.objects.create(region=region, name=f"Бенч-город {region.code}-{n}")
        for region in regions
        for n in range(10)
    ]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"АНО «Бенч {n}»",
            kind=OrganisationKind.NGO,
            region=regions[n % len(regions)],
            municipality=municipalities[(n % len(regions)) * 10 + n % 10],
        )
        for n in range(count // 4)
    )
    directions = list(Direction.objects.all())
    states = [s for s in QuestionnaireState.values if s != QuestionnaireState.DRAFT]
    now = timezone.now()
    batch = []
    for n in range(count):
        organisation = organisations[n % len(organisations)]
        words = " ".join(WORDS[(n * k) % len(WORDS)] for k in (1, 3, 7))
        state = QuestionnaireState.DRAFT if n % 10 == 3 else states[n % len(states)]
        published = state != QuestionnaireState.DRAFT and n % 5 == 1
        text = f"практика {n}: {words}. " * 10
        batch.append(
            Questionnaire(
                programme=programme,
                organisation=organisation,
                municipality=organisation.municipality,
                direction=directions[n % len(directions)],
                title=f"Практика № {n}: {words}",
                problem=text,
                goals=text,
                results_quantitative=text,
                results_qualitative=text,
                replication=text,
                state=state,
                submitted_at=None if state == QuestionnaireState.DRAFT else now,
                consent_publication=True,
                published_at=now if published else None,
                search_document=f"практика № {n}: {words} {text}".lower(),
            )
        )
        if len(batch) == 2000:
            Questionnaire.objects.bulk_create(batch)
            batch = []
    Questionnaire.objects.bulk_create(batch)
    return {
        "regional": regional,
        "federal": federal,
        "region": regions[0].pk,
        "direction": directions[0].pk,
    }


def load_commission(programme_id: int, reviews: int = 60_000) -> dict[str, object]:
    """The expert commission: 8 criteria, 20 experts, every submitted questionnaire admitted
    and ``reviews`` reviews spread over them (3–4 experts each with 20,000), weighted totals
    stored as the scoring service stores them. Scores per criterion are not loaded: neither
    page reads them."""
    from decimal import Decimal

    from django.utils import timezone

    from practices.models import (
        Admission,
        Assignment,
        Commission,
        CommissionMember,
        Criterion,
        MemberRole,
        Questionnaire,
        QuestionnaireState,
        Review,
        ReviewState,
    )
    from resursnaya_sreda.accounts.models import Membership, Role, User

    commission = Commission.objects.create(programme_id=programme_id)
    Criterion.objects.bulk_create(
        Criterion(commission=commission, name=f"Критерий {n}", weight=1 + n % 3, position=n)
        for n in range(8)
    )
    experts = []
    for n in range(20):
        expert = User.objects.create_user(
            f"bench-expert{n}@example.org", "x", full_name=f"Эксперт {n}"
        )
        Membership.objects.create(user=expert, role=Role.EXPERT)
        CommissionMember.objects.create(commission=commission, user=expert, role=MemberRole.EXPERT)
        experts.append(expert)
    ids = list(
        Questionnaire.objects.filter(programme_id=programme_id)
        .exclude(state=QuestionnaireState.DRAFT)
        .values_list("pk", flat=True)
    )
    Admission.objects.bulk_create(
        (Admission(questionnaire_id=pk, admitted=True) for pk in ids), batch_size=2000
    )
    now = timezone.now()
    assignments = []
    base, extra = divmod(reviews, max(len(ids), 1))
    for index, pk in enumerate(ids):
        for k in range(min(base + (index < extra), len(experts))):
            expert = experts[(index + k * 7) % len(experts)]
            assignments.append(Assignment(questionnaire_id=pk, expert=expert))
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    by_pair = {
        (q, e): a
        for a, q, e in Assignment.objects.values_list("pk", "questionnaire_id", "expert_id")
    }
    Review.objects.bulk_create(
        (
            Review(
                assignment_id=a,
                questionnaire_id=q,
                expert_id=e,
                state=ReviewState.SUBMITTED,
                total=Decimal((q * 7 + e * 3) % 100) / 10,
                submitted_at=now,
            )
            for (q, e), a in by_pair.items()
        ),
        batch_size=2000,
    )
    return {"commission": commission, "expert": experts[0], "reviews": len(by_pair)}


def measure_admin(client, url: str, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(context)
    return statistics.median(times) * 1000, queries


def measure(client, url: str, repeat: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(context)
    return statistics.median(times) * 1000, queries, response.context["page_obj"].paginator.count


def explain_search() -> str:
    from django.db import connection

    from practices.models import Questionnaire
    from practices.selectors import apply_search

    if connection.vendor != "postgresql":
        return "SQLite: поиск подстрокой (LIKE), индекса нет"
    # A selective query (one questionnaire's number); a word in a tenth of all rows is rightly
    # read by a sequential scan instead.
    queryset = apply_search(Questionnaire.objects.all(), "12345")
    plan = queryset.explain()
    used = "practices_questionnaire_search_gin" in plan
    return "GIN-индекс используется" if used else "GIN-индекс НЕ используется:\n" + plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    setup_django()

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment
    from staff_login import force_login_verified

    # Lets the test client capture each response's template context (the result count).
    setup_test_environment()
    call_command("migrate", verbosity=0)
    print(f"База: {connection.vendor} ({connection.settings_dict['NAME']})")
    with transaction.atomic():
        started = time.perf_counter()
        people = load(args.count)
        print(f"Загружено {args.count} анкет за {time.perf_counter() - started:.1f} с")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE practices_questionnaire")
        regional, federal, anonymous = Client(), Client(), Client()
        force_login_verified(regional, people["regional"])
        force_login_verified(federal, people["federal"])
        pages = [
            ("Региональный список", regional, "/practices/review/"),
            ("Региональный список, поиск", regional, "/practices/review/?q=диалог"),
            ("Федеральный список", federal, "/practices/review/"),
            ("Федеральный список, стр. 100", federal, "/practices/review/?page=100"),
            (
                "Федеральный список, фильтры",
                federal,
                f"/practices/review/?state=submitted&region={people['region']}"
                f"&direction={people['direction']}",
            ),
            ("Федеральный список, поиск", federal, "/practices/review/?q=фестиваль"),
            ("Каталог", anonymous, "/practices/"),
            ("Каталог, поиск", anonymous, "/practices/?q=фестиваль"),
            ("Каталог, регион", anonymous, f"/practices/?region={people['region']}"),
        ]
        print(f"{'страница':34} {'медиана, мс':>12} {'запросов':>9} {'найдено':>8}")
        for title, client, url in pages:
            median, queries, found = measure(client, url, args.repeat)
            print(f"{title:34} {median:12.1f} {queries:9d} {found:8d}")
        print(explain_search())

        started = time.perf_counter()
        from practices.models import Questionnaire

        programme_id = Questionnaire.objects.values_list("programme_id", flat=True).first()
        board = load_commission(programme_id)
        print(
            f"Комиссия: {board['reviews']} оценок, 8 критериев, 20 экспертов "
            f"за {time.perf_counter() - started:.1f} с"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE practices_review")
                cursor.execute("ANALYZE practices_assignment")
        expert = Client()
        force_login_verified(expert, board["expert"])
        ranking = f"/admin/practices/commission/{board['commission'].pk}/ranking/"
        commission_pages = [
            ("Рейтинг (средняя)", federal, ranking),
            ("Рейтинг, z-оценки, по медиане", federal, ranking + "?z=1&o=median"),
            ("Рейтинг, регион, стр. 5", federal, ranking + f"?region={people['region']}&p=5"),
            ("Мои заявки на оценку (эксперт)", expert, "/admin/practices/experttask/"),
        ]
        print(f"{'страница комиссии':34} {'медиана, мс':>12} {'запросов':>9}")
        for title, client, url in commission_pages:
            median, queries = measure_admin(client, url, args.repeat)
            print(f"{title:34} {median:12.1f} {queries:9d}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()

"""A programme at pilot or at national scale, built fast into an empty (migrated) database.

    pilot:    10 regions,   200 questionnaires,    600 reviews,    40 events,   2,000 registrations
    national: 89 regions, 20,000 questionnaires, 60,000 reviews, 2,000 events, 100,000 registrations

and the later steps' stories, contest entries and letters (apps_data.py).

The few records people log in as or look at are made by the services and factories the portal
and its tests use (the programme from the roadmap seed, users with passwords); the mass of
rows goes in with ``bulk_create`` in batches, so the national programme takes a minute or two
rather than hours. Deterministic: the same scale gives the same rows. Models are looked up by
app label and name, so the generator follows the apps' modules as they are reorganised.

``generate()`` returns a manifest: the logins and the ids the page list (pages.py) refers to.
A later app adds its rows in a function here and its ids to the manifest.
"""

from __future__ import annotations

import datetime
import decimal
import itertools
import secrets
from dataclasses import dataclass
from typing import Any

#: Bumped when the data changes, so bench_scale.py rebuilds databases made by an older one.
VERSION = 2
PASSWORD = "bench-password-2025"
TITLE = "Ресурсная среда — бенчмарк масштаба"
# The ten pilot regions of the demo programme; the regional account works in the first.
PILOT_REGIONS = ("16", "05", "02", "66", "54", "23", "14", "56", "30", "25")
WORDS = (
    "диалог фестиваль молодёжь язык ремёсла кухня мигранты школа музей театр песня семья "
    "волонтёры соседи праздник лагерь традиции культура дружба экспедиция"
).split()
BATCH = 2000


@dataclass(frozen=True)
class Scale:
    name: str
    regions: int
    municipalities_per_region: int
    organisations: int
    questionnaires: int
    reviews: int
    experts: int
    events: int
    registrations: int


SCALES = {
    "pilot": Scale("pilot", 10, 10, 60, 200, 600, 20, 40, 2_000),
    "national": Scale("national", 89, 10, 5_000, 20_000, 60_000, 60, 2_000, 100_000),
}


def _model(label: str, name: str) -> Any:
    from django.apps import apps

    return apps.get_model(label, name)


def _user(email: str, full_name: str, role: str, **membership: Any) -> Any:
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(email=email, full_name=full_name)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    MembershipFactory(user=user, role=role, **membership)
    return user


def generate(scale: Scale) -> dict[str, Any]:
    """Fill the empty database; return the manifest (logins and ids for pages.py)."""
    from django.db import connection, transaction
    from django.utils import timezone

    with transaction.atomic():
        manifest = _generate(scale, timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return manifest


def _generate(scale: Scale, today: datetime.date) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password

    from resursnaya_sreda.accounts.models import Membership, Role, User
    from resursnaya_sreda.kernel.models import (
        Municipality,
        MunicipalityKind,
        Organisation,
        OrganisationKind,
        PilotSite,
        Region,
    )
    from resursnaya_sreda.kernel.services import programme_create_from_seed

    programme = programme_create_from_seed(
        title=TITLE, year=today.year, start=today - datetime.timedelta(days=30), make_current=True
    )
    by_code = {region.code: region for region in Region.objects.all()}
    codes = list(PILOT_REGIONS)
    codes += sorted(code for code in by_code if code not in codes)
    regions = [by_code[code] for code in codes[: scale.regions]]

    municipalities = Municipality.objects.bulk_create(
        Municipality(
            region=region,
            name=f"{'Город' if n < 3 else 'Район'} {region.code}-{n + 1:02d}",
            kind=MunicipalityKind.URBAN_DISTRICT if n < 3 else MunicipalityKind.MUNICIPAL_DISTRICT,
        )
        for region in regions
        for n in range(scale.municipalities_per_region)
    )
    centres = Organisation.objects.bulk_create(
        Organisation(
            name=f"Ресурсный центр национальных отношений ({region.name})",
            short_name=f"Ресурсный центр {region.code}",
            kind=OrganisationKind.RESOURCE_CENTRE,
            region=region,
        )
        for region in regions
    )
    sites = PilotSite.objects.bulk_create(
        PilotSite(programme=programme, region=region, centre=centre)
        for region, centre in zip(regions, centres, strict=True)
    )
    per_region = scale.municipalities_per_region
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"Автономная некоммерческая организация «Дружба {n}»",
                short_name=f"АНО «Дружба {n}»",
                kind=OrganisationKind.NGO,
                region=regions[n % len(regions)],
                municipality=municipalities[(n % len(regions)) * per_region + n % per_region],
                inn="",
            )
            for n in range(scale.organisations)
        ),
        batch_size=BATCH,
    )

    federal = _user("federal@bench.example.org", "Федеральная Фаина Фёдоровна", Role.FEDERAL)
    regional = _user(
        "regional@bench.example.org",
        "Региональный Артём Альбертович",
        Role.REGIONAL,
        pilot_site=sites[0],
    )
    own_organisation = organisations[0]  # in the regional account's region
    applicant = _user(
        "applicant@bench.example.org",
        "Заявителев Захар Захарович",
        Role.APPLICANT,
        organisation=own_organisation,
    )
    expert = _user("expert@bench.example.org", "Экспертова Эльза Эдуардовна", Role.EXPERT)
    unusable = make_password(None)
    others = User.objects.bulk_create(
        User(email=f"expert{n}@bench.example.org", full_name=f"Эксперт {n}", password=unusable)
        for n in range(1, scale.experts)
    )
    experts = [expert, *others]
    Membership.objects.bulk_create(Membership(user=user, role=Role.EXPERT) for user in others)
    staff = User.objects.bulk_create(
        User(
            email=f"staff-{site.region.code}@bench.example.org",
            full_name=f"Сотрудник {n}",
            password=unusable,
        )
        for n, site in enumerate(sites[1:], 1)
    )
    Membership.objects.bulk_create(
        Membership(user=user, role=Role.REGIONAL, pilot_site=site)
        for user, site in zip(staff, sites[1:], strict=True)
    )

    questionnaires = _questionnaires(scale, programme, organisations, own_organisation, applicant)
    commission = _commission(scale, programme, experts, questionnaires)
    events = _events(scale, programme, sites, municipalities, today)
    _news(programme, sites, federal, today)
    from bench.scale import apps_data

    later = apps_data.generate(scale.name, programme, sites, questionnaires, today)

    regional_questionnaire = (
        _model("practices", "Questionnaire")
        .objects.filter(organisation__region=regions[0], state="submitted")
        .order_by("pk")
        .first()
    )
    public_event = next(e for e in events if e.state == "announced" and e.date >= today)
    regional_event = next(e for e in events if e.pilot_site_id == sites[0].pk)
    return {
        "version": VERSION,
        "scale": scale.name,
        "password": PASSWORD,
        "logins": {
            "federal": federal.email,
            "regional": regional.email,
            "expert": expert.email,
            "applicant": applicant.email,
        },
        "counts": {
            "regions": len(regions),
            "municipalities": len(municipalities),
            "organisations": len(organisations) + len(centres),
            "questionnaires": len(questionnaires),
            "reviews": commission["reviews"],
            "events": len(events),
            "registrations": scale.registrations,
        },
        "region": regions[0].pk,
        "other_region": regions[1].pk,
        "municipality": municipalities[0].pk,
        "direction": _model("practices", "Direction").objects.order_by("pk").first().pk,
        "word": "фестиваль",
        "commission": commission["id"],
        "questionnaire": regional_questionnaire.pk,
        "public_event": public_event.pk,
        "regional_event": regional_event.pk,
        "organisation": own_organisation.pk,
        **later,
    }


def _questionnaires(scale, programme, organisations, own_organisation, applicant) -> list[Any]:
    from django.utils import timezone

    Questionnaire = _model("practices", "Questionnaire")  # noqa: N806
    Direction = _model("practices", "Direction")  # noqa: N806
    directions = list(Direction.objects.order_by("pk"))
    states = ["submitted", "under_review", "returned", "resubmitted", "withdrawn"]
    now = timezone.now()

    def rows():
        for n in range(scale.questionnaires):
            # The applicant's own three come first: the same «my questionnaires» at any scale.
            organisation = own_organisation if n < 3 else organisations[n % len(organisations)]
            words = " ".join(WORDS[(n * k) % len(WORDS)] for k in (1, 3, 7))
            state = "draft" if n % 10 == 3 else states[n % len(states)]
            published = state != "draft" and n % 5 == 1
            text = f"Практика {n}: {words}. Описание работы с участниками и партнёрами. " * 6
            moment = now - datetime.timedelta(minutes=n)
            yield Questionnaire(
                programme=programme,
                organisation=organisation,
                created_by=applicant if n < 3 else None,
                municipality=organisation.municipality,
                direction=directions[n % len(directions)],
                title=f"Практика № {n}: {words}",
                problem=text,
                goals=text,
                target_groups="Молодёжь, мигранты, жители района",
                people_reached=100 + n % 900,
                period="С 2018 года, ежегодно",
                geography=organisation.region.name,
                resources=text,
                results_quantitative=text,
                results_qualitative=text,
                replication=text,
                contact_name=f"Контактов Кирилл {n}",
                contact_email=f"contact{n}@bench.example.org",
                consent_personal_data=True,
                consent_publication=True,
                state=state,
                submitted_at=None if state == "draft" else moment,
                state_changed_at=moment,
                published_at=moment if published else None,
                search_document=f"практика № {n}: {words} {text}".lower(),
            )

    created = []
    for batch in _batches(rows()):
        created += Questionnaire.objects.bulk_create(batch)
    return created


def _commission(scale, programme, experts, questionnaires) -> dict[str, Any]:
    from django.utils import timezone

    Commission = _model("practices", "Commission")  # noqa: N806
    Criterion = _model("practices", "Criterion")  # noqa: N806
    CommissionMember = _model("practices", "CommissionMember")  # noqa: N806
    Admission = _model("practices", "Admission")  # noqa: N806
    Assignment = _model("practices", "Assignment")  # noqa: N806
    Review = _model("practices", "Review")  # noqa: N806

    commission = Commission.objects.create(programme=programme)
    Criterion.objects.bulk_create(
        Criterion(commission=commission, name=f"Критерий {n + 1}", weight=1 + n % 3, position=n)
        for n in range(8)
    )
    CommissionMember.objects.bulk_create(
        CommissionMember(commission=commission, user=user, role="expert") for user in experts
    )
    admitted = [q.pk for q in questionnaires if q.state != "draft"]
    Admission.objects.bulk_create(
        (Admission(questionnaire_id=pk, admitted=True) for pk in admitted), batch_size=BATCH
    )
    base, extra = divmod(scale.reviews, max(len(admitted), 1))
    pairs = []
    for index, pk in enumerate(admitted):
        for k in range(min(base + (index < extra), len(experts))):
            pairs.append((pk, experts[(index + k * 7) % len(experts)].pk))
    for batch in _batches(Assignment(questionnaire_id=q, expert_id=e) for q, e in pairs):
        Assignment.objects.bulk_create(batch)
    by_pair = {
        (q, e): a
        for a, q, e in Assignment.objects.filter(questionnaire__programme=programme).values_list(
            "pk", "questionnaire_id", "expert_id"
        )
    }
    now = timezone.now()
    reviews = (
        Review(
            assignment_id=a,
            questionnaire_id=q,
            expert_id=e,
            state="submitted",
            total=decimal.Decimal((q * 7 + e * 3) % 100) / 10,
            submitted_at=now,
        )
        for (q, e), a in by_pair.items()
    )
    for batch in _batches(reviews):
        Review.objects.bulk_create(batch)
    try:  # bulk inserts send no signals: the stored ranking is built once at the end
        from practices.services.ranking import rebuild
    except ImportError:
        pass
    else:
        rebuild(programme.pk)
    return {"id": commission.pk, "reviews": len(by_pair)}


def _events(scale, programme, sites, municipalities, today) -> list[Any]:
    from django.utils import timezone

    Event = _model("events", "Event")  # noqa: N806
    Registration = _model("events", "Registration")  # noqa: N806
    states = [value for value, _label in Event._meta.get_field("state").choices]
    kinds = ["seminar", "seminar", "round_table"]
    per_region = len(municipalities) // len(sites)
    events = Event.objects.bulk_create(
        (
            Event(
                programme=programme,
                pilot_site=sites[n % len(sites)],
                municipality=municipalities[(n % len(sites)) * per_region],
                kind=kinds[n % len(kinds)],
                title=f"{'Семинар' if n % 3 != 2 else 'Круглый стол'} № {n + 1}: "
                f"{WORDS[n % len(WORDS)]} и {WORDS[(n * 7) % len(WORDS)]}",
                description="Программа, спикеры и партнёры мероприятия. " * 5,
                date=today + datetime.timedelta(days=(n * 37) % 121 - 60),
                starts_at=_at(today + datetime.timedelta(days=(n * 37) % 121 - 60), 7),
                ends_at=_at(today + datetime.timedelta(days=(n * 37) % 121 - 60), 13),
                venue="Дом дружбы народов",
                address="ул. Дружбы, 1",
                state="announced" if n % 2 else states[n % len(states)],
                min_participants=15,
                capacity=200,
            )
            for n in range(scale.events)
        ),
        batch_size=BATCH,
    )
    now = timezone.now()
    consent = _consent_version()

    def people():
        for n in range(scale.registrations):
            event = events[n % len(events)]
            yield Registration(
                event=event,
                full_name=f"Участникова Ульяна {n}",
                organisation=f"НКО «Дружба {n % 500}»",
                email=f"p{n}@bench.example.org",
                person_key=f"p{n}@bench.example.org",
                consent_personal_data=True,
                consent_version=consent,
                consent_at=now,
                attended=n % 3 == 0,
                feedback_token=secrets.token_urlsafe(24),
            )

    for batch in _batches(people()):
        Registration.objects.bulk_create(batch)
    return events


def _at(day: datetime.date, hour_utc: int) -> datetime.datetime:
    """An event's start or end: an instant in UTC (10:00 and 16:00 in Moscow)."""
    return datetime.datetime.combine(day, datetime.time(hour_utc), tzinfo=datetime.UTC)


def _consent_version() -> str:
    try:
        from events.models import CONSENT_VERSION
    except ImportError:  # moved by a reorganisation: any version string will do
        return "1"
    return CONSENT_VERSION


def _news(programme, sites, author, today) -> None:
    from django.utils import timezone

    NewsItem = _model("public", "NewsItem")  # noqa: N806
    now = timezone.now()
    NewsItem.objects.bulk_create(
        NewsItem(
            programme=programme,
            pilot_site=site,
            title=f"Новость площадки {site.region.name}",
            slug=f"bench-news-{site.region.code}",
            lead="Итоги семинара и планы на следующий месяц.",
            body="Текст новости. " * 40,
            is_published=True,
            published_at=now - datetime.timedelta(hours=n),
            author=author,
        )
        for n, site in enumerate(sites[:12])
    )


def _batches(rows, size: int = BATCH):
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch

"""Demo data of the kernel: the current programme, 10 pilot sites and the demo accounts.

Called by ``manage.py demo_data`` before the apps' own demo modules. Idempotent: every record
is found by a natural key (title, region, name, e-mail) and brought back to the values below,
so a second run changes no counts. The programme is placed relative to ``today`` so the
questionnaire (step 1) is open and about 45 days of the cycle are behind.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from resursnaya_sreda.accounts import factors, permissions
from resursnaya_sreda.accounts.models import Membership, Role, User
from resursnaya_sreda.kernel import roadmap_seed, services
from resursnaya_sreda.kernel.models import (
    Municipality,
    MunicipalityKind,
    Organisation,
    OrganisationKind,
    PilotSite,
    Programme,
    Region,
)

DEMO_PASSWORD = "demo-password"
# Step 1 runs 92 days in the seed: on day 46 the questionnaire is open, seminars and the
# contest selection (steps 2 and 3) have begun, videos, the contest and round tables are ahead.
DAYS_SINCE_START = 45

GO = MunicipalityKind.URBAN_DISTRICT
MR = MunicipalityKind.MUNICIPAL_DISTRICT
MO = MunicipalityKind.MUNICIPAL_OKRUG


@dataclass(frozen=True)
class Person:
    email: str
    full_name: str
    position: str


@dataclass(frozen=True)
class DemoSite:
    region_code: str
    centre_name: str
    centre_short_name: str
    municipalities: tuple[tuple[str, str], ...]
    staff: Person


@dataclass(frozen=True)
class DemoApplicant:
    region_code: str
    municipality: str
    organisation: str
    short_name: str
    person: Person


# The first site is the one of regional@example.org; the applicant below works in its region.
SITES: tuple[DemoSite, ...] = (
    DemoSite(
        "16",
        "Государственное автономное учреждение «Ресурсный центр национальных отношений "
        "Республики Татарстан»",
        "Ресурсный центр Республики Татарстан",
        (("город Казань", GO), ("город Набережные Челны", GO), ("Альметьевский район", MR)),
        Person(
            "regional@example.org",
            "Галиева Алсу Ринатовна",
            "Руководитель регионального ресурсного центра",
        ),
    ),
    DemoSite(
        "05",
        "Автономная некоммерческая организация «Ресурсный центр в сфере национальных "
        "отношений Республики Дагестан»",
        "Ресурсный центр Республики Дагестан",
        (("город Махачкала", GO), ("город Дербент", GO), ("Кизлярский район", MR)),
        Person(
            "regional.dagestan@example.org",
            "Магомедов Шамиль Ахмедович",
            "Директор регионального ресурсного центра",
        ),
    ),
    DemoSite(
        "02",
        "Государственное бюджетное учреждение «Дом дружбы народов Республики Башкортостан»",
        "Дом дружбы народов Башкортостана",
        (("город Уфа", GO), ("город Стерлитамак", GO), ("Белорецкий район", MR)),
        Person(
            "regional.bashkortostan@example.org",
            "Юсупова Гульнара Фанисовна",
            "Заместитель директора по проектной работе",
        ),
    ),
    DemoSite(
        "66",
        "Автономная некоммерческая организация «Уральский ресурсный центр "
        "межнационального сотрудничества»",
        "Уральский ресурсный центр",
        (("город Екатеринбург", GO), ("город Нижний Тагил", GO), ("город Каменск-Уральский", GO)),
        Person(
            "regional.sverdlovsk@example.org",
            "Смирнов Андрей Викторович",
            "Руководитель проектов",
        ),
    ),
    DemoSite(
        "54",
        "Автономная некоммерческая организация «Сибирский центр национальных культур»",
        "Сибирский центр национальных культур",
        (("город Новосибирск", GO), ("город Бердск", GO), ("Искитимский район", MR)),
        Person(
            "regional.novosibirsk@example.org",
            "Ковалёва Елена Сергеевна",
            "Директор центра",
        ),
    ),
    DemoSite(
        "23",
        "Государственное бюджетное учреждение Краснодарского края «Кубанский центр "
        "межнационального согласия»",
        "Кубанский центр межнационального согласия",
        (("город Краснодар", GO), ("город Новороссийск", GO), ("Абинский район", MR)),
        Person(
            "regional.krasnodar@example.org",
            "Петренко Наталья Александровна",
            "Начальник отдела проектов",
        ),
    ),
    DemoSite(
        "14",
        "Государственное автономное учреждение «Ресурсный центр народов Республики Саха (Якутия)»",
        "Ресурсный центр народов Якутии",
        (("город Якутск", GO), ("Мирнинский район", MR), ("Намский улус", MR)),
        Person(
            "regional.yakutia@example.org",
            "Николаев Айаал Прокопьевич",
            "Руководитель регионального ресурсного центра",
        ),
    ),
    DemoSite(
        "56",
        "Автономная некоммерческая организация «Оренбургский центр межнационального диалога»",
        "Оренбургский центр межнационального диалога",
        (("город Оренбург", GO), ("город Орск", GO), ("Соль-Илецкий городской округ", GO)),
        Person(
            "regional.orenburg@example.org",
            "Исмагилова Райхан Кайратовна",
            "Исполнительный директор",
        ),
    ),
    DemoSite(
        "30",
        "Государственное автономное учреждение Астраханской области «Центр народной "
        "культуры и межнациональных отношений»",
        "Астраханский центр межнациональных отношений",
        (("город Астрахань", GO), ("Володарский район", MR), ("Красноярский район", MR)),
        Person(
            "regional.astrakhan@example.org",
            "Куанышев Ерлан Маратович",
            "Заведующий отделом межнациональных отношений",
        ),
    ),
    DemoSite(
        "25",
        "Автономная некоммерческая организация «Приморский ресурсный центр национальных отношений»",
        "Приморский ресурсный центр",
        (
            ("Владивостокский городской округ", GO),
            ("Уссурийский городской округ", GO),
            ("Находкинский городской округ", GO),
        ),
        Person(
            "regional.primorye@example.org",
            "Ли Виктория Эдуардовна",
            "Руководитель ресурсного центра",
        ),
    ),
)

FEDERAL = Person(
    "federal@example.org",
    "Соколова Ирина Викторовна",
    "Координатор программы «Ресурсная среда», Ресурсный центр в сфере национальных отношений",
)

EXPERTS: tuple[Person, ...] = (
    Person(
        "expert@example.org",
        "Абдуллаев Руслан Маратович",
        "Доктор исторических наук, член экспертной комиссии",
    ),
    Person(
        "expert2@example.org",
        "Кузнецова Ольга Николаевна",
        "Кандидат социологических наук, член экспертной комиссии",
    ),
    Person(
        "expert3@example.org",
        "Гарипова Динара Ильдаровна",
        "Эксперт по социальному проектированию, член экспертной комиссии",
    ),
)

APPLICANTS: tuple[DemoApplicant, ...] = (
    DemoApplicant(
        "16",
        "город Казань",
        "Автономная некоммерческая организация «Центр межнационального диалога «Созвездие»",
        "АНО «Созвездие»",
        Person("applicant@example.org", "Хабибуллин Тимур Рашидович", "Председатель правления"),
    ),
    DemoApplicant(
        "05",
        "город Дербент",
        "Местная общественная организация «Клуб народных ремёсел «Дербентский узор»",
        "МОО «Дербентский узор»",
        Person("applicant2@example.org", "Алиева Патимат Гаджиевна", "Руководитель клуба"),
    ),
    DemoApplicant(
        "66",
        "город Нижний Тагил",
        "Местная национально-культурная автономия «Содружество народов Тагила»",
        "МНКА «Содружество народов Тагила»",
        Person("applicant3@example.org", "Волков Дмитрий Игоревич", "Председатель совета"),
    ),
    DemoApplicant(
        "25",
        "Уссурийский городской округ",
        "Автономная некоммерческая организация «Уссурийский центр национальных культур»",
        "АНО «Уссурийский центр национальных культур»",
        Person("applicant4@example.org", "Ким Анна Сергеевна", "Директор"),
    ),
)


@dataclass
class DemoResult:
    programme: Programme
    accounts: list[tuple[str, str]] = field(default_factory=list)


def _inn(region_code: str, seq: int) -> str:
    """A legal entity's INN with a valid check digit (fictitious: tax office 99)."""
    base = f"{region_code}99{seq:05d}"
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11 % 10
    return f"{base}{check}"


def _ogrn(region_code: str, seq: int) -> str:
    base = f"110{region_code}{seq:07d}"
    return f"{base}{int(base) % 11 % 10}"


def _organisation(
    *,
    name: str,
    short_name: str,
    kind: str,
    region: Region,
    municipality: Municipality | None,
    seq: int,
) -> Organisation:
    organisation = Organisation.objects.filter(name=name).first() or Organisation(name=name)
    organisation.short_name = short_name
    organisation.kind = kind
    organisation.region = region
    organisation.municipality = municipality
    organisation.inn = _inn(region.code, seq)
    organisation.ogrn = _ogrn(region.code, seq)
    organisation.email = f"info{seq}@example.org"
    organisation.full_clean()
    organisation.save()
    return organisation


def _user(person: Person) -> User:
    user = User.objects.filter(email=person.email).first() or User(email=person.email)
    user.full_name = person.full_name
    user.position = person.position
    user.is_active = True
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
    user.set_password(DEMO_PASSWORD)
    user.full_clean()
    user.save()
    return user


def _membership(user: User, role: str, **where: object) -> None:
    Membership.objects.get_or_create(user=user, role=role, **where)
    permissions.forget_memberships(user)


def _programme(today: datetime.date) -> Programme:
    start = today - datetime.timedelta(days=DAYS_SINCE_START)
    title = roadmap_seed.PROGRAMME_TITLE_TEMPLATE.format(year=today.year)
    programme = Programme.objects.filter(title=title).first()
    if programme is None:
        programme = services.programme_create_from_seed(
            title=title, year=today.year, start=start, make_current=True
        )
    else:
        services.programme_seed_roadmap(programme=programme, start=start)
        services.programme_make_current(programme=programme)
    return programme


@transaction.atomic
def populate(*, today: datetime.date | None = None) -> DemoResult:
    """Create or refresh the demo programme, pilot sites, organisations and accounts."""
    today = today or timezone.localdate()
    programme = _programme(today)
    result = DemoResult(programme=programme)
    regions = {region.code: region for region in Region.objects.all()}

    seq = 0
    for demo_site in SITES:
        region = regions[demo_site.region_code]
        for name, kind in demo_site.municipalities:
            municipality = Municipality.objects.filter(region=region, name=name).first()
            municipality = municipality or Municipality(region=region, name=name)
            municipality.kind = kind
            municipality.full_clean()
            municipality.save()
        seq += 1
        centre = _organisation(
            name=demo_site.centre_name,
            short_name=demo_site.centre_short_name,
            kind=OrganisationKind.RESOURCE_CENTRE,
            region=region,
            municipality=None,
            seq=seq,
        )
        site = PilotSite.objects.filter(programme=programme, region=region).first()
        if site is None:
            site = services.pilot_site_create(programme=programme, region=region, centre=centre)
        elif site.centre_id != centre.pk:
            site.centre = centre
            site.full_clean()
            site.save()
        staff = _user(demo_site.staff)
        _membership(staff, Role.REGIONAL, pilot_site=site)
        result.accounts.append((staff.email, f"сотрудник центра, {region.name}"))

    federal = _user(FEDERAL)
    _membership(federal, Role.FEDERAL)
    result.accounts.insert(0, (federal.email, "федеральный координатор"))

    for person in EXPERTS:
        expert = _user(person)
        _membership(expert, Role.EXPERT)
        result.accounts.append((expert.email, "эксперт"))

    for applicant in APPLICANTS:
        region = regions[applicant.region_code]
        seq += 1
        organisation = _organisation(
            name=applicant.organisation,
            short_name=applicant.short_name,
            kind=OrganisationKind.NGO,
            region=region,
            municipality=Municipality.objects.get(region=region, name=applicant.municipality),
            seq=seq,
        )
        user = _user(applicant.person)
        _membership(user, Role.APPLICANT, organisation=organisation)
        result.accounts.append((user.email, f"заявитель, {organisation.short_name}"))

    # DESIGN §5: every demo staff account has one authenticator with the published demo secret.
    for staff_user in User.objects.filter(
        email__in=[email for email, _role in result.accounts]
    ).order_by("pk"):
        if factors.second_factor_required(staff_user):
            factors.totp_device_enrol_with_secret(
                user=staff_user, secret_base32=factors.DEMO_TOTP_SECRET
            )
    return result

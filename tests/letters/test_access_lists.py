"""What the letters lists hold for whom (letters.selectors): regional staff their region's
addressees, mailings, letters, letterheads, sites and campaign entries, federal coordinators
all of them; the filters only narrow that, and each list costs one query however it is read."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from letters import permissions as policy
from letters import selectors, services
from letters.models import AddresseeKind, Delivery, Letter, LetterKind, ReplyDecision
from resursnaya_sreda.kernel.uploads import SCANS, check_upload
from tests.events.conftest import pdf_upload
from tests.factories import MunicipalityFactory
from tests.letters.factories import administration

pytestmark = pytest.mark.django_db


def _mailing(by, letterhead, programme, people, *, kind="information", title="Рассылка"):
    return services.mailing_create(
        by=by,
        letterhead=letterhead,
        programme=programme,
        kind=kind,
        title=title,
        text=services.template_for(programme=programme, site=None, kind=kind),
        targets=[services.Target.of(person) for person in people],
    )


@pytest.fixture
def letterhead_b(site_b):
    return services.letterhead_for_site(site_b)


@pytest.fixture
def book(site_a, site_b, regional_a, regional_b):
    """Addressees of both regions: two kinds, two municipalities, one without e-mail."""
    elabuga = MunicipalityFactory(region=site_a.region, name="Елабужский район")
    kazan = MunicipalityFactory(region=site_a.region, name="Казань")
    return {
        "glava": administration(site_a, by=regional_a, name="Б Администрация", municipality=kazan),
        "gazeta": administration(
            site_a,
            by=regional_a,
            name="А Газета «Заря»",
            kind=AddresseeKind.MEDIA,
            person="Редакторова Римма",
            email="zarya@news.example",
            municipality=elabuga,
        ),
        "no_email": administration(
            site_a, by=regional_a, name="В Администрация села", email="", municipality=elabuga
        ),
        "dagestan": administration(site_b, by=regional_b, name="Управление Махачкалы"),
        "elabuga": elabuga,
    }


def _names(queryset):
    return [a.organisation for a in queryset]


def test_addressees_by_role_and_region(book, site_a, site_b, regional_a, regional_b, federal):
    own = ["Б Администрация", "В Администрация села", "А Газета «Заря»"]  # by kind, then name
    assert _names(selectors.addressees(regional_a)) == own
    assert _names(selectors.addressees(regional_b)) == ["Управление Махачкалы"]
    # Dagestan before Tatarstan: by region name first, then kind and name.
    assert _names(selectors.addressees(federal)) == ["Управление Махачкалы", *own]
    assert _names(selectors.addressees(federal, region_id=site_a.region_id)) == own
    # Asking for another region narrows nothing open: regional staff still get none of it.
    assert _names(selectors.addressees(regional_a, region_id=site_b.region_id)) == []


def test_addressee_filters_narrow_the_region(book, regional_a):
    by_kind = selectors.addressees(regional_a, kind=AddresseeKind.MEDIA)
    assert _names(by_kind) == ["А Газета «Заря»"]
    by_place = selectors.addressees(regional_a, municipality_id=book["elabuga"].pk)
    assert _names(by_place) == ["В Администрация села", "А Газета «Заря»"]
    # SQLite folds the case of Latin letters only: the queries keep the Cyrillic capitals.
    for query in ("Газета", "Редакторова", "zarya@"):
        assert _names(selectors.addressees(regional_a, query=query)) == ["А Газета «Заря»"], query
    assert _names(selectors.addressees(regional_a, without_email=True)) == ["В Администрация села"]
    assert _names(selectors.addressees(regional_a, without_email=False)) == [
        "Б Администрация",
        "А Газета «Заря»",
    ]


def test_addressees_in_the_same_region_by_kind_then_name(site_a, regional_a):
    for name, kind in [("Б", AddresseeKind.MEDIA), ("В", AddresseeKind.ADMINISTRATION)]:
        administration(site_a, by=regional_a, name=name, kind=kind)
    administration(site_a, by=regional_a, name="А", kind=AddresseeKind.ADMINISTRATION)
    twins = [administration(site_a, by=regional_a, name="Г", person=f"Глава {i}") for i in (1, 2)]
    found = list(selectors.addressees(regional_a))
    assert [a.organisation for a in found] == ["А", "В", "Г", "Г", "Б"]
    assert [a.pk for a in found[2:4]] == [twins[0].pk, twins[1].pk]


def test_an_addressee_list_is_one_query(book, regional_a, django_assert_num_queries):
    people = list(selectors.addressees(regional_a))
    with django_assert_num_queries(0):
        assert all(a.region.name and a.municipality.name for a in people)


@pytest.fixture
def post(programme, site_a, site_b, regional_a, regional_b, federal, letterhead_a, letterhead_b):
    """Site A's mailing (two e-mailed, one to print, one refused), site B's, the federal one."""
    a_people = [
        administration(site_a, by=regional_a, name=f"Адресат {i}", email=f"a{i}@city.example")
        for i in range(3)
    ] + [administration(site_a, by=regional_a, name="Без почты", email="")]
    mailing_a = _mailing(regional_a, letterhead_a, programme, a_people, title="Рассылка А")
    deliveries = Letter.objects.filter(mailing=mailing_a)
    deliveries.filter(email__in=["a0@city.example", "a1@city.example"]).update(
        delivery=Delivery.SENT
    )
    deliveries.filter(email="a2@city.example").update(delivery=Delivery.REFUSED)
    deliveries.filter(email="").update(delivery=Delivery.PRINT)
    b_people = [administration(site_b, by=regional_b, name="Адресат Б")]
    mailing_b = _mailing(regional_b, letterhead_b, programme, b_people, title="Рассылка Б")
    federal_head = services.letterhead_for_site(None)
    mailing_f = _mailing(
        federal, federal_head, programme, a_people[:1] + b_people, title="Федеральная"
    )
    return {"a": mailing_a, "b": mailing_b, "federal": mailing_f, "federal_head": federal_head}


def test_mailings_by_role(post, regional_a, regional_b, federal, expert):
    assert [m.title for m in selectors.mailings(regional_a)] == ["Рассылка А"]
    assert [m.title for m in selectors.mailings(regional_b)] == ["Рассылка Б"]
    assert [m.title for m in selectors.mailings(federal)] == [
        "Федеральная",
        "Рассылка Б",
        "Рассылка А",
    ]
    assert list(selectors.mailings_visible_to(expert)) == []
    assert [m.title for m in selectors.mailings_visible_to(regional_a)] == ["Рассылка А"]


def test_the_federal_mailing_is_the_federal_coordinators(login, post, regional_a, federal):
    federal_mailing = post["federal"]
    assert federal_mailing.region_id is None
    assert not policy.can_see_mailing(regional_a, federal_mailing)
    assert policy.can_see_mailing(federal, federal_mailing)
    url = reverse("letters:mailing-detail", args=[federal_mailing.pk])
    assert login(regional_a).get(url).status_code == 404
    assert login(federal).get(url).status_code == 200


def test_a_mailings_counts_of_sent_refused_and_to_print(post, regional_a):
    mailing = selectors.mailings(regional_a).get()
    assert (mailing.sent, mailing.refused, mailing.to_print) == (2, 1, 1)


def test_the_mailing_list_is_one_query(post, federal, django_assert_num_queries):
    mailings = list(selectors.mailings(federal))
    with django_assert_num_queries(0):
        assert all(m.letterhead.organisation and m.created_by.email for m in mailings)
        assert {m.region.name for m in mailings if m.region_id}


def _letter(mailing, letterhead, number, *, on, kind=LetterKind.INFORMATION, **fields):
    return Letter.objects.create(
        mailing=mailing,
        letterhead=letterhead,
        year=on.year,
        number=number,
        registered_on=on,
        kind=kind,
        subject=fields.pop("subject", "Тема"),
        **fields,
    )


def test_the_register_by_role(post, regional_a, regional_b, federal):
    assert {letter.mailing_id for letter in selectors.register(regional_a)} == {post["a"].pk}
    assert {letter.mailing_id for letter in selectors.register(regional_b)} == {post["b"].pk}
    assert {letter.mailing_id for letter in selectors.register(federal)} == {
        post["a"].pk,
        post["b"].pk,
        post["federal"].pk,
    }


def test_the_register_filters(programme, site_a, regional_a, letterhead_a):
    mailing = _mailing(regional_a, letterhead_a, programme, [administration(site_a, by=regional_a)])
    Letter.objects.filter(mailing=mailing).delete()
    may, june = datetime.date(2025, 5, 10), datetime.date(2026, 6, 10)
    old = _letter(mailing, letterhead_a, 7, on=may, organisation="Музей", person="Иванов")
    new = _letter(mailing, letterhead_a, 5, on=june, kind=LetterKind.THANKS, subject="Спасибо")
    other_head = services.letterhead_for_site(None)
    federal_letter = _letter(mailing, other_head, 1, on=june)

    def numbers(**filters):
        return [letter.pk for letter in selectors.register(regional_a, **filters)]

    # By sender (the federal centre's letterhead was made last), then year and number, newest first.
    assert numbers() == [federal_letter.pk, new.pk, old.pk]
    assert numbers(letterhead_id=letterhead_a.pk) == [new.pk, old.pk]
    assert numbers(year=2025) == [old.pk]
    assert numbers(kind=LetterKind.THANKS) == [new.pk]
    assert numbers(date_from=datetime.date(2026, 1, 1)) == [federal_letter.pk, new.pk]
    assert numbers(date_to=datetime.date(2025, 12, 31)) == [old.pk]
    for query in ("Музей", "Иванов"):
        assert numbers(query=query) == [old.pk], query
    assert numbers(query="Спасибо") == [new.pk]


def test_the_register_newest_number_first_per_sender(programme, site_a, regional_a, letterhead_a):
    mailing = _mailing(regional_a, letterhead_a, programme, [administration(site_a, by=regional_a)])
    Letter.objects.filter(mailing=mailing).delete()
    day = datetime.date(2026, 3, 1)
    earlier_year = _letter(mailing, letterhead_a, 9, on=datetime.date(2025, 3, 1))
    first = _letter(mailing, letterhead_a, 1, on=day)
    second = _letter(mailing, letterhead_a, 2, on=day)
    found = list(selectors.register(regional_a))
    assert [letter.pk for letter in found] == [second.pk, first.pk, earlier_year.pk]


def test_letterheads_and_sites_by_role(post, programme, site_a, site_b, regional_a, federal):
    assert selectors.letterheads_for(regional_a) == [post["a"].letterhead]
    everyone = selectors.letterheads_for(federal)
    assert set(everyone) == {post["federal_head"], post["b"].letterhead, post["a"].letterhead}
    # By region: Dagestan, then Tatarstan (the federal centre's has none: first or last by DB).
    assert [head for head in everyone if head.pilot_site_id] == [
        post["b"].letterhead,
        post["a"].letterhead,
    ]
    assert selectors.sites_for(regional_a, programme) == [site_a]
    assert selectors.sites_for(federal, programme) == [site_b, site_a]


def test_the_letterheads_are_one_query(post, federal, django_assert_num_queries):
    heads = selectors.letterheads_for(federal)
    with django_assert_num_queries(0):
        assert [h.pilot_site.region.name for h in heads if h.pilot_site_id]


def test_the_site_lists_are_one_query(
    programme, site_a, site_b, federal, django_assert_num_queries
):
    sites = selectors.sites_for(federal, programme)
    with django_assert_num_queries(0):
        assert all(site.region.name and site.centre.name for site in sites)


@pytest.fixture
def entries(site_a, site_b, regional_a, regional_b, programme):
    from resursnaya_sreda.kernel.services import programme_seed_roadmap

    programme_seed_roadmap(programme=programme, start=datetime.date(2026, 1, 12))
    step = programme.steps.first()

    def entry(site, by, title, platform, day):
        return services.campaign_entry_create(
            by=by,
            site=site,
            data={
                "platform": platform,
                "outlet": "Площадка",
                "title": title,
                "url": "https://news.example/1",
                "published_on": day,
                "step": step,
            },
        )

    # Entered out of order: the oldest publication last.
    return [
        entry(site_a, regional_a, "Новая", "social", datetime.date(2026, 5, 1)),
        entry(site_a, regional_a, "Тоже новая", "social", datetime.date(2026, 5, 1)),
        entry(site_b, regional_b, "Дагестанская", "media", datetime.date(2026, 5, 2)),
        entry(site_a, regional_a, "Старая", "media", datetime.date(2026, 4, 1)),
    ]


def _titles(queryset):
    return [entry.title for entry in queryset]


def test_campaign_entries_by_role_and_filter(entries, site_a, site_b, regional_a, federal):
    assert _titles(selectors.campaign_entries(regional_a)) == ["Тоже новая", "Новая", "Старая"]
    assert _titles(selectors.campaign_entries(federal)) == [
        "Дагестанская",
        "Тоже новая",
        "Новая",
        "Старая",
    ]
    assert _titles(selectors.campaign_entries(federal, site_id=site_b.pk)) == ["Дагестанская"]
    assert _titles(selectors.campaign_entries(regional_a, site_id=site_b.pk)) == []
    assert _titles(selectors.campaign_entries(regional_a, platform="media")) == ["Старая"]


def test_the_campaign_log_is_one_query(entries, federal, django_assert_num_queries):
    found = list(selectors.campaign_entries(federal))
    with django_assert_num_queries(0):
        assert all(e.pilot_site.region.name and e.step is not None for e in found)


def test_an_events_letters_and_replies(
    programme, site_a, regional_a, letterhead_a, make_event, django_assert_num_queries
):
    from resursnaya_sreda.kernel.correspondence import event_source

    seminar, other = make_event(days=30), make_event(days=40)
    people = [administration(site_a, by=regional_a, name=f"Администрация {i}") for i in (1, 2)]
    mailing = services.mailing_create(
        by=regional_a,
        letterhead=letterhead_a,
        programme=programme,
        kind="seminar",
        title="Письмо о семинаре",
        text=services.template_for(programme=programme, site=site_a, kind="seminar"),
        targets=[services.Target.of(person) for person in people],
        facts=event_source().facts(seminar.pk),
    )
    letters = list(mailing.letters.order_by("number"))
    invitation = _letter(
        mailing, letterhead_a, 999, on=letters[0].registered_on, kind=LetterKind.INVITATION
    )
    Letter.objects.filter(pk=invitation.pk).update(event_id=seminar.pk)
    assert [x.pk for x in selectors.seminar_letters(seminar.pk)] == [x.pk for x in letters]
    assert [x.pk for x in selectors.event_letters(seminar.pk)] == [
        *(x.pk for x in letters),
        invitation.pk,
    ]
    assert selectors.event_letters(other.pk) == []
    replies = [
        services.reply_record(
            by=regional_a,
            letter=letter,
            decision=ReplyDecision.SUPPORT,
            received_on=letter.registered_on + datetime.timedelta(days=days),
            upload=check_upload(pdf_upload(), kinds=SCANS),
        )
        for letter, days in zip(letters, (2, 1), strict=True)
    ]
    same_day = services.reply_record(
        by=regional_a,
        letter=letters[1],
        decision=ReplyDecision.SUPPORT,
        received_on=replies[1].received_on,
        upload=check_upload(pdf_upload(), kinds=SCANS),
    )
    with django_assert_num_queries(1):
        found = selectors.event_replies(seminar.pk)
        assert all(r.letter.letterhead.organisation and r.recorded_by.email for r in found)
    # The latest answer first; of one day's, the one recorded last.
    assert [r.pk for r in found] == [replies[0].pk, same_day.pk, replies[1].pk]
    assert selectors.event_replies(other.pk) == []


def test_mailings_newest_first_and_by_id_within_the_same_moment(post, federal):
    from letters.models import Mailing

    moment = post["a"].created_at
    Mailing.objects.update(created_at=moment)
    assert [m.title for m in selectors.mailings(federal)] == [
        "Федеральная",
        "Рассылка Б",
        "Рассылка А",
    ]
    Mailing.objects.filter(pk=post["a"].pk).update(created_at=moment + datetime.timedelta(hours=1))
    assert [m.title for m in selectors.mailings(federal)][0] == "Рассылка А"


def test_the_register_and_an_events_letters_are_one_query(
    post, federal, make_event, django_assert_num_queries
):
    seminar = make_event(days=30)
    Letter.objects.filter(mailing=post["a"]).update(event_id=seminar.pk)
    roles_read = list(selectors.register(federal)[:1])  # the roles are read once per request
    assert roles_read
    with django_assert_num_queries(1):
        assert all(letter.letterhead.organisation for letter in selectors.register(federal))
    with django_assert_num_queries(1):
        found = selectors.event_letters(seminar.pk)
        assert len(found) == 4
        assert all(letter.letterhead.organisation and letter.mailing.title for letter in found)

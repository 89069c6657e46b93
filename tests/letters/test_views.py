"""The letters pages: what they show, bad input, query counts (who sees what: test_access_pages)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from letters import services
from letters.models import Addressee, CampaignEntry, Letter, LetterTemplate
from tests.factories import MunicipalityFactory
from tests.letters.factories import administration, bulk_addressees

pytestmark = pytest.mark.django_db


def test_reading_the_addressees_is_recorded(login, site_a, regional_a):
    from resursnaya_sreda.kernel.models import PersonalDataAccess

    administration(site_a, by=regional_a)
    login(regional_a).get(reverse("letters:addressee-list"))
    assert PersonalDataAccess.objects.filter(what__contains="Адресаты").exists()


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("adresaty.xlsx", buffer.getvalue())


HEADER = [
    "Вид",
    "Организация",
    "Муниципальное образование",
    "Глава",
    "Должность",
    "E-mail",
    "Основание",
]


def test_import_reports_broken_and_duplicate_rows_and_writes_nothing(login, site_a, regional_a):
    MunicipalityFactory(region=site_a.region, name="Елабужский район")
    upload = _xlsx(
        [
            HEADER,
            [
                "Администрация",
                "Администрация Елабужского района",
                "Елабужский район",
                "Иванов И. И.",
                "Глава",
                "ela@example.org",
                "Общедоступные сведения",
            ],
            [
                "Администрация",
                "Администрация Елабужского района",
                "Елабужский район",
                "Иванов И. И.",
                "Глава",
                "ela@example.org",
                "Общедоступные сведения",
            ],
            ["СМИ", "", "", "", "", "not-an-email", "согласие"],
            ["Администрация", "Администрация Атлантиды", "Атлантида", "", "", "", "по дружбе"],
        ]
    )
    response = login(regional_a).post(reverse("letters:addressee-import"), {"file": upload})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Строка 3: повторяет строку 2." in text
    assert "Строка 4: не указана организация; неверный e-mail «not-an-email»." in text
    assert "муниципальное образование «Атлантида» не найдено" in text
    assert "неизвестное основание «по дружбе»" in text
    assert Addressee.objects.count() == 0


def test_import_adds_new_addressees_and_refreshes_known_ones(login, site_a, regional_a):
    MunicipalityFactory(region=site_a.region, name="Елабужский район")
    administration(
        site_a,
        by=regional_a,
        name="Администрация Елабужского района",
        person="Иванов И. И.",
        email="old@example.org",
    )
    upload = _xlsx(
        [
            HEADER,
            [
                "Администрация",
                "Администрация Елабужского района",
                "Елабужский район",
                "Иванов И. И.",
                "Глава",
                "new@example.org",
                "Общедоступные сведения",
            ],
            [
                "Партнёр",
                "Дом дружбы народов",
                "",
                "Петрова А. А.",
                "Директор",
                "dom@example.org",
                "Соглашение",
            ],
        ]
    )
    response = login(regional_a).post(reverse("letters:addressee-import"), {"file": upload})
    assert response.status_code == 302
    assert Addressee.objects.count() == 2
    assert (
        Addressee.objects.get(organisation="Администрация Елабужского района").email
        == "new@example.org"
    )


def test_a_duplicate_addressee_is_refused_beside_the_field(login, site_a, regional_a):
    administration(site_a, by=regional_a, name="Администрация Казани")
    response = login(regional_a).post(
        reverse("letters:addressee-create"),
        {
            "kind": "administration",
            "organisation": "администрация  казани",
            "person": "Петров Пётр Петрович",
            "basis": "public_source",
            "email": "x@example.org",
        },
    )
    assert response.status_code == 400
    assert (
        "Такой адресат (организация и контактное лицо) в регионе уже есть."
        in response.content.decode()
    )
    assert 'value="x@example.org"' in response.content.decode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{% load static %}", "теги шаблонизатора"),
        ("{{ settings.SECRET_KEY }}", "не разрешено"),
        ("{{ адресат.__class__ }}", "не разрешено"),
    ],
)
def test_the_template_editor_refuses_hostile_templates_and_keeps_the_text(
    login, programme, site_a, regional_a, body, message
):
    response = login(regional_a).post(
        reverse("letters:template-edit", args=["seminar"]),
        {"subject": "Тема", "body": body, "cover_text": "", "save": "1"},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert message in text
    assert LetterTemplate.objects.count() == 0


def test_the_template_editor_previews_for_a_real_addressee(login, programme, site_a, regional_a):
    addressee = administration(site_a, by=regional_a, name="Администрация Чистополя")
    response = login(regional_a).post(
        reverse("letters:template-edit", args=["information"]),
        {
            "subject": "Письмо",
            "body": "Уважаемый {{ адресат }}! {{ организация }}, {{ дата }}",
            "cover_text": "",
            "addressee": addressee.pk,
            "preview": "1",
        },
    )
    text = response.content.decode()
    assert "Уважаемый Петров Пётр Петрович! Администрация Чистополя," in text
    assert "Нет значений для полей:" in text and "дата" in text


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/x"])
def test_the_campaign_log_refuses_links_that_are_not_web_pages(login, site_a, regional_a, url):
    response = login(regional_a).post(
        reverse("letters:campaign-create") + f"?site={site_a.pk}",
        {
            "platform": "social",
            "outlet": "ВКонтакте",
            "title": "Пост о семинаре",
            "url": url,
            "published_on": "2026-05-01",
        },
    )
    assert response.status_code == 400
    assert CampaignEntry.objects.count() == 0
    assert "Пост о семинаре" in response.content.decode()


def test_the_campaign_log_lists_entries_per_site(login, site_a, regional_a):
    response = login(regional_a).post(
        reverse("letters:campaign-create") + f"?site={site_a.pk}",
        {
            "platform": "media",
            "outlet": "Газета «Заря»",
            "title": "Семинар в Елабуге",
            "url": "https://zarya.example/news/1",
            "published_on": "2026-05-01",
            "reach": "1200",
        },
    )
    assert response.status_code == 302
    page = login(regional_a).get(reverse("letters:campaign-list")).content.decode()
    assert "Семинар в Елабуге" in page and 'href="https://zarya.example/news/1"' in page


def _letters(letterhead, mailing, n, start):
    Letter.objects.bulk_create(
        Letter(
            mailing=mailing,
            letterhead=letterhead,
            year=2026,
            number=start + i,
            registered_on="2026-05-01",
            kind="information",
            organisation=f"Организация {i}",
            subject="Тема",
        )
        for i in range(n)
    )


@pytest.mark.parametrize("path", ["letters:register", "letters:mailing-list"])
def test_lists_cost_the_same_queries_at_two_sizes(
    login, programme, site_a, regional_a, letterhead_a, django_assert_num_queries, path
):
    people = bulk_addressees(site_a, 1)
    mailing = services.mailing_create(
        by=regional_a,
        letterhead=letterhead_a,
        programme=programme,
        kind="information",
        title="Рассылка",
        text=services.template_for(programme=programme, site=None, kind="information"),
        targets=[services.Target.of(people[0])],
    )
    client = login(regional_a)
    client.get(reverse(path))  # warm the session and the caches
    _letters(letterhead_a, mailing, 3, 100)
    with django_assert_num_queries(_count(client, path)) as small:
        client.get(reverse(path))
    _letters(letterhead_a, mailing, 120, 1000)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse(path))


def _count(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse(path))
    return len(ctx.captured_queries)


def test_the_mailing_list_counts_each_mailings_letters_by_delivery(
    login, programme, site_a, regional_a, letterhead_a
):
    from letters.models import Delivery, Letter

    people = bulk_addressees(site_a, 1)
    mailing = services.mailing_create(
        by=regional_a,
        letterhead=letterhead_a,
        programme=programme,
        kind="information",
        title="Рассылка о семинаре",
        text=services.template_for(programme=programme, site=None, kind="information"),
        targets=[services.Target.of(people[0])],
    )
    _letters(letterhead_a, mailing, 3, 100)  # 3 more, pending
    numbers = list(Letter.objects.filter(mailing=mailing).values_list("pk", flat=True))
    Letter.objects.filter(pk__in=numbers[:2]).update(delivery=Delivery.SENT)
    Letter.objects.filter(pk__in=numbers[2:3]).update(delivery=Delivery.REFUSED)
    page = login(regional_a).get(reverse("letters:mailing-list")).content.decode()
    row = page[page.index("Рассылка о семинаре") :]
    row = row[: row.index("</tr>")]
    assert "2 / 1 / 0" in row

"""News in the admin (federal only), the demo news and the cabinet section."""

from __future__ import annotations

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from resursnaya_sreda.public import demo
from resursnaya_sreda.public.models import NewsItem
from tests.factories import MembershipFactory, PilotSiteFactory, UserFactory, region
from tests.kernel import files

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/public/newsitem/"


def test_a_federal_coordinator_sees_news_in_the_admin(login, federal, make_news):
    make_news(title="Новость в админке")
    response = login(federal).get(CHANGELIST)
    assert response.status_code == 200
    assert "Новость в админке" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("expert", 403), ("regional_a", 302), ("applicant", 302)]
)
def test_other_roles_do_not_get_news_in_the_admin(request, login, make_news, role, status):
    """Experts work in the admin (their tasks) but not on news; others are sent to its login."""
    make_news(title="Новость в админке")
    user = request.getfixturevalue(role)
    response = login(user).get(CHANGELIST)
    assert response.status_code == status
    assert "Новость в админке" not in response.content.decode()
    if status == 302:
        assert response["Location"].startswith("/admin/login/")


def test_a_cover_added_in_the_admin_is_checked_and_gets_a_thumbnail(login, federal, programme):
    data = {
        "programme": programme.pk,
        "pilot_site": "",
        "kind": "news",
        "title": "Из админки",
        "slug": "iz-adminki",
        "lead": "",
        "body": "Текст",
        "is_published": "on",
    }
    client = login(federal)
    bad = client.post(
        reverse("admin:public_newsitem_add"), {**data, "cover": files.upload("a.jpg", files.HTML)}
    )
    assert bad.status_code == 200
    assert "Файл не похож на изображение" in bad.content.decode()
    good = client.post(
        reverse("admin:public_newsitem_add"), {**data, "cover": files.upload("a.jpg", files.jpeg())}
    )
    assert good.status_code == 302
    item = NewsItem.objects.get()
    assert item.published_at is not None
    assert item.author == federal
    assert storages["default"].exists(item.cover_thumbnail.name)


# --- Demo ---------------------------------------------------------------------------------
def test_demo_populate_creates_published_news_with_covers_once(programme):
    author = UserFactory(email="federal@example.org")
    PilotSiteFactory(programme=programme, region=region("16"))
    PilotSiteFactory(programme=programme, region=region("05"))
    demo.populate(programme)
    items = list(NewsItem.objects.all())
    assert 4 <= len(items) <= 6
    assert all(item.is_published and item.cover and item.cover_thumbnail for item in items)
    assert all(item.author == author for item in items)
    assert any(item.pilot_site is not None for item in items)
    assert len({item.published_at.date() for item in items}) == len(items)
    demo.populate(programme)
    assert NewsItem.objects.count() == len(items)


def test_demo_populate_works_without_the_federal_account_or_sites(programme):
    demo.populate(programme)
    assert NewsItem.objects.exists()
    assert not NewsItem.objects.filter(author__isnull=False).exists()


def test_demo_covers_are_real_images():
    data = demo.cover_image(
        "Заголовок новости для обложки", "Новость", ("#1d4e89", "#3f8fd2"), seed=1
    )
    assert data.startswith(b"\x89PNG")


# --- Cabinet ------------------------------------------------------------------------------
def test_staff_get_a_news_section_in_the_cabinet_with_their_draft_count(
    regional_a, make_news, site_a
):
    from resursnaya_sreda.accounts import cabinet

    make_news(pilot_site=site_a, is_published=False, published_at=None)
    sections = {section.key: section for section in cabinet.sections_for(regional_a)}
    section = sections["public-news"]
    assert [link.url for link in section.links] == [
        reverse("public:news-create"),
        reverse("public:news-manage"),
    ]
    assert section.links[1].badge == "1"


def test_applicants_get_no_news_section(applicant):
    from resursnaya_sreda.accounts import cabinet

    assert "public-news" not in {section.key for section in cabinet.sections_for(applicant)}


def test_a_regional_user_of_two_sites_chooses_between_them(login, programme, site_a, site_b):
    user = UserFactory()
    MembershipFactory(user=user, role="regional", pilot_site=site_a)
    MembershipFactory(user=user, role="regional", pilot_site=site_b)
    html = login(user).get("/news/new/").content.decode()
    assert "Республика Татарстан" in html and "Республика Дагестан" in html

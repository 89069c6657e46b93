"""News: the public list and pages, drafts, and who may write, edit and publish."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from resursnaya_sreda.public import services
from resursnaya_sreda.public.models import NewsItem, NewsKind
from tests.kernel import files

pytestmark = pytest.mark.django_db

LIST = "/news/"
CREATE = "/news/new/"


def detail(item) -> str:
    return reverse("public:news-detail", kwargs={"slug": item.slug})


def edit(item) -> str:
    return reverse("public:news-edit", kwargs={"pk": item.pk})


# --- Public list --------------------------------------------------------------------------
@pytest.mark.smoke
def test_the_news_list_opens_empty(client, db):
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Здесь пока нет публикаций." in response.content.decode()


def test_the_list_shows_published_items_newest_first_and_hides_drafts(client, make_news):
    now = timezone.now()
    make_news(title="Старая новость", published_at=now - datetime.timedelta(days=5))
    make_news(title="Свежая новость", published_at=now)
    make_news(title="Черновик", is_published=False, published_at=None)
    html = client.get(LIST).content.decode()
    assert html.index("Свежая новость") < html.index("Старая новость")
    assert "Черновик" not in html


def test_the_list_filters_by_kind(client, make_news):
    make_news(title="Обычная новость", kind=NewsKind.NEWS)
    make_news(title="Анонс семинара", kind=NewsKind.ANNOUNCEMENT)
    html = client.get(LIST, {"kind": "announcement"}).content.decode()
    assert "Анонс семинара" in html
    assert "Обычная новость" not in html
    assert "Обычная новость" in client.get(LIST, {"kind": "news"}).content.decode()
    # An unknown kind shows everything rather than an error.
    unknown = client.get(LIST, {"kind": "<script>"})
    assert unknown.status_code == 200
    assert "Анонс семинара" in unknown.content.decode()


def test_the_list_is_paginated_by_nine(client, make_news):
    now = timezone.now()
    for number in range(11):
        make_news(
            title=f"Публикация {number:02d}", published_at=now - datetime.timedelta(hours=number)
        )
    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()
    assert "Публикация 00" in first and "Публикация 08" in first
    assert "Публикация 09" not in first
    assert "Публикация 09" in second and "Публикация 10" in second
    assert "Публикация 00" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second


@pytest.mark.parametrize("count", [2, 12])
def test_the_list_query_count_does_not_grow_with_items(
    client, make_news, site_a, count, django_assert_num_queries
):
    for number in range(count):
        make_news(pilot_site=site_a if number % 2 else None)
    # The count for the paginator and the page itself (with pilot sites and regions).
    with django_assert_num_queries(2):
        response = client.get(LIST)
    assert response.status_code == 200


def test_a_card_shows_the_kind_date_and_region(client, make_news, site_a):
    item = make_news(title="Семинар в Казани", pilot_site=site_a, kind=NewsKind.ANNOUNCEMENT)
    html = client.get(LIST).content.decode()
    assert "Анонс" in html
    assert (
        item.published_at.astimezone(timezone.get_current_timezone()).strftime("%d.%m.%Y") in html
    )
    assert "Республика Татарстан" in html


# --- Public page --------------------------------------------------------------------------
def test_a_published_item_is_readable_by_slug(client, make_news):
    item = make_news(title="Итоги семинара", body="Первый абзац.\n\nВторой абзац.\nС переносом.")
    html = client.get(detail(item)).content.decode()
    assert "Итоги семинара" in html
    assert "<p>Первый абзац.</p>" in html
    assert "<p>Второй абзац.<br>С переносом.</p>" in html


def test_the_body_is_plain_text_and_escaped(client, make_news):
    item = make_news(body='<script>alert("x")</script>\n\n<b>жирный</b>', title="<i>Заголовок</i>")
    html = client.get(detail(item)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<b>жирный</b>" not in html
    assert "<i>Заголовок</i>" not in html


def test_a_draft_is_404_for_the_public(client, make_news):
    item = make_news(is_published=False, published_at=None)
    assert client.get(detail(item)).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("applicant", 404),
        ("expert", 404),
        ("regional_b", 404),
        ("regional_a", 200),
        ("federal", 200),
    ],
)
def test_a_draft_is_previewed_only_by_its_editors(request, login, make_news, site_a, role, status):
    item = make_news(is_published=False, published_at=None, pilot_site=site_a)
    user = request.getfixturevalue(role)
    response = login(user).get(detail(item))
    assert response.status_code == status
    if status == 200:
        assert "Черновик: посетители сайта его не видят." in response.content.decode()


def test_an_unknown_slug_is_404(client, db):
    assert client.get("/news/net-takoi-novosti/").status_code == 404


# --- Who may write ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "status"),
    [("applicant", 403), ("expert", 403), ("regional_a", 200), ("federal", 200)],
)
def test_create_page_permissions(request, login, programme, role, status):
    user = request.getfixturevalue(role)
    assert login(user).get(CREATE).status_code == status
    assert login(user).get("/news/manage/").status_code == status


def test_an_anonymous_visitor_is_sent_to_log_in_to_write(client, programme):
    for url in (CREATE, "/news/manage/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_non_staff_post_to_create_is_refused_and_writes_nothing(login, applicant, programme):
    response = login(applicant).post(CREATE, {"kind": "news", "title": "Т", "body": "Т"})
    assert response.status_code == 403
    assert not NewsItem.objects.exists()


EDIT_MATRIX = [
    # (role, item owner: "a" = site A, "b" = site B, "federal" = no site, published?, status)
    ("anonymous", "a", True, 302),
    ("applicant", "a", True, 403),
    ("applicant", "a", False, 404),
    ("expert", "a", True, 403),
    ("expert", "a", False, 404),
    ("regional_a", "a", True, 200),
    ("regional_a", "a", False, 200),
    ("regional_a", "b", True, 404),
    ("regional_a", "b", False, 404),
    ("regional_a", "federal", True, 404),
    ("regional_b", "a", True, 404),
    ("federal", "a", True, 200),
    ("federal", "b", False, 200),
    ("federal", "federal", True, 200),
]


@pytest.mark.parametrize(("role", "owner", "published", "status"), EDIT_MATRIX)
def test_edit_page_permissions(
    request, login, make_news, site_a, site_b, role, owner, published, status
):
    site = {"a": site_a, "b": site_b, "federal": None}[owner]
    item = make_news(
        pilot_site=site,
        is_published=published,
        published_at=timezone.now() if published else None,
    )
    user = request.getfixturevalue(role)
    assert login(user).get(edit(item)).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("applicant", 403),
        ("regional_b", 404),
        ("regional_a", 302),
        ("federal", 302),
    ],
)
def test_unpublish_permissions(request, login, make_news, site_a, role, status):
    item = make_news(pilot_site=site_a)
    user = request.getfixturevalue(role)
    response = login(user).post(reverse("public:news-unpublish", args=[item.pk]))
    assert response.status_code == status
    item.refresh_from_db()
    allowed = role in ("regional_a", "federal")
    assert item.is_published is not allowed


@pytest.mark.parametrize(
    ("role", "status"),
    [("applicant", 404), ("regional_b", 404), ("regional_a", 302), ("federal", 302)],
)
def test_publish_permissions(request, login, make_news, site_a, role, status):
    item = make_news(pilot_site=site_a, is_published=False, published_at=None)
    user = request.getfixturevalue(role)
    assert login(user).post(reverse("public:news-publish", args=[item.pk])).status_code == status
    item.refresh_from_db()
    assert item.is_published is (status == 302)


def test_publishing_is_only_by_post(login, federal, make_news):
    item = make_news(is_published=False, published_at=None)
    assert login(federal).get(reverse("public:news-publish", args=[item.pk])).status_code == 405


# --- Writing ------------------------------------------------------------------------------
def news_data(**overrides):
    data = {
        "kind": "news",
        "title": "Семинар в Казани собрал 40 участников",
        "lead": "Лидеры этнокультурных объединений обсудили практики.",
        "body": "Первый абзац.\n\nВторой абзац.",
    }
    data.update(overrides)
    return data


def test_regional_staff_write_a_draft_for_their_own_site(login, regional_a, site_a):
    response = login(regional_a).post(CREATE, news_data(pilot_site=site_a.pk))
    item = NewsItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(item)
    assert item.pilot_site == site_a
    assert item.author == regional_a
    assert item.is_published is False
    assert item.slug == "seminar-v-kazani-sobral-40-uchastnikov"


def test_publish_button_publishes_at_once(login, regional_a, site_a, client):
    login(regional_a).post(CREATE, {**news_data(pilot_site=site_a.pk), "publish": "1"})
    item = NewsItem.objects.get()
    assert item.is_published and item.published_at is not None
    client.logout()
    assert client.get(detail(item)).status_code == 200


def test_regional_staff_may_not_write_for_another_site(login, regional_a, site_a, site_b):
    response = login(regional_a).post(CREATE, news_data(pilot_site=site_b.pk))
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not NewsItem.objects.exists()


def test_federal_staff_write_federal_news_without_a_site(login, federal, programme):
    login(federal).post(CREATE, news_data())
    assert NewsItem.objects.get().pilot_site is None


def test_same_titles_get_distinct_slugs(login, federal, programme):
    client = login(federal)
    client.post(CREATE, news_data(title="Новости"))
    client.post(CREATE, news_data(title="Новости"))
    assert sorted(NewsItem.objects.values_list("slug", flat=True)) == ["novosti", "novosti-2"]


def test_a_slug_never_takes_a_reserved_path(programme):
    assert services.news_slug("New") == "new-2"
    assert services.news_slug("Manage") == "manage-2"
    assert services.news_slug("!!!") == "novost"


def test_a_cover_is_re_encoded_and_gets_a_thumbnail_shown_in_the_list(
    login, federal, programme, client
):
    upload = files.upload("IMG_0042.jpg", files.jpeg((1600, 900), gps=True), "image/jpeg")
    login(federal).post(CREATE, {**news_data(), "cover": upload, "publish": "1"})
    item = NewsItem.objects.get()
    assert item.cover.name.startswith("news/covers/")
    assert item.cover_thumbnail.name.startswith("news/thumbnails/")
    assert b"Exif" not in storages["default"].open(item.cover.name).read()
    client.logout()
    html = client.get(LIST).content.decode()
    assert item.cover_thumbnail.url in html
    assert item.cover.url in client.get(detail(item)).content.decode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "photo.jpg",
            files.HTML,
            "Файл не похож на изображение JPEG/PNG/WebP: по содержимому это HTML-страница.",
        ),
        (
            "logo.png",
            files.SVG_WITH_SCRIPT,
            "Файл не похож на изображение JPEG/PNG/WebP: по содержимому это рисунок SVG",
        ),
        ("poster.jpg", files.EPS, "по содержимому это файл PostScript/EPS"),
        ("empty.jpg", b"", "Файл пустой (0 байт)."),
        ("bomb.png", files.bomb_png(12000), "Изображение слишком большое по числу точек"),
    ],
)
def test_a_bad_cover_is_refused_in_russian_and_the_typed_text_stays(
    login, regional_a, site_a, name, data, message
):
    upload = files.upload(name, data, "image/jpeg")
    response = login(regional_a).post(CREATE, {**news_data(pilot_site=site_a.pk), "cover": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert message.replace('"', "&quot;") in html
    assert 'value="Семинар в Казани собрал 40 участников"' in html
    assert "Лидеры этнокультурных объединений обсудили практики." in html
    assert "Первый абзац." in html
    assert not NewsItem.objects.exists()


def test_a_truncated_cover_is_refused(login, federal, programme):
    data = files.noisy_jpeg()
    upload = files.upload("cut.jpg", data[: len(data) // 2])
    html = login(federal).post(CREATE, {**news_data(), "cover": upload}).content.decode()
    assert "Изображение повреждено или загружено не полностью" in html


def test_an_oversized_cover_is_refused_by_size(login, federal, programme):
    upload = files.upload("huge.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (11 * 1024 * 1024))
    html = login(federal).post(CREATE, {**news_data(), "cover": upload}).content.decode()
    assert "Файл слишком большой: 11 МБ, допускается не более 10 МБ." in html


def test_editing_keeps_the_slug_and_the_cover_when_no_new_file(login, federal, programme):
    client = login(federal)
    client.post(CREATE, {**news_data(), "cover": files.upload("c.jpg", files.jpeg())})
    item = NewsItem.objects.get()
    cover, slug = item.cover.name, item.slug
    response = client.post(edit(item), news_data(title="Заголовок исправлен"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Заголовок исправлен"
    assert item.slug == slug
    assert item.cover.name == cover


def test_a_new_cover_replaces_the_old_files_after_commit(
    login, federal, programme, django_capture_on_commit_callbacks
):
    client = login(federal)
    client.post(CREATE, {**news_data(), "cover": files.upload("c.jpg", files.jpeg())})
    item = NewsItem.objects.get()
    old = [item.cover.name, item.cover_thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit(item), {**news_data(), "cover": files.upload("d.png", files.png())})
    item.refresh_from_db()
    assert item.cover.name.endswith(".png")
    assert item.cover.name not in old
    assert all(not storages["default"].exists(name) for name in old)
    assert storages["default"].exists(item.cover.name)


def test_clearing_the_cover_removes_it(
    login, federal, programme, django_capture_on_commit_callbacks
):
    client = login(federal)
    client.post(CREATE, {**news_data(), "cover": files.upload("c.jpg", files.jpeg())})
    item = NewsItem.objects.get()
    old = item.cover.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit(item), {**news_data(), "cover-clear": "on"})
    item.refresh_from_db()
    assert not item.cover and not item.cover_thumbnail
    assert not storages["default"].exists(old)


def test_a_bad_new_cover_on_edit_keeps_the_old_one(login, federal, programme):
    client = login(federal)
    client.post(CREATE, {**news_data(), "cover": files.upload("c.jpg", files.jpeg())})
    item = NewsItem.objects.get()
    old = item.cover.name
    response = client.post(
        edit(item), {**news_data(title="Новый"), "cover": files.upload("x.jpg", files.HTML)}
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.cover.name == old and item.title != "Новый"
    assert Path(storages["default"].path(old)).is_file()


def test_unpublishing_hides_the_item_and_republishing_keeps_its_date(
    login, federal, make_news, client
):
    item = make_news(published_at=timezone.now() - datetime.timedelta(days=3))
    first_date = item.published_at
    staff = login(federal)
    staff.post(reverse("public:news-unpublish", args=[item.pk]))
    item.refresh_from_db()
    assert not item.is_published
    staff.post(reverse("public:news-publish", args=[item.pk]))
    item.refresh_from_db()
    assert item.is_published and item.published_at == first_date


def test_the_manage_page_lists_only_editable_items_with_drafts(
    login, regional_a, make_news, site_a, site_b
):
    make_news(title="Черновик площадки А", pilot_site=site_a, is_published=False, published_at=None)
    make_news(title="Новость площадки Б", pilot_site=site_b)
    make_news(title="Федеральная новость")
    html = login(regional_a).get("/news/manage/").content.decode()
    assert "Черновик площадки А" in html
    assert "Новость площадки Б" not in html
    assert "Федеральная новость" not in html

"""The public site in a real browser: landing on desktop and phone, a news item with a cover."""

from __future__ import annotations

import pytest
from django.utils import timezone

from resursnaya_sreda.kernel.models import Programme
from resursnaya_sreda.public import demo
from resursnaya_sreda.public.models import NewsItem
from tests.kernel import files

# serialized_rollback: the flush after a transactional test would drop the shipped regions.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.browser,
]

TEXTS = {
    "summary": (
        "Программа поддержки и тиражирования лучших муниципальных практик в сфере "
        "межнациональных отношений в десяти пилотных регионах."
    ),
    "goals": "Выявить лучшие муниципальные практики и помочь им распространиться по стране.",
    "tasks": (
        "Провести информационную кампанию и собрать анкеты\n"
        "Провести 20 однодневных семинаров\n"
        "Снять 10 видеосюжетов о лучших практиках\n"
        "Провести 10 региональных круглых столов"
    ),
    "conditions": (
        "Участвуют некоммерческие организации и муниципальные учреждения пилотных регионов.\n\n"
        "Анкета заполняется на портале; её оценивает экспертная комиссия."
    ),
    "contacts": "АНО «Ресурсный центр в сфере национальных отношений»\ninfo@example.org",
}


@pytest.fixture
def public_site(settings, programme, roadmap, site_a, site_b):
    Programme.objects.filter(pk=programme.pk).update(**TEXTS)
    demo.populate(programme)
    return programme


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_landing_on_a_desktop_and_a_phone(page, screenshot, public_site):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Ресурсная среда — тест"
    assert page.locator("#step-3 [data-state=current]").inner_text() == "идёт сейчас"
    assert page.locator("#step-1 [data-state=done]").inner_text() == "завершён"
    assert page.locator("#step-7 [data-state=ahead]").inner_text() == "впереди"
    tasks = page.locator("#step-3-tasks")
    assert not tasks.is_visible()
    page.locator("#step-3 button[data-bs-toggle=collapse]").click()
    tasks.wait_for(state="visible")
    assert "Задача 3.1 шага" in tasks.inner_text()
    # Every news card's cover has really loaded.
    covers = page.locator("#news img.news-cover")
    assert covers.count() == 3
    for index in range(covers.count()):
        covers.nth(index).scroll_into_view_if_needed()
        assert covers.nth(index).evaluate("img => img.complete && img.naturalWidth > 0")
    assert no_horizontal_scroll(page)
    screenshot(page, "desktop")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    assert no_horizontal_scroll(page)
    assert page.locator("#steps").is_visible()
    # Covers load lazily: scroll to each so the full-page screenshot shows them.
    for index in range(covers.count()):
        covers.nth(index).scroll_into_view_if_needed()
        covers.nth(index).evaluate("img => img.decode()")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "phone")
    screenshot(page, "phone-top", full_page=False)


def test_regional_staff_publish_news_with_a_cover_that_the_public_sees(
    browser, live_server, page, browser_login, screenshot, regional_a, public_site, tmp_path
):
    browser_login(regional_a)
    page.goto("/news/new/")
    page.fill("input[name=title]", "Семинар в Казани собрал 40 участников")
    page.fill("textarea[name=lead]", "Лидеры этнокультурных объединений обсудили лучшие практики.")
    page.fill("textarea[name=body]", "Первый абзац о семинаре.\n\nВторой абзац: итоги и планы.")

    bad = tmp_path / "photo.jpg"
    bad.write_bytes(files.HTML)
    page.set_input_files("input[name=cover]", str(bad))
    page.click("button[name=publish]")
    error = page.locator(".invalid-feedback, .text-danger").first
    error.wait_for()
    assert "Файл не похож на изображение JPEG/PNG/WebP" in page.content()
    assert page.input_value("input[name=title]") == "Семинар в Казани собрал 40 участников"
    screenshot(page, "bad-cover")

    cover = tmp_path / "IMG_2041.jpg"
    cover.write_bytes(files.jpeg((1600, 900), gps=True))
    page.set_input_files("input[name=cover]", str(cover))
    page.click("button[name=publish]")
    page.wait_for_url("**/news/seminar-v-kazani-sobral-40-uchastnikov/")
    assert "Новость опубликована." in page.content()
    screenshot(page, "published")

    item = NewsItem.objects.get(title="Семинар в Казани собрал 40 участников")
    assert item.is_published and item.pilot_site_id == regional_a.memberships.get().pilot_site_id
    assert item.published_at <= timezone.now()

    visitor = browser.new_context(base_url=live_server.url, locale="ru-RU")
    public = visitor.new_page()
    public.goto("/news/")
    card = public.locator("article.news-card", has_text="Семинар в Казани собрал 40 участников")
    assert card.count() == 1
    thumbnail = card.locator("img.news-cover")
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(public, "news-list")
    card.locator("a.stretched-link").click()
    public.wait_for_url("**/news/seminar-v-kazani-sobral-40-uchastnikov/")
    assert public.locator("img.news-detail-cover").evaluate("img => img.naturalWidth") == 1600
    assert "Второй абзац: итоги и планы." in public.content()
    screenshot(public, "news-detail")
    visitor.close()

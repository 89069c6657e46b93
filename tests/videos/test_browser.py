"""The step-4 journey in a real browser (Debian's Chromium through Playwright):

the federal centre issues the specification; the site acknowledges it, submits the script and
gets it approved; it uploads the cut with the progress bar (after a page reload in the middle,
the upload resumes), sees the check report, adds the person on screen with a release and
proposes dates; the federal centre accepts the cut, solves the schedule, pins one story,
solves again, publishes and records the YouTube link; a visitor sees the story, and nothing is
requested from YouTube until the click.
"""

from __future__ import annotations

import re
import shutil

import pytest

from tests.videos.factories import days, make_video, practice_for, story_for
from videos.models import Cut, CutUpload, ScheduleVersion, Story, StoryState

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(shutil.which("ffprobe") is None, reason="needs Debian's ffmpeg"),
]


def _log_out(tab):
    tab.get_by_role("button", name="Выйти").click()
    tab.wait_for_url(re.compile(r"/$"))


def _confirm(tab, name):
    tab.get_by_role("button", name=name, exact=True).click()
    tab.wait_for_load_state()


def test_a_story_from_specification_to_the_public_page(
    page,
    browser,
    live_server,
    screenshot,
    browser_login,
    settings,
    tmp_path,
    programme,
    site_a,
    site_b,
    regional_a,
    regional_b,
    federal,
):
    settings.VIDEOS_CHUNK_BYTES = 64 * 1024  # several pieces, so a reload falls in the middle
    practice_for(site_a, "Школа межнационального диалога", slot=1)
    practice_for(site_a, "Фестиваль национальных культур", slot=2)
    story_b = story_for(site_b, regional_b, title="Дербент — город народов")
    video = make_video(tmp_path, "Чистовой монтаж.mp4", seconds=4, width=1280, height=720)

    # --- The federal centre issues the specification -------------------------------------
    browser_login(federal)
    page.goto("/videos/specification/edit/")
    page.get_by_label("Требования к содержанию").fill(
        "Две практики площадки: проблема, люди, результат; заставка и концовка канала."
    )
    page.get_by_label("Длительность не меньше, секунд").fill("2")
    page.get_by_label("Длительность не больше, секунд").fill("30")
    page.get_by_label("Ширина кадра не меньше, пикселей").fill("1280")
    page.get_by_label("Высота кадра не меньше, пикселей").fill("720")
    page.get_by_role("button", name="Сохранить черновик").click()
    page.get_by_text("Черновик новой редакции сохранён").wait_for()
    page.get_by_role("link", name="Выпустить редакцию 1").click()
    screenshot(page, "01-issue-confirm")
    _confirm(page, "Выпустить")
    page.get_by_text("Редакция 1 выпущена, площадки получили письма").wait_for()
    screenshot(page, "02-specification")
    _log_out(page)

    # --- The site acknowledges, writes the story and submits the script -------------------
    browser_login(regional_a)
    page.goto("/videos/specification/")
    page.get_by_role("button", name="Ознакомлены, работаем по этой редакции").click()
    page.get_by_text("Площадка работает по редакции 1 технических требований").wait_for()
    page.goto("/videos/manage/")
    page.get_by_role("link", name="Новый сюжет").first.click()
    page.get_by_label("Название").fill("Казань — город дружбы")
    page.get_by_label("Сценарий", exact=True).fill(
        "00:00 Заставка. 00:05 Ведущий. 00:30 Первая практика."
    )
    # The practices are a search: each typed, chosen with the keyboard, then a chip.
    practices = page.get_by_role("combobox", name="Практики сюжета")
    for title in ("Школа межнационального диалога", "Фестиваль национальных культур"):
        practices.fill(title[:8])
        page.get_by_role("option", name=re.compile(title)).wait_for()
        practices.press("ArrowDown")
        practices.press("Enter")
        page.get_by_role("button", name=f"Убрать: {title}", exact=False).wait_for()
    screenshot(page, "03a-story-practices-chosen")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Сюжет создан").wait_for()
    story = Story.objects.get(pilot_site=site_a)
    page.get_by_role("link", name="Отправить сценарий на согласование").click()
    _confirm(page, "Отправить сценарий")
    page.get_by_text("Сценарий отправлен на согласование").wait_for()
    screenshot(page, "03-script-submitted")
    _log_out(page)

    # --- The federal centre approves the script -----------------------------------------
    browser_login(federal)
    page.goto(f"/videos/manage/{story.pk}/")
    page.get_by_role("link", name="Согласовать сценарий").click()
    page.get_by_label("Сообщение площадке").fill("Хороший сценарий, снимайте.")
    _confirm(page, "Согласовать")
    page.get_by_text("Сценарий согласован.").wait_for()
    _log_out(page)

    # --- The site films, uploads the cut; a reload in the middle, then it resumes ---------
    browser_login(regional_a)
    page.goto(f"/videos/manage/{story.pk}/")
    page.get_by_role("link", name="Начать съёмку").click()
    _confirm(page, "Начать съёмку")
    page.get_by_text("Съёмка начата").wait_for()
    pieces = {"n": 0}

    def slow_after_three(route):
        if route.request.method == "PATCH":
            pieces["n"] += 1
            if pieces["n"] > 3:
                route.abort("connectionreset")  # the connection drops
                return
        route.continue_()

    page.route("**/videos/uploads/**", slow_after_three)
    page.get_by_label("Файл видео").set_input_files(str(video))
    page.get_by_role("button", name="Загрузить", exact=True).click()
    page.wait_for_function(
        "document.querySelector('#cut-progress').getAttribute('aria-valuenow') > 0"
    )
    screenshot(page, "04-uploading")
    page.wait_for_timeout(300)
    arrived = CutUpload.objects.get().offset
    assert 0 < arrived < video.stat().st_size
    page.unroute("**/videos/uploads/**")
    page.reload()
    page.get_by_text("Незаконченная загрузка «Чистовой монтаж.mp4»").wait_for()
    screenshot(page, "05-after-reload")
    page.get_by_label("Файл видео").set_input_files(str(video))
    page.get_by_role("button", name="Загрузить", exact=True).click()
    page.get_by_text("Соответствует требованиям").wait_for(timeout=60_000)
    assert CutUpload.objects.count() == 1  # the same upload went on, no second one
    cut = Cut.objects.get()
    with cut.file.open("rb") as handle:
        assert handle.read() == video.read_bytes()
    page.reload()
    page.locator("#check-report").get_by_text("разрешение 1280×720 — не меньше 1280×720").wait_for()
    screenshot(page, "06-check-report")
    # Someone on screen, with a release scan.
    page.get_by_text("Добавить человека в кадре").click()
    page.get_by_label("ФИО").fill("Иванова Мария Петровна")
    page.get_by_label("Скан согласия на съёмку").set_input_files(
        files=[{"name": "согласие.pdf", "mimeType": "application/pdf", "buffer": _pdf()}]
    )
    page.locator("#people").get_by_role("button", name="Добавить").click()
    page.get_by_text("Человек в кадре добавлен").wait_for()
    page.get_by_role("link", name="Отправить монтаж на приёмку").first.click()
    _confirm(page, "Отправить монтаж")
    page.get_by_text("Монтаж отправлен на приёмку").wait_for()
    page.get_by_role("link", name="Предложить даты выпуска").click()
    page.get_by_label("Монтаж будет готов").fill(days(2).isoformat())
    page.get_by_label("1-й выбор: с").fill(days(14).isoformat())
    page.locator("#id_prefer_1_end").fill(days(20).isoformat())
    page.get_by_role("button", name="Сохранить предложение").click()
    page.get_by_text("Предложение по дате выпуска сохранено").wait_for()
    screenshot(page, "07-story-submitted")
    _log_out(page)

    # --- The federal centre accepts, solves, pins, solves again, publishes ------------------
    browser_login(federal)
    page.goto(f"/videos/manage/{story.pk}/")
    preview = page.locator("video")
    assert "/files/videos-preview/" in preview.get_attribute("src")
    page.get_by_role("link", name="Принять монтаж").click()
    _confirm(page, "Принять")
    page.get_by_text("Монтаж принят.").wait_for()
    page.goto("/videos/schedule/manage/")
    page.get_by_role("button", name="Составить график").click()
    page.locator("#version-state").get_by_text("Составлена").wait_for()
    screenshot(page, "08-schedule-v1")
    first = ScheduleVersion.objects.get(number=1)
    dagestan = first.slots.get(story=story_b)
    pin_day = next(
        days(n)
        for n in range(30, 60)
        if days(n).isoweekday() in (2, 4) and days(n) != dagestan.release_on
    )
    row = page.locator("#schedule-table tr", has_text="Дербент — город народов")
    row.locator("input[type=date]").fill(pin_day.isoformat())
    row.get_by_role("button", name="Закрепить").click()
    page.get_by_text("закреплён на").wait_for()
    page.get_by_role("button", name="Составить график").click()
    page.locator("#version-state").get_by_text("Составлена").wait_for()
    second = ScheduleVersion.objects.get(number=2)
    assert second.slots.get(story=story_b).release_on == pin_day
    assert second.slots.get(story=story).release_on == first.slots.get(story=story).release_on
    page.get_by_role("link", name="Опубликовать график").click()
    _confirm(page, "Опубликовать")
    page.get_by_text("График (версия 2) опубликован").wait_for()
    screenshot(page, "09-schedule-published")
    page.goto(f"/videos/manage/{story.pk}/publish/")
    page.get_by_label("YouTube").fill("javascript:alert(1)")
    page.get_by_role("button", name="Опубликовать").click()
    # The error stands beside the field (and again in the summary at the top of the form).
    page.get_by_text(
        "Допускаются только ссылки, которые начинаются с https://.", exact=True
    ).wait_for()
    page.get_by_label("YouTube").fill("https://www.youtube.com/watch?v=M7lc1UVf-VE")
    page.get_by_role("button", name="Опубликовать").click()
    page.get_by_text("сюжет опубликован на портале").wait_for()
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED
    _log_out(page)

    # --- A visitor: the story by region, nothing from YouTube before the click --------------
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )
    page.route(re.compile(r"https://.*(youtube|ytimg|googlevideo).*"), lambda route: route.abort())
    page.goto("/videos/")
    page.get_by_role("heading", name="Республика Татарстан").wait_for()
    assert page.get_by_text("Школа межнационального диалога").count() >= 1
    screenshot(page, "10-public-before-click")
    assert outside == []
    page.get_by_role("button", name=re.compile("Смотреть на YouTube")).click()
    frame = page.locator("iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src").startswith(
        "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"
    )
    assert any("youtube-nocookie.com" in url for url in outside)
    page.goto("/videos/schedule/")
    page.locator("#public-schedule").get_by_text("Казань — город дружбы").wait_for()
    screenshot(page, "11-public-schedule")


def _pdf() -> bytes:
    from tests.kernel import files

    return files.pdf()

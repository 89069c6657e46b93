"""With the keyboard alone: the registration form of an event and a questionnaire section; the
main pages at 200 % zoom and at 320 px reflow without a horizontal scroll (WCAG 1.4.4, 1.4.10)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.axe import assert_accessible
from tests.browser.demo import own_draft

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# The outline or ring a focused control draws; none at all fails WCAG 2.4.7.
_FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return {tag: el.tagName, name: el.getAttribute("name") || el.textContent.trim().slice(0, 40),
          visible: outline || style.boxShadow !== "none"};
}"""


def _open_event():
    from events.models import Event
    from events.services import registration_open

    for event in Event.objects.filter(
        state="announced", registration_mode="online", starts_at__gt=timezone.now()
    ).order_by("starts_at"):
        if registration_open(event):
            return event
    raise AssertionError("в демо-данных нет мероприятия с открытой регистрацией")


def _tab_to(page, selector: str, *, limit: int = 120) -> list[dict]:
    """Press Tab until the element matching ``selector`` has focus; every stop is recorded."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(_FOCUS_VISIBLE))
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return stops
    raise AssertionError(f"{selector} не получил фокус за {limit} нажатий Tab")


def _assert_focus_rings(stops: list[dict]) -> None:
    invisible = [s for s in stops if s and not s["visible"]]
    assert not invisible, f"фокус не виден: {invisible}"


def test_event_registration_with_the_keyboard_alone(demo, page, screenshot):
    event = _open_event()
    page.goto(reverse("events:public-detail", args=[event.pk]))
    title = page.title()

    # An empty form sent with Enter from the button: the summary gets focus and the title says so.
    stops = _tab_to(page, "form button[type=submit].btn-portal")
    _assert_focus_rings(stops)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("() => document.title.startsWith('Ошибка: ')")
    assert page.title() == f"Ошибка: {title}"
    summary = page.locator("[data-error-summary]")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    links = summary.locator("a")
    assert links.count() >= 4  # ФИО, организация, e-mail, согласие
    screenshot(page, "errors")
    assert_accessible(page)

    # The first link of the summary takes focus to its field; each field names its error.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    focused = page.evaluate("() => document.activeElement.name")
    assert focused == "full_name"
    field = page.locator("[name=full_name]")
    assert field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("aria-required") == "true"
    error_id = field.get_attribute("aria-describedby").split()[-1]
    assert page.locator(f"#{error_id}").inner_text().strip()

    page.keyboard.type("Клавиатурова Ксения Петровна")
    _tab_to(page, "[name=organisation]")
    page.keyboard.type("Дом дружбы народов")
    _tab_to(page, "[name=email]")
    page.keyboard.type("keyboard@example.org")
    stops = _tab_to(page, "[name=consent_personal_data]")
    page.keyboard.press("Space")
    stops += _tab_to(page, "form button[type=submit].btn-portal")
    _assert_focus_rings(stops)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not page.title().startswith("Ошибка")
    assert event.registrations.filter(email="keyboard@example.org").exists()
    screenshot(page, "registered")


def test_questionnaire_section_with_the_keyboard_alone(demo, page, screenshot):
    page.goto(reverse("accounts:login"))
    stops = _tab_to(page, "[name=username]")
    page.keyboard.type("applicant@example.org")
    stops += _tab_to(page, "[name=password]")
    page.keyboard.type("demo-password")
    stops += _tab_to(page, "button[type=submit]")
    _assert_focus_rings(stops)
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/cabinet/")

    page.goto(reverse("practices:edit", args=[own_draft("applicant@example.org").pk, "practice"]))
    first_section = page.locator(".section-nav [aria-current=step]").inner_text()
    stops = _tab_to(page, "#section-form button[name=next]", limit=200)
    _assert_focus_rings(stops)
    screenshot(page, "focus-on-next", full_page=False)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".section-nav [aria-current=step]").inner_text() != first_section
    assert page.locator("#section-form").count() == 1

    # Character counters are silent while typing; a screen reader hears only near the limit.
    page.goto(
        reverse("practices:edit", args=[own_draft("applicant@example.org").pk, "description"])
    )
    field = page.locator("#section-form [data-maxlength]").first
    limit = int(field.get_attribute("data-maxlength"))
    assert page.locator(".char-counter[aria-live]").count() == 0
    spoken = page.locator(".char-counter + [aria-live]").first
    field.fill("а" * 10)
    assert spoken.text_content() == ""
    field.fill("а" * (limit - 5))
    assert spoken.text_content() == f"Осталось 5 знаков из {limit}"
    field.fill("а" * (limit + 3))
    assert "на 3 знака больше допустимого" in spoken.text_content()


PAGES_FOR_REFLOW = [
    "public:landing",
    "practices:catalogue",
    "events:public-list",
    "videos:public-list",
    "accounts:login",
    "accounts:register",
]


@pytest.mark.parametrize(
    ("width", "height"), [(320, 640), (640, 450)], ids=["reflow-320px", "zoom-200%"]
)
def test_main_pages_reflow_without_horizontal_scroll(demo, page, screenshot, width, height):
    page.set_viewport_size({"width": width, "height": height})
    too_wide = []
    urls = [reverse(name) for name in PAGES_FOR_REFLOW]
    event = _open_event()
    urls.append(reverse("events:public-detail", args=[event.pk]))
    for url in urls:
        page.goto(url)
        sizes = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if sizes[0] > sizes[1]:
            too_wide.append((url, sizes))
    screenshot(page, f"event-{width}")
    assert not too_wide, f"горизонтальная прокрутка: {too_wide}"

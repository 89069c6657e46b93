"""A first applicant's and a regional centre's rough edges in a real browser, at 1280 and 390 px:
«Добавить организацию и начать» lands in the questionnaire with its gaps listed, the review
list's filters fold on a phone, a catalogue card without a photo, no sideways scroll."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from practices.models import Questionnaire, QuestionnaireState
from resursnaya_sreda.accounts.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def no_horizontal_scroll(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_add_organisation_and_start_lands_in_the_questionnaire(
    page, browser_login, screenshot, programme, step1
):
    user = MembershipFactory(role=Role.APPLICANT, organisation=None).user
    browser_login(user)
    page.goto("/practices/apply/")
    assert re.search(r"до 23:59 \d\d\.\d\d\.\d{4} \(Москва, UTC\+3\)", page.inner_text("main"))
    page.get_by_role("link", name="Добавить организацию и начать").click()
    page.wait_for_url("**/accounts/organisations/new/?then=questionnaire")
    page.get_by_label("Полное наименование").fill("АНО «Новые соседи»")
    page.get_by_label("Вид").select_option(label="НКО")
    page.get_by_label("Регион").select_option(label="Республика Татарстан")
    page.get_by_role("button", name="Сохранить и начать анкету").click()
    page.wait_for_url(re.compile(r"/practices/questionnaires/\d+/edit/practice/$"))
    missing = page.locator("#section-missing")
    assert "Что ещё не заполнено в этом разделе" in missing.inner_text()
    assert missing.get_by_role("link", name="Название практики").count() == 1
    assert page.get_by_label("Название практики *").count() == 1
    screenshot(page, "questionnaire-1280")

    # The gap list links to the field; filling it and saving takes it off the list.
    missing.get_by_role("link", name="Название практики").click()
    page.get_by_label("Название практики *").fill("Соседские праздники народов")
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить", exact=True).click()
    assert "Черновик сохранён." in page.locator(".alert").first.inner_text()
    assert "Название практики" not in page.locator("#section-missing").inner_text()
    assert Questionnaire.objects.get(organisation__name="АНО «Новые соседи»").title == (
        "Соседские праздники народов"
    )

    page.set_viewport_size(PHONE)
    page.reload()
    assert no_horizontal_scroll(page)
    screenshot(page, "questionnaire-390")


def test_review_filters_fold_on_a_phone_and_the_catalogue_card_without_photo(
    page, browser_login, screenshot, programme, step1, regional_a, make_questionnaire
):
    for n, code in enumerate(("16", "16", "05")):
        practice = make_questionnaire(
            OrganisationFactory(region=region(code), name=f"АНО «Практика {n}»"),
            state=QuestionnaireState.SUBMITTED,
            title=f"Практика без фото {n}",
        )
        Questionnaire.objects.filter(pk=practice.pk).update(published_at=timezone.now())
    browser_login(regional_a)
    page.goto("/practices/review/")
    filters = page.locator("details.list-filters")
    assert filters.evaluate("d => d.open")
    assert not page.locator("details.list-filters > summary").is_visible()
    screenshot(page, "review-1280")

    page.set_viewport_size(PHONE)
    page.goto("/practices/review/")
    assert not filters.evaluate("d => d.open")
    assert page.get_by_label("Поиск").is_hidden()
    # The list itself is on the first screen.
    assert page.locator("table").bounding_box()["y"] < PHONE["height"]
    assert no_horizontal_scroll(page)
    screenshot(page, "review-390", full_page=False)
    page.locator("details.list-filters > summary").click()
    assert page.get_by_label("Поиск").is_visible()
    screenshot(page, "review-390-open", full_page=False)

    page.goto("/practices/")
    cover = page.locator("article", has_text="Практика без фото 2").locator(".practice-cover-empty")
    assert "Республика Дагестан" in cover.inner_text()
    assert cover.bounding_box()["height"] < 60  # a slim band on a phone, not a tall blank
    assert no_horizontal_scroll(page)
    screenshot(page, "catalogue-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/practices/")
    assert cover.bounding_box()["height"] > 150  # as high as a photo in the grid
    heights = page.locator("article.card").evaluate_all("cards => cards.map(c => c.offsetHeight)")
    assert max(heights) - min(heights) < 40
    screenshot(page, "catalogue-1280")


def test_the_landing_with_the_programmes_targets_does_not_scroll_sideways(
    page, screenshot, programme
):
    import datetime

    from resursnaya_sreda.kernel import services as kernel_services

    kernel_services.programme_seed_roadmap(
        programme=programme, start=timezone.localdate() - datetime.timedelta(days=40)
    )
    page.set_viewport_size(PHONE)
    page.goto("/")
    assert page.locator(".target-badge").count() >= 3
    assert no_horizontal_scroll(page)
    screenshot(page, "landing-390")

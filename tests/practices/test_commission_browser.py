"""The commission's journey in a real browser: criteria and automatic assignment, the demo
expert scoring in the admin, the ranking, the decision, the protocol PDF, the catalogue, and
step 3's two practices proposed by regional staff and confirmed by the coordinator."""

from __future__ import annotations

import re

import pytest

from practices.models import (
    CommissionMember,
    Decision,
    MemberRole,
    PilotPractice,
    PilotPracticeState,
    QuestionnaireState,
    Review,
    ReviewState,
)
from practices.services import commission as commission_services
from tests.factories import OrganisationFactory, region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _admin_log_in(tab, user, password):
    tab.goto("/admin/login/")
    tab.fill("input[name=username]", user.email)
    tab.fill("input[name=password]", password)
    tab.click("input[type=submit]")
    tab.wait_for_url(re.compile(r"/admin/$"))


def _admin_log_out(tab):
    tab.context.clear_cookies()


def _score(tab, values):
    """Fill the scoring form: ``values`` is [(score, comment), ...] in criteria order."""
    scores = tab.locator("input[name^=score_]")
    comments = tab.locator("textarea[name^=comment_]")
    for index, (value, comment) in enumerate(values):
        scores.nth(index).fill(str(value))
        comments.nth(index).fill(comment)


def test_commission_journey(
    page,
    screenshot,
    password,
    federal,
    expert,
    regional_a,
    site_a,
    make_questionnaire,
    step1,
    programme,
):
    commission = commission_services.commission_for(programme)
    second_expert = expert.__class__.objects.create_user(
        "expert-two@test.example", password, full_name="Второй Эксперт"
    )
    from resursnaya_sreda.accounts.models import Membership, Role

    Membership.objects.create(user=second_expert, role=Role.EXPERT)
    for person in (expert, second_expert):
        CommissionMember.objects.create(commission=commission, user=person, role=MemberRole.EXPERT)
    titles = ["Дом дружбы в Казани", "Казанский фестиваль ремёсел"]
    questionnaires = [
        make_questionnaire(
            OrganisationFactory(region=region("16"), name=f"АНО «{title}»"),
            state=QuestionnaireState.SUBMITTED,
            title=title,
        )
        for title in titles
    ]
    for questionnaire in questionnaires:
        commission_services.admission_decide(questionnaire=questionnaire, by=federal, admitted=True)

    # --- The coordinator sets the criteria and assigns automatically ----------------------
    _admin_log_in(page, federal, password)
    page.goto(f"/admin/practices/commission/{commission.pk}/change/")
    page.fill("input[name=criteria-0-name]", "Результативность")
    page.fill("input[name=criteria-0-weight]", "2")
    page.fill("input[name=criteria-0-position]", "1")
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r"/change/$"))
    page.fill("input[name=criteria-1-name]", "Тиражируемость")
    page.fill("input[name=criteria-1-weight]", "1")
    page.fill("input[name=criteria-1-position]", "2")
    page.check("input[name=criteria-1-comment_required]")
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r"/change/$"))
    assert commission.criteria.filter(is_active=True).count() == 2
    screenshot(page, "01-criteria")
    page.goto("/admin/practices/commission/")
    page.check(f"input[name=_selected_action][value='{commission.pk}']")
    page.select_option("select[name=action]", "assign_automatically")
    page.click("button[name=index]")
    assert "Создано назначений: 4." in page.locator(".messagelist").inner_text()
    _admin_log_out(page)

    # --- The expert scores both questionnaires in the admin -------------------------------
    _admin_log_in(page, expert, password)
    assert "Мои заявки на оценку" in page.locator("#content-main").inner_text()
    page.goto("/admin/practices/experttask/")
    assert "Оценено 0 из 2" in page.locator("#content").inner_text()
    screenshot(page, "02-expert-list")
    for index, (first, second) in enumerate(((9, 8), (6, 4))):
        page.goto("/admin/practices/experttask/")
        page.locator("#result_list tbody th a, #result_list tbody td a").nth(index).click()
        page.wait_for_url(re.compile(r"/experttask/\d+/change/$"))
        _score(page, [(first, ""), (second, "")])
        page.click("input[name=submit]")
        # The required comment is missing: the message sits beside it and nothing is lost.
        assert "комментарий обязателен" in page.locator(".review-form").inner_text()
        assert page.locator("input[name^=score_]").nth(0).input_value() == str(first)
        page.locator("textarea[name^=comment_]").nth(1).fill("Легко повторить в другом районе")
        page.select_option("select[name=recommendation]", "recommend")
        if index == 0:
            screenshot(page, "03-scoring")
        page.click("input[name=submit]")
        page.wait_for_url(re.compile(r"/experttask/$"))
    assert "Оценено 2 из 2" in page.locator("#content").inner_text()
    _admin_log_out(page)
    assert Review.objects.filter(expert=expert, state=ReviewState.SUBMITTED).count() == 2

    # The second expert's scores, through the same service.
    criteria = commission_services.active_criteria(commission)
    for assignment in second_expert.review_assignments.all():
        commission_services.review_save(
            assignment=assignment,
            by=second_expert,
            scores={criteria[0].pk: (7, ""), criteria[1].pk: (7, "Да")},
            recommendation="recommend",
            submit=True,
        )

    # --- The ranking, the decision and the protocol ----------------------------------------
    _admin_log_in(page, federal, password)
    page.goto(f"/admin/practices/commission/{commission.pk}/ranking/?z=1")
    table = page.locator("#ranking").inner_text()
    assert titles[0] in table and titles[1] in table
    screenshot(page, "04-ranking")
    first_row = page.locator("#ranking tbody tr").first
    best_title = first_row.locator("td").nth(1).inner_text().splitlines()[0]
    first_row.get_by_role("link", name="Решение").click()
    page.select_option("select[name=outcome]", "best")
    page.fill("textarea[name=reason]", "Наивысший средний балл комиссии")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/decision/$"))
    assert Decision.objects.get().questionnaire.title == best_title
    page.goto(f"/admin/practices/commission/{commission.pk}/ranking/")
    page.get_by_role("button", name="Протокол комиссии (PDF)").click()
    page.wait_for_url(re.compile(r"/reports/"))
    with page.expect_download() as caught:
        page.locator(".job-download").first.click()
    with open(caught.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    _admin_log_out(page)

    # --- The best practice is in the public catalogue --------------------------------------
    page.goto("/practices/")
    assert best_title in page.locator("main").inner_text()

    # --- Step 3: regional staff propose two practices, the coordinator confirms -------------
    page.goto("/accounts/login/")
    page.fill("input[name=username]", regional_a.email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/cabinet/")
    page.goto(f"/practices/pilot-sites/{site_a.pk}/")
    for title in titles:
        # A search among the region's questionnaires: typed, chosen from the list.
        field = page.get_by_role("combobox", name="Практика региона")
        field.fill(title[:12])
        page.get_by_role("option", name=re.compile(re.escape(title))).click()
        page.get_by_role("button", name="Предложить").click()
        page.wait_for_url(re.compile(rf"/pilot-sites/{site_a.pk}/$"))
    assert "уже 2 практики" in page.locator("main").inner_text()
    screenshot(page, "05-pilot-site")
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", federal.email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/cabinet/")
    page.goto("/practices/pilot-sites/")
    assert "2 из 2" in page.locator("main").inner_text()
    page.goto(f"/practices/pilot-sites/{site_a.pk}/")
    for _ in titles:
        page.get_by_role("button", name="Подтвердить").first.click()
        page.wait_for_url(re.compile(rf"/pilot-sites/{site_a.pk}/$"))
    assert (
        PilotPractice.objects.filter(pilot_site=site_a, state=PilotPracticeState.CONFIRMED).count()
        == 2
    )
    screenshot(page, "06-confirmed")

"""WCAG 2.1 AA (GOST R 52872-2019) on the main pages as each role, checked with axe-core.

Every page is opened on the demo data as the role that uses it and axe-core's WCAG 2.1 A and AA
rules must find nothing. One test per role visits all its pages and lists every violation at
once, so a failure shows the whole picture.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.browser.axe import describe, violations
from tests.browser.demo import own_draft

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

DEMO_PASSWORD = "demo-password"


def _first(model, **where):
    return model.objects.filter(**where).order_by("pk").first()


def _first_link(page, list_url: str, pattern: str) -> list[str]:
    """The first link on a list page whose address matches ``pattern`` (as a one-item list)."""
    page.goto(list_url)
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    for href in hrefs:
        if re.fullmatch(pattern, href.split("#")[0]):
            return [href]
    raise AssertionError(f"на {list_url} нет ссылки вида {pattern}")


def _public_pages(page) -> list[str]:
    return [
        reverse("public:landing"),
        reverse("public:news-list"),
        *_first_link(page, reverse("public:news-list"), r"/news/[-\w]+/"),
        reverse("practices:catalogue"),
        *_first_link(page, reverse("practices:catalogue"), r"/practices/\d+/"),
        reverse("practices:apply"),
        reverse("events:public-list"),
        *_first_link(page, reverse("events:public-list"), r"/events/\d+/"),
        reverse("videos:public-list"),
        *_first_link(page, reverse("videos:public-list"), r"/videos/story/\d+/"),
        reverse("videos:public-schedule"),
        reverse("collection:index"),
        reverse("accounts:login"),
        reverse("accounts:register"),
        reverse("accounts:password-reset"),
        "/no-such-page/",
    ]


def _login(page, email: str) -> None:
    page.goto(reverse("accounts:login"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/cabinet/")


def _check(page, urls: list[str]) -> None:
    report = []
    for url in urls:
        response = page.goto(url)
        assert response is not None
        found = violations(page)
        if found:
            report.append(f"== {url}\n{describe(found)}")
    assert not report, "\n".join(report)


def test_public_pages_pass_axe(demo, page):
    _check(page, _public_pages(page))


def _admin_pages(page, *, expert: bool) -> list[str]:
    pages = [reverse("admin:index")]
    if expert:
        tasks = reverse("admin:practices_experttask_changelist")
        pages += [tasks, *_first_link(page, tasks, r"/admin/practices/experttask/\d+/change/")]
    else:
        from practices.models import Commission

        commission = Commission.objects.order_by("pk").first()
        pages += [
            reverse("admin:practices_commission_changelist"),
            reverse("admin:practices_commission_ranking", args=[commission.pk]),
            reverse("admin:practices_questionnaire_changelist"),
            reverse("admin:events_event_changelist"),
        ]
    return pages


def _applicant_pages(page) -> list[str]:
    from practices.models import ExtraQuestion, Questionnaire
    from practices.sections import sections_for

    pages = [
        reverse("accounts:cabinet"),
        reverse("accounts:profile"),
        reverse("accounts:security"),
        reverse("practices:my-list"),
    ]
    pk = own_draft("applicant@example.org").pk
    detail = [reverse("practices:detail", args=[pk])]
    has_extra = ExtraQuestion.objects.filter(
        programme=Questionnaire.objects.get(pk=pk).programme, is_active=True
    ).exists()
    return [
        *pages,
        *detail,
        *(reverse("practices:edit", args=[pk, s.slug]) for s in sections_for(has_extra)),
    ]


def _regional_pages(page) -> list[str]:
    return [
        reverse("accounts:cabinet"),
        reverse("events:staff-list"),
        *_first_link(page, reverse("events:staff-list"), r"/events/manage/\d+/"),
        reverse("events:create"),
        reverse("practices:review-list"),
        reverse("practices:pilot-sites"),
        *_first_link(page, reverse("practices:pilot-sites"), r"/practices/pilot-sites/\d+/"),
        reverse("videos:staff-list"),
        *_first_link(page, reverse("videos:staff-list"), r"/videos/manage/\d+/"),
        reverse("contest:entries"),
        reverse("reports:list"),
        reverse("public:news-manage"),
        reverse("dashboard:plan"),
    ]


def _federal_pages(page) -> list[str]:
    return [
        reverse("accounts:cabinet"),
        reverse("practices:review-list"),
        *_first_link(page, reverse("practices:review-list"), r"/practices/questionnaires/\d+/"),
        reverse("contest:readiness"),
        reverse("contest:entries"),
        reverse("collection:editor"),
        reverse("videos:specification"),
        reverse("videos:schedule"),
        reverse("events:programme-feedback"),
        reverse("accounts:invitation-list"),
        reverse("accounts:organisation-list"),
        reverse("reports:list"),
        *_admin_pages(page, expert=False),
        *_dashboard_pages(page),
    ]


def _dashboard_pages(page) -> list[str]:
    """The federal view: the plan, the red cell's records, the plan-schedule, the charts, the
    frozen reports and their comparison, and a practice's thread."""
    from practices.models import PilotPractice

    snapshot = _first_link(page, reverse("dashboard:snapshots"), r"/dashboard/snapshots/\d+/")
    practice = _first(PilotPractice)
    return [
        reverse("dashboard:plan"),
        *_first_link(page, reverse("dashboard:plan"), r"/dashboard/cells/seminars/\?site=\d+"),
        reverse("dashboard:schedule"),
        reverse("dashboard:charts"),
        reverse("dashboard:snapshots"),
        *snapshot,
        f"{snapshot[0]}compare/",
        reverse("practices:thread", args=[practice.questionnaire_id]),
    ]


def _expert_pages(page) -> list[str]:
    return [reverse("accounts:cabinet"), *_admin_pages(page, expert=True)]


@pytest.mark.parametrize(
    ("email", "pages"),
    [
        ("applicant@example.org", _applicant_pages),
        ("regional@example.org", _regional_pages),
        ("federal@example.org", _federal_pages),
        ("expert@example.org", _expert_pages),
    ],
    ids=["applicant", "regional", "federal", "expert"],
)
def test_each_roles_pages_pass_axe(demo, page, email, pages):
    _login(page, email)
    _check(page, pages(page))

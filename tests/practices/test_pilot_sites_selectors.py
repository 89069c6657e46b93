"""Reads of step 3 (practices.selectors.pilot_sites): each site sees its own region's
questionnaires and practices, never another region's or another programme's; counts and
report rows per site; each list in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest

from practices.models import (
    Decision,
    Outcome,
    PilotPractice,
    PilotPracticeState,
    Questionnaire,
    QuestionnaireState,
    SupportEntry,
)
from practices.selectors import pilot_sites as selectors
from resursnaya_sreda.kernel.models import PilotSite
from tests.events.factories import best_practice
from tests.factories import OrganisationFactory, PilotSiteFactory, ProgrammeFactory, region

pytestmark = pytest.mark.django_db


def _questionnaire(site, title, *, state=QuestionnaireState.SUBMITTED, outcome=None, **org):
    organisation = OrganisationFactory(region=site.region, **org)
    questionnaire = Questionnaire.objects.create(
        programme=site.programme, organisation=organisation, title=title, state=state
    )
    if outcome:
        Decision.objects.create(questionnaire=questionnaire, outcome=outcome, reason="Решение.")
    return questionnaire


def _choose(site, questionnaire, slot=1, *, by=None, state=PilotPracticeState.PROPOSED):
    return PilotPractice.objects.create(
        pilot_site=site, questionnaire=questionnaire, slot=slot, proposed_by=by, state=state
    )


@pytest.fixture
def old_site(db):
    """Tatarstan's site in a past programme: none of today's lists include it."""
    return PilotSiteFactory(programme=ProgrammeFactory(year=2019), region=region("16"))


def test_the_sites_with_their_counts_by_role(
    site_a, site_b, old_site, regional_a, federal, django_assert_num_queries
):
    _choose(site_a, _questionnaire(site_a, "Первая"))
    _choose(site_a, _questionnaire(site_a, "Вторая"), slot=2)
    _choose(old_site, _questionnaire(old_site, "Прошлогодняя"))
    assert [(s, s.practice_count) for s in selectors.pilot_sites_with_counts(regional_a)] == [
        (site_a, 2)
    ]
    found = list(selectors.pilot_sites_with_counts(federal))
    assert [(s, s.practice_count) for s in found] == [(site_b, 0), (site_a, 2)]
    with django_assert_num_queries(0):  # the overview names each site's region, nothing more
        assert [s.region.name for s in found] == [site_b.region.name, site_a.region.name]
    assert selectors.pilot_site_practice_counts(site_a.programme) == {site_a.pk: 2, site_b.pk: 0}


def test_a_sites_practices_with_their_support_log(
    site_a, site_b, regional_a, federal, django_assert_num_queries
):
    ours = _choose(site_a, _questionnaire(site_a, "Наша"), by=regional_a)
    PilotPractice.objects.filter(pk=ours.pk).update(
        state=PilotPracticeState.CONFIRMED, confirmed_by=federal
    )
    _choose(site_b, _questionnaire(site_b, "Чужая"))
    SupportEntry.objects.create(
        practice=ours,
        date=datetime.date(2026, 3, 1),
        kind="informational",
        text="Статья",
        author=regional_a,
    )
    with django_assert_num_queries(2):
        (practice,) = selectors.pilot_site_practices(site_a)
        assert practice.questionnaire.organisation.name and practice.confirmed_by == federal
        assert [entry.author for entry in practice.support_log.all()] == [regional_a]


def test_a_site_proposes_its_own_regions_questionnaires_under_review(
    site_a, site_b, old_site, django_assert_num_queries
):
    wanted = [
        _questionnaire(site_a, "Б Поданная"),
        _questionnaire(site_a, "А На экспертизе", state=QuestionnaireState.UNDER_REVIEW),
        _questionnaire(site_a, "В Поданная снова", state=QuestionnaireState.RESUBMITTED),
    ]
    chosen = _questionnaire(site_a, "Г Уже выбрана")
    _choose(site_a, chosen)
    _choose(site_b, wanted[0])  # another site's choice does not hide it from site A
    _questionnaire(site_a, "Черновик", state=QuestionnaireState.DRAFT)
    _questionnaire(site_b, "Дагестанская")
    _questionnaire(old_site, "Прошлогодняя")
    with django_assert_num_queries(1):
        found = list(selectors.proposable_questionnaires(site_a))
        assert all(q.organisation.name for q in found)
    assert [q.title for q in found] == ["А На экспертизе", "Б Поданная", "В Поданная снова"]


def test_a_seminar_hosts_its_regions_best_practices_and_its_own(
    site_a, site_b, old_site, django_assert_num_queries
):
    best = _questionnaire(site_a, "Б Лучшая", outcome=Outcome.BEST)
    own = _questionnaire(site_a, "А Своя", state=QuestionnaireState.UNDER_REVIEW)
    _choose(site_a, own)
    twice = _questionnaire(site_a, "В Лучшая и своя", outcome=Outcome.BEST)
    _choose(site_a, twice, slot=2)
    _choose(site_b, twice)  # chosen by two sites: still one row
    _questionnaire(site_a, "Не отобрана", outcome=Outcome.NOT_SELECTED)
    _questionnaire(site_b, "Дагестанская лучшая", outcome=Outcome.BEST)
    _questionnaire(old_site, "Прошлогодняя лучшая", outcome=Outcome.BEST)
    with django_assert_num_queries(1):
        found = list(selectors.hostable_practices(site_a))
        assert all(
            q.organisation.municipality_id is None or q.organisation.municipality.name
            for q in found
        )
    assert found == [own, best, twice]
    # Another region's site: site A's practice it chose is not of its region.
    assert [q.title for q in selectors.hostable_practices(site_b)] == ["Дагестанская лучшая"]


def test_many_sites_host_what_each_site_would(site_a, site_b, old_site, programme):
    best_a = _questionnaire(site_a, "Б Лучшая А", outcome=Outcome.BEST)
    best_b = _questionnaire(site_b, "А Лучшая Б", outcome=Outcome.BEST)
    own = _questionnaire(site_b, "В Своя Б", state=QuestionnaireState.UNDER_REVIEW)
    _choose(site_b, own)
    _questionnaire(site_a, "Не отобрана", outcome=Outcome.NOT_SELECTED)
    _questionnaire(old_site, "Прошлогодняя лучшая", outcome=Outcome.BEST)
    both = PilotSite.objects.filter(pk__in=[site_a.pk, site_b.pk])
    assert list(selectors.hostable_practices_for_sites(both)) == [best_b, best_a, own]
    only_a = PilotSite.objects.filter(pk=site_a.pk)
    assert list(selectors.hostable_practices_for_sites(only_a)) == [best_a]
    for site in (site_a, site_b):
        one = PilotSite.objects.filter(pk=site.pk)
        assert set(selectors.hostable_practices_for_sites(one)) == set(
            selectors.hostable_practices(site)
        )


def test_the_reports_best_practices_of_the_regions(site_a, site_b, old_site, programme):
    chosen = _questionnaire(site_a, "Б Выбранная", outcome=Outcome.BEST, short_name="АНО «Б»")
    _choose(site_a, chosen)
    plain = _questionnaire(site_a, "А Лучшая", outcome=Outcome.BEST, short_name="")
    _questionnaire(site_a, "Не отобрана", outcome=Outcome.NOT_SELECTED)
    dagestan = _questionnaire(site_b, "Дагестанская", outcome=Outcome.BEST)
    _questionnaire(old_site, "Прошлогодняя", outcome=Outcome.BEST)
    rows = selectors.report_practices(programme.pk, [site_a.region_id])
    assert [row["id"] for row in rows] == [plain.pk, chosen.pk]
    first, second = rows
    assert first["selected"] is False and second["selected"] is True
    assert first["region"] == site_a.region_id
    assert first["title"] == "А Лучшая"
    assert first["organisation"] == plain.organisation.name
    assert second["organisation"] == "АНО «Б»"
    assert first["decided"] == plain.decision.decided_at.date().isoformat()
    both = selectors.report_practices(programme.pk, [site_b.region_id, site_a.region_id])
    expected = sorted(
        [(site_a.region_id, "А Лучшая", plain.pk), (site_a.region_id, "Б Выбранная", chosen.pk)]
        + [(site_b.region_id, "Дагестанская", dagestan.pk)]
    )
    assert [row["id"] for row in both] == [pk for _region, _title, pk in expected]


def test_the_report_and_many_sites_lists_cost_fixed_queries(
    site_a, site_b, programme, django_assert_num_queries
):
    for slot, title in enumerate(("Первая", "Вторая"), start=1):
        _choose(site_a, best_practice(site_a, title=title), slot)
    best_practice(site_b, title="Третья")
    with django_assert_num_queries(2):
        rows = selectors.report_practices(programme.pk, [site_a.region_id, site_b.region_id])
    assert len(rows) == 3
    both = PilotSite.objects.filter(pk__in=[site_a.pk, site_b.pk])
    with django_assert_num_queries(1):
        found = list(selectors.hostable_practices_for_sites(both))
        assert all(
            q.organisation.municipality.name and q.organisation.region.name and q.municipality.name
            for q in found
        )
    with django_assert_num_queries(1):
        hosted = list(selectors.hostable_practices(site_a))
        assert len(hosted) == 2
        assert all(q.municipality.name and q.organisation.municipality.name for q in hosted)

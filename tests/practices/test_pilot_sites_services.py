"""Step 3's services: each pilot site's two practices, confirmation, the support log."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from practices import selectors
from practices.models import (
    MAX_PRACTICES_PER_SITE,
    PilotPractice,
    PilotPracticeState,
    QuestionnaireState,
    SupportKind,
)
from practices.services import pilot_sites as pilot_site_services
from practices.services.pilot_sites import PilotSiteError
from resursnaya_sreda.kernel.models import Target, TargetCode
from tests.factories import OrganisationFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def tatarstan_practices(make_questionnaire):
    return [
        make_questionnaire(
            OrganisationFactory(region=region("16")),
            state=QuestionnaireState.SUBMITTED,
            title=f"Практика {i}",
        )
        for i in range(3)
    ]


def test_regional_staff_propose_two_practices(site_a, regional_a, tatarstan_practices):
    for questionnaire in tatarstan_practices[:2]:
        pilot_site_services.pilot_practice_propose(
            pilot_site=site_a, questionnaire=questionnaire, by=regional_a
        )
    assert sorted(site_a.pilot_practices.values_list("slot", flat=True)) == [1, 2]


def test_a_third_practice_is_refused_with_a_message(site_a, regional_a, tatarstan_practices):
    for questionnaire in tatarstan_practices[:2]:
        pilot_site_services.pilot_practice_propose(
            pilot_site=site_a, questionnaire=questionnaire, by=regional_a
        )
    with pytest.raises(PilotSiteError, match="уже 2 практики"):
        pilot_site_services.pilot_practice_propose(
            pilot_site=site_a, questionnaire=tatarstan_practices[2], by=regional_a
        )


def test_the_programmes_target_says_how_many_practices_a_site_chooses(
    site_a, regional_a, tatarstan_practices, programme
):
    Target.objects.create(programme=programme, code=TargetCode.CONTEST_PRACTICES_PER_SITE, value=3)
    for questionnaire in tatarstan_practices:
        pilot_site_services.pilot_practice_propose(
            pilot_site=site_a, questionnaire=questionnaire, by=regional_a
        )
    assert sorted(site_a.pilot_practices.values_list("slot", flat=True)) == [1, 2, 3]


def test_the_database_bounds_the_slots(site_a, tatarstan_practices):
    with pytest.raises(IntegrityError), transaction.atomic():
        PilotPractice.objects.create(
            pilot_site=site_a, questionnaire=tatarstan_practices[0], slot=MAX_PRACTICES_PER_SITE + 1
        )


def test_the_database_refuses_two_practices_in_one_slot(site_a, tatarstan_practices):
    PilotPractice.objects.create(pilot_site=site_a, questionnaire=tatarstan_practices[0], slot=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        PilotPractice.objects.create(
            pilot_site=site_a, questionnaire=tatarstan_practices[1], slot=1
        )


def test_a_practice_from_another_region_is_refused(site_a, regional_a, submitted_b):
    with pytest.raises(PilotSiteError, match="своего региона"):
        pilot_site_services.pilot_practice_propose(
            pilot_site=site_a, questionnaire=submitted_b, by=regional_a
        )


def test_regional_staff_of_another_site_may_not_propose(site_a, regional_b, tatarstan_practices):
    with pytest.raises(PermissionDenied):
        pilot_site_services.pilot_practice_propose(
            pilot_site=site_a, questionnaire=tatarstan_practices[0], by=regional_b
        )


def test_federal_coordinator_confirms(site_a, regional_a, federal, tatarstan_practices):
    practice = pilot_site_services.pilot_practice_propose(
        pilot_site=site_a, questionnaire=tatarstan_practices[0], by=regional_a
    )
    with pytest.raises(PermissionDenied):
        pilot_site_services.pilot_practice_confirm(practice=practice, by=regional_a)
    confirmed = pilot_site_services.pilot_practice_confirm(practice=practice, by=federal)
    assert confirmed.state == PilotPracticeState.CONFIRMED


def test_support_log_entry(site_a, regional_a, tatarstan_practices):
    practice = pilot_site_services.pilot_practice_propose(
        pilot_site=site_a, questionnaire=tatarstan_practices[0], by=regional_a
    )
    entry = pilot_site_services.support_entry_add(
        practice=practice,
        by=regional_a,
        date=datetime.date(2020, 10, 1),
        kind=SupportKind.METHODOLOGICAL,
        text="Консультация по смете",
    )
    assert list(practice.support_log.all()) == [entry]


def test_site_counts_for_the_overview(site_a, site_b, regional_a, tatarstan_practices, programme):
    pilot_site_services.pilot_practice_propose(
        pilot_site=site_a, questionnaire=tatarstan_practices[0], by=regional_a
    )
    assert selectors.pilot_site_practice_counts(programme) == {site_a.pk: 1, site_b.pk: 0}

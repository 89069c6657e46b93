"""Reads of questionnaires (practices.selectors.questionnaires) beyond the lists' scope: the
applicant's own list newest change first, a published practice's page with its photos in a
fixed number of queries, the catalogue's regions kept until a publication drops them, and the
filters' choices (regions only for federal coordinators)."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from practices import services
from practices.models import Questionnaire, QuestionnaireState
from practices.selectors import questionnaires as selectors
from tests.factories import MunicipalityFactory, OrganisationFactory, region

pytestmark = pytest.mark.django_db


def test_the_applicants_list_is_their_organisations_newest_change_first(
    make_questionnaire, applicant, applicant_organisation, organisation_b, expert
):
    older = make_questionnaire(applicant_organisation, by=applicant)
    newer = make_questionnaire(applicant_organisation, by=applicant)
    make_questionnaire(organisation_b)
    assert list(selectors.applicant_questionnaires(applicant)) == [newer, older]
    Questionnaire.objects.filter(pk=older.pk).update(
        updated_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert list(selectors.applicant_questionnaires(applicant)) == [older, newer]
    assert list(selectors.applicant_questionnaires(expert)) == []


@pytest.fixture
def published_with_photo(submitted_a, applicant, federal, photo_upload):
    from practices.uploads import attachment_file_field

    Questionnaire.objects.filter(pk=submitted_a.pk).update(
        state=QuestionnaireState.RETURNED,
        municipality=MunicipalityFactory(region=region("16"), name="Казань"),
    )
    submitted_a.refresh_from_db()
    photo = services.attachment_add(
        questionnaire=submitted_a, by=applicant, upload=attachment_file_field().clean(photo_upload)
    )
    Questionnaire.objects.filter(pk=submitted_a.pk).update(state=QuestionnaireState.SUBMITTED)
    submitted_a.refresh_from_db()
    organisation = submitted_a.organisation
    organisation.municipality = submitted_a.municipality
    organisation.save()
    return services.questionnaire_publish(questionnaire=submitted_a, by=federal), photo


def test_a_published_practice_with_its_photos_in_two_queries(
    published_with_photo, django_assert_num_queries
):
    practice, photo = published_with_photo
    with django_assert_num_queries(2):
        found = selectors.published_practice(practice.pk)
        assert found.photos == [photo]
        assert found.organisation.region.name and found.organisation.municipality.name
        assert found.municipality.name and found.direction.name and found.programme.title


def test_an_unpublished_practice_is_not_found(submitted_a):
    with pytest.raises(Http404):
        selectors.published_practice(submitted_a.pk)


def test_the_catalogues_regions_are_kept_until_a_publication_drops_them(
    make_questionnaire, federal, published_a
):
    assert [r.code for r in selectors.catalogue_regions()] == ["16"]
    dagestan = make_questionnaire(
        OrganisationFactory(region=region("05")), state=QuestionnaireState.SUBMITTED
    )
    Questionnaire.objects.filter(pk=dagestan.pk).update(published_at=timezone.now())
    assert [r.code for r in selectors.catalogue_regions()] == ["16"]  # kept for a while
    selectors.forget_catalogue_regions()
    # By name: Дагестан before Татарстан.
    assert [r.code for r in selectors.catalogue_regions()] == ["05", "16"]


@pytest.fixture
def published_a(submitted_a, federal):
    return services.questionnaire_publish(questionnaire=submitted_a, by=federal)


def test_the_filters_offer_regions_to_federal_coordinators_only(
    published_a, site_a, site_b, federal, regional_a
):
    public = selectors.filter_options(None)
    assert [r.code for r in public["regions"]] == ["16"]
    assert public["directions"]
    everyone = selectors.filter_options(federal)
    assert sorted(r.code for r in everyone["regions"]) == ["05", "16"]
    assert selectors.filter_options(regional_a)["regions"] == []
    assert everyone["directions"] == public["directions"]

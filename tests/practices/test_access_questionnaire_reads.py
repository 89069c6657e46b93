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
    Questionnaire.objects.filter(pk=newer.pk).update(
        updated_at=Questionnaire.objects.get(pk=older.pk).updated_at
    )
    # Changed at the same moment: the newer one first.
    assert list(selectors.applicant_questionnaires(applicant)) == [newer, older]
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


def _attach(questionnaire, kind, name, *, minutes=0):
    from practices.models import Attachment

    attachment = Attachment.objects.create(
        questionnaire=questionnaire,
        kind=kind,
        file=f"practices/attachments/{name}",
        display_name=name,
    )
    Attachment.objects.filter(pk=attachment.pk).update(
        uploaded_at=timezone.now() + datetime.timedelta(minutes=minutes)
    )
    return attachment


def test_the_detail_page_shows_staff_comments_to_staff_only(
    submitted_a, submitted_b, federal, regional_a, django_assert_num_queries
):
    from practices.models import (
        ExtraAnswer,
        ExtraQuestion,
        QuestionnaireHistory,
        StaffComment,
    )
    from tests.factories import ProgrammeFactory

    asked = ExtraQuestion.objects.create(
        programme=submitted_a.programme, text="Сколько волонтёров?", kind="number", position=1
    )
    unanswered = ExtraQuestion.objects.create(
        programme=submitted_a.programme, text="Есть ли сайт?", kind="text", position=2
    )
    ExtraQuestion.objects.create(
        programme=submitted_a.programme, text="Снятый вопрос", kind="text", is_active=False
    )
    ExtraQuestion.objects.create(
        programme=ProgrammeFactory(year=2019), text="Прошлогодний вопрос", kind="text"
    )
    answer = ExtraAnswer.objects.create(questionnaire=submitted_a, question=asked, number=12)
    ExtraAnswer.objects.create(questionnaire=submitted_b, question=unanswered, text="Чужой ответ")
    photo = _attach(submitted_a, "photo", "foto.jpg")
    document = _attach(submitted_a, "document", "ustav.pdf")
    _attach(submitted_b, "photo", "chuzhoe.jpg")
    StaffComment.objects.create(
        questionnaire=submitted_a, author=regional_a, text="Проверить смету"
    )
    StaffComment.objects.create(questionnaire=submitted_b, author=federal, text="Чужая заметка")
    QuestionnaireHistory.objects.filter(questionnaire=submitted_b).delete()
    mine = list(QuestionnaireHistory.objects.filter(questionnaire=submitted_a))
    assert mine  # submitting wrote it
    with django_assert_num_queries(5):
        context = selectors.questionnaire_detail_context(submitted_a, staff=True)
        actors = [entry.actor for entry in context["history"]]
        assert [c.author for c in context["comments"]] == [regional_a]
    assert [actor.pk if actor else None for actor in actors] == [entry.actor_id for entry in mine]
    assert context["extra"] == [(asked, answer), (unanswered, None)]
    assert context["photos"] == [photo] and context["documents"] == [document]
    assert [c.text for c in context["comments"]] == ["Проверить смету"]
    public = selectors.questionnaire_detail_context(submitted_a, staff=False)
    assert "comments" not in public
    assert public["history"] == context["history"] and public["extra"] == context["extra"]


def test_the_catalogue_lists_the_newest_publication_first_with_its_photos_in_order(
    make_questionnaire, federal, published_a, django_assert_num_queries
):
    other = make_questionnaire(
        OrganisationFactory(region=region("05")), state=QuestionnaireState.SUBMITTED
    )
    later = services.questionnaire_publish(questionnaire=other, by=federal)
    second = _attach(published_a, "photo", "vtoroe.jpg", minutes=2)
    first = _attach(published_a, "photo", "pervoe.jpg", minutes=1)
    _attach(published_a, "document", "ustav.pdf")
    assert list(selectors.published_practices()) == [later, published_a]
    Questionnaire.objects.filter(pk=published_a.pk).update(
        published_at=later.published_at + datetime.timedelta(minutes=1)
    )
    with django_assert_num_queries(2):
        found = list(selectors.published_practices())
        assert found == [published_a, later]
        assert found[0].photos == [first, second] and found[1].photos == []
    # The contact person's details are not even read for the public list.
    assert {"contact_name", "contact_position", "contact_phone", "contact_email"} <= set(
        found[0].get_deferred_fields()
    )
    Questionnaire.objects.filter(pk=published_a.pk).update(published_at=later.published_at)
    assert list(selectors.published_practices()) == [later, published_a]  # same moment: by id


def test_the_catalogues_regions_expire_after_ten_minutes(
    make_questionnaire, published_a, monkeypatch
):
    import time

    make_questionnaire(OrganisationFactory(region=region("02")), state=QuestionnaireState.SUBMITTED)
    assert [r.code for r in selectors.catalogue_regions()] == ["16"]  # an unpublished one: no
    dagestan = make_questionnaire(
        OrganisationFactory(region=region("05")), state=QuestionnaireState.SUBMITTED
    )
    Questionnaire.objects.filter(pk=dagestan.pk).update(published_at=timezone.now())
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start + 590)
    assert [r.code for r in selectors.catalogue_regions()] == ["16"]
    monkeypatch.setattr(time, "time", lambda: start + 610)
    assert [r.code for r in selectors.catalogue_regions()] == ["05", "16"]


def test_the_staff_list_filters_narrow_the_users_regions(
    make_questionnaire, applicant_organisation, organisation_b, regional_a, federal, expert
):
    from practices.models import Direction
    from tests.factories import ProgrammeFactory

    first, second = Direction.objects.order_by("position")[:2]
    kazan = MunicipalityFactory(region=region("16"), name="Казань")
    plain = make_questionnaire(
        applicant_organisation, state=QuestionnaireState.SUBMITTED, title="Клуб соседей"
    )
    other = make_questionnaire(
        applicant_organisation,
        state=QuestionnaireState.UNDER_REVIEW,
        title="Школа диалога",
        municipality=kazan,
        direction=second,
    )
    Questionnaire.objects.filter(pk=plain.pk).update(direction=first)
    make_questionnaire(applicant_organisation, title="Черновик")  # a draft: never staff's
    dagestan = make_questionnaire(organisation_b, state=QuestionnaireState.SUBMITTED)
    old = make_questionnaire(applicant_organisation, state=QuestionnaireState.SUBMITTED)
    Questionnaire.objects.filter(pk=old.pk).update(
        programme=ProgrammeFactory(year=2019), direction=second
    )

    def found(user, **filters):
        return list(selectors.staff_questionnaires(user, **filters))

    assert set(found(regional_a)) == {plain, other, old}
    assert set(found(federal)) == {plain, other, old, dagestan}
    assert found(expert) == []
    assert found(regional_a, state=QuestionnaireState.UNDER_REVIEW) == [other]
    assert found(regional_a, municipality_id=kazan.pk) == [other]
    assert found(regional_a, direction_id=first.pk) == [plain]
    assert found(federal, region_id=organisation_b.region_id) == [dagestan]
    assert found(regional_a, region_id=organisation_b.region_id) == []
    assert set(found(regional_a, programme_id=plain.programme_id)) == {plain, other}
    assert found(regional_a, search="соседей") == [plain]
    # Spaces collapse and quotes or dashes around a word do not count.
    assert found(regional_a, search='  Клуб   "соседей"- ') == [plain]


def test_the_staff_list_is_one_query(
    make_questionnaire, applicant_organisation, federal, django_assert_num_queries
):
    for _ in range(2):
        make_questionnaire(applicant_organisation, state=QuestionnaireState.SUBMITTED)
    list(selectors.staff_questionnaires(federal))  # the roles are read once per request
    with django_assert_num_queries(1):
        rows = list(selectors.staff_questionnaires(federal))
        assert all(
            q.organisation.region.name and q.municipality.name and q.direction.name for q in rows
        )
        assert all(q.programme.title for q in rows)


def test_the_staff_list_newest_submission_first(
    make_questionnaire, applicant_organisation, federal
):
    now = timezone.now()
    made = [
        make_questionnaire(applicant_organisation, state=QuestionnaireState.SUBMITTED)
        for _ in range(3)
    ]
    Questionnaire.objects.filter(pk=made[0].pk).update(submitted_at=now + datetime.timedelta(1))
    Questionnaire.objects.filter(pk__in=[made[1].pk, made[2].pk]).update(submitted_at=now)
    # One without a submission date sorts last (PostgreSQL would put it first without
    # nulls_last).
    Questionnaire.objects.filter(pk=made[2].pk).update(submitted_at=None)
    assert list(selectors.staff_questionnaires(federal)) == [made[0], made[1], made[2]]
    Questionnaire.objects.filter(pk=made[2].pk).update(submitted_at=now)
    assert list(selectors.staff_questionnaires(federal)) == [made[0], made[2], made[1]]

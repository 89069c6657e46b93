"""A seminar presents a best practice: the link, its rules, and the practice's page listing it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.forms import EventForm
from events.models import EventKind, EventState
from practices.models import PilotPractice, Questionnaire, QuestionnaireState
from tests.events.factories import best_practice
from tests.factories import OrganisationFactory, region

pytestmark = pytest.mark.django_db


def test_a_seminar_without_a_practice_is_refused(make_event):
    with pytest.raises(ValidationError, match="Выберите лучшую практику"):
        make_event(practice=None)


def test_host_organisation_and_municipality_come_from_the_practice(make_event, site_a):
    practice = best_practice(site_a, title="Школа диалога")
    other = OrganisationFactory(region=site_a.region)
    event = make_event(practice=practice, host_organisation=other, municipality=None)
    assert event.practice == practice
    assert event.host_organisation == practice.organisation
    assert event.municipality == practice.municipality
    assert list(practice.seminars.all()) == [event]


def test_a_practice_of_another_region_is_refused(make_event, site_b):
    with pytest.raises(ValidationError, match="лучшей практикой своего региона"):
        make_event(practice=best_practice(site_b))


def test_an_undecided_questionnaire_is_refused_but_a_step3_practice_is_allowed(
    make_event, site_a, regional_a
):
    organisation = OrganisationFactory(region=site_a.region)
    questionnaire = Questionnaire.objects.create(
        programme=site_a.programme,
        organisation=organisation,
        title="Клуб соседей",
        state=QuestionnaireState.UNDER_REVIEW,
    )
    with pytest.raises(ValidationError, match="лучшей практикой своего региона"):
        make_event(practice=questionnaire)
    PilotPractice.objects.create(
        pilot_site=site_a, questionnaire=questionnaire, slot=1, proposed_by=regional_a
    )
    assert make_event(practice=questionnaire).host_organisation == organisation


def test_a_round_table_links_to_no_practice(make_event, site_a):
    event = make_event(kind=EventKind.ROUND_TABLE, practice=best_practice(site_a))
    assert event.practice is None


def test_the_form_offers_only_the_sites_hostable_practices(site_a, site_b):
    own = best_practice(site_a, title="Своя практика")
    best_practice(site_b, title="Чужая практика")
    Questionnaire.objects.create(
        programme=site_a.programme,
        organisation=OrganisationFactory(region=region("16")),
        title="Не отобрана",
        state=QuestionnaireState.UNDER_REVIEW,
    )
    form = EventForm(sites=[site_a], region=site_a.region)
    assert list(form.fields["practice"].queryset) == [own]
    assert form.fields["practice"].label == "Лучшая практика"


def test_the_practice_page_lists_its_announced_seminars(make_event, site_a, client):
    practice = best_practice(site_a, title="Школа диалога")
    Questionnaire.objects.filter(pk=practice.pk).update(published_at="2020-05-01T10:00:00Z")
    announced = make_event(state=EventState.ANNOUNCED, practice=practice, title="Семинар-1")
    make_event(practice=practice, title="Семинар в плане")
    response = client.get(reverse("practices:practice", args=[practice.pk]))
    page = response.content.decode()
    assert "Семинары с этой практикой" in page
    assert reverse("events:public-detail", args=[announced.pk]) in page
    assert "Семинар в плане" not in page


def test_staff_see_the_planned_seminar_on_the_questionnaire_page(
    make_event, site_a, regional_a, regional_b, federal, login
):
    practice = best_practice(site_a, title="Школа диалога")
    planned = make_event(practice=practice, title="Семинар в плане")
    url = reverse("practices:detail", args=[practice.pk])
    page = login(regional_a).get(url).content.decode()
    assert reverse("events:staff-detail", args=[planned.pk]) in page
    page = login(federal).get(url).content.decode()
    assert "Семинар в плане" in page

"""The organisation and invitation forms' search-as-you-type fields, as a browser without
JavaScript uses them: type a name, send the form, the server finds the record or asks."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from resursnaya_sreda.accounts.models import Invitation, Role
from resursnaya_sreda.kernel.models import Municipality, Organisation
from tests.accounts.test_organisations import NEW, VALID_INN, data
from tests.factories import MunicipalityFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(db):
    return {
        "kazan": MunicipalityFactory(region=region("16"), name="Казань"),
        "kazan_district": MunicipalityFactory(region=region("16"), name="Казанский район"),
        "nizhnekamsk": MunicipalityFactory(region=region("16"), name="Нижнекамск"),
        "derbent": MunicipalityFactory(region=region("05"), name="Дербент"),
    }


def _saved() -> Organisation:
    return Organisation.objects.get(inn=VALID_INN)


def test_the_form_renders_a_search_field_not_a_list_of_every_municipality(login, applicant):
    Municipality.objects.bulk_create(
        Municipality(region=region("16"), name=f"Село {n}") for n in range(300)
    )
    html = login(applicant).get(NEW).content.decode()
    assert "Село 1" not in html
    field = re.search(r'<div class="rs-autocomplete"[^>]*>', html).group(0)
    assert 'data-url="/autocomplete/municipalities/"' in field
    assert "&quot;region&quot;: &quot;region&quot;" in field
    assert 'name="municipality__search"' in html
    assert re.search(r'<label\s+for="id_municipality"', html)
    assert re.search(
        r'<input type="text" name="municipality__search"[^>]*id="id_municipality"', html
    )


def test_typed_name_of_one_municipality_is_found_on_submit(login, applicant, towns):
    response = login(applicant).post(NEW, data(municipality__search="нижнекамск"))
    assert response.status_code == 302
    assert _saved().municipality == towns["nizhnekamsk"]


def test_typed_exact_name_wins_over_longer_names_containing_it(login, applicant, towns):
    login(applicant).post(NEW, data(municipality__search="Казань"))
    assert _saved().municipality == towns["kazan"]


def test_typed_text_is_looked_up_in_the_chosen_region_only(login, applicant, towns):
    response = login(applicant).post(NEW, data(municipality__search="Дербент"))
    assert response.status_code == 200
    error = response.context["form"].errors["municipality"][0]
    assert error == "По запросу «Дербент» ничего не найдено. Проверьте написание."
    html = response.content.decode()
    assert 'value="Дербент"' in html  # what was typed stays in the field
    assert 'value="Автономная некоммерческая организация «Радуга»"' in html
    assert not Organisation.objects.filter(inn=VALID_INN).exists()


def test_text_naming_several_offers_them_to_pick_and_the_pick_is_saved(login, applicant, towns):
    client = login(applicant)
    response = client.post(NEW, data(municipality__search="каз"))
    assert response.status_code == 200
    assert "подходит несколько вариантов" in response.context["form"].errors["municipality"][0]
    html = response.content.decode()
    picks = dict(
        re.findall(
            r'name="municipality__pick" value="(\d+)" id="[^"]+">\s*<label[^>]*>([^<]+)<', html
        )
    )
    assert set(picks.values()) == {
        "Казань (Республика Татарстан)",
        "Казанский район (Республика Татарстан)",
    }
    district = towns["kazan_district"].pk
    response = client.post(NEW, data(municipality__search="каз", municipality__pick=str(district)))
    assert response.status_code == 302
    assert _saved().municipality == towns["kazan_district"]


def test_chosen_id_with_its_own_label_is_kept_as_chosen(login, applicant, towns):
    chosen = towns["kazan_district"]
    response = login(applicant).post(
        NEW,
        data(municipality=chosen.pk, municipality__search="Казанский район (Республика Татарстан)"),
    )
    assert response.status_code == 302
    assert _saved().municipality == chosen


def test_text_changed_after_choosing_is_searched_again(login, applicant, towns):
    response = login(applicant).post(
        NEW, data(municipality=towns["kazan"].pk, municipality__search="Нижнекамск")
    )
    assert response.status_code == 302
    assert _saved().municipality == towns["nizhnekamsk"]


def test_emptied_text_clears_the_choice(login, applicant, towns):
    response = login(applicant).post(
        NEW, data(municipality=towns["kazan"].pk, municipality__search="  ")
    )
    assert response.status_code == 302
    assert _saved().municipality is None


def test_a_resolved_choice_stays_chosen_when_another_field_is_wrong(login, applicant, towns):
    response = login(applicant).post(NEW, data(municipality__search="нижнекамск", inn="123"))
    assert response.status_code == 200
    assert "inn" in response.context["form"].errors
    html = response.content.decode()
    assert f'name="municipality" value="{towns["nizhnekamsk"].pk}"' in html
    assert 'value="Нижнекамск (Республика Татарстан)"' in html


def test_editing_shows_the_current_municipality_by_name(login, applicant, applicant_organisation):
    town = MunicipalityFactory(region=region("16"), name="Елабуга")
    applicant_organisation.municipality = town
    applicant_organisation.save()
    url = reverse("accounts:organisation-update", args=[applicant_organisation.pk])
    html = login(applicant).get(url).content.decode()
    assert f'name="municipality" value="{town.pk}"' in html
    assert 'value="Елабуга (Республика Татарстан)"' in html


def test_invitation_pilot_site_is_found_by_typing_the_region(
    login, federal, site_a, site_b, mailoutbox, django_capture_on_commit_callbacks
):
    form = {"email": "staff@example.org", "role": Role.REGIONAL, "pilot_site__search": "татарст"}
    with django_capture_on_commit_callbacks(execute=True):
        response = login(federal).post(reverse("accounts:invitation-create"), form)
    assert response.status_code == 302
    assert Invitation.objects.get().pilot_site == site_a
    assert len(mailoutbox) == 1

"""The kernel admin: open to federal coordinators who are not superusers, closed to the rest."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resursnaya_sreda.accounts.models import Role
from resursnaya_sreda.kernel import services
from resursnaya_sreda.kernel.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    PilotSite,
    Programme,
)
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PilotSiteFactory,
    region,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "kernel_region",
    "kernel_municipality",
    "kernel_organisation",
    "kernel_programme",
    "kernel_pilotsite",
    "kernel_roadmapstep",
    "kernel_roadmaptask",
    "kernel_target",
    "auditlog_logentry",
]


@pytest.fixture
def seeded(programme):
    services.programme_seed_roadmap(programme=programme, start=programme_start())
    return programme


def programme_start():
    import datetime

    return datetime.date(2020, 3, 1)


@pytest.mark.parametrize("name", CHANGELISTS)
def test_federal_coordinator_who_is_not_superuser_opens_every_changelist(
    name, federal, login, seeded, site_a
):
    assert not federal.is_superuser and not federal.is_staff
    response = login(federal).get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("name", CHANGELISTS)
@pytest.mark.parametrize("role", ["regional_a", "applicant", "anonymous"])
def test_people_outside_the_admin_are_sent_to_its_login(name, role, request, login):
    user = request.getfixturevalue(role)
    response = login(user).get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("name", CHANGELISTS)
def test_expert_enters_the_admin_but_not_the_kernel_pages(name, expert, login):
    response = login(expert).get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 403


def test_admin_index_lists_kernel_models_for_federal_and_not_for_expert(federal, expert, login):
    federal_page = login(federal).get(reverse("admin:index")).content.decode()
    assert reverse("admin:kernel_programme_changelist") in federal_page
    expert_page = login(expert).get(reverse("admin:index")).content.decode()
    assert reverse("admin:kernel_programme_changelist") not in expert_page


def test_federal_coordinator_opens_add_and_change_forms_with_inlines(federal, login, seeded):
    client = login(federal)
    response = client.get(reverse("admin:kernel_programme_change", args=[seeded.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Выявление лучших практик" in body  # the steps inline
    assert "targets-TOTAL_FORMS" in body  # the targets inline
    assert client.get(reverse("admin:kernel_organisation_add")).status_code == 200
    step = seeded.steps.get(number=1)
    step_page = client.get(reverse("admin:kernel_roadmapstep_change", args=[step.pk]))
    assert "Разработаны критерии отбора." in step_page.content.decode()


def test_regions_are_read_only_even_for_federal(federal, login):
    client = login(federal)
    assert client.get(reverse("admin:kernel_region_add")).status_code == 403
    kazan_region = region("16")
    response = client.get(reverse("admin:kernel_region_change", args=[kazan_region.pk]))
    assert response.status_code == 200
    assert 'name="name"' not in response.content.decode()


def test_region_list_filters_by_federal_district(federal, login):
    response = login(federal).get(
        reverse("admin:kernel_region_changelist") + "?federal_district__exact=ncfd"
    )
    body = response.content.decode()
    assert "Республика Дагестан" in body
    assert "Республика Татарстан" not in body


def test_organisation_search_finds_by_inn(federal, login):
    OrganisationFactory(name="АНО «Искомая»", inn="7707083893")
    OrganisationFactory(name="АНО «Другая»")
    response = login(federal).get(reverse("admin:kernel_organisation_changelist") + "?q=7707083893")
    body = response.content.decode()
    assert "АНО «Искомая»" in body and "АНО «Другая»" not in body


def test_programme_list_links_to_its_pilot_sites(federal, login, site_a, site_b):
    response = login(federal).get(reverse("admin:kernel_programme_changelist"))
    link = (
        reverse("admin:kernel_pilotsite_changelist")
        + f"?programme__id__exact={site_a.programme_id}"
    )
    body = response.content.decode()
    assert link in body
    assert "Пилотные площадки: 2" in body


def test_pilot_site_list_shows_staff_count(federal, login, regional_a, site_a):
    MembershipFactory(role=Role.REGIONAL, pilot_site=site_a)
    response = login(federal).get(reverse("admin:kernel_pilotsite_changelist"))
    assert response.context["cl"].result_list[0].staff_count == 2


def test_pilot_site_form_refuses_a_centre_of_another_region(federal, login, programme):
    centre = OrganisationFactory(kind=OrganisationKind.RESOURCE_CENTRE, region=region("05"))
    response = login(federal).post(
        reverse("admin:kernel_pilotsite_add"),
        {"programme": programme.pk, "region": region("16").pk, "centre": centre.pk},
    )
    assert response.status_code == 200
    assert (
        "Ресурсный центр должен находиться в регионе пилотной площадки."
        in response.content.decode()
    )
    assert not PilotSite.objects.exists()


def test_pilot_site_is_added_through_the_service(federal, login, programme):
    centre = OrganisationFactory(kind=OrganisationKind.RESOURCE_CENTRE, region=region("16"))
    response = login(federal).post(
        reverse("admin:kernel_pilotsite_add"),
        {"programme": programme.pk, "region": region("16").pk, "centre": centre.pk},
    )
    assert response.status_code == 302
    assert PilotSite.objects.get().centre == centre


def _changelist_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name", ["kernel_pilotsite", "kernel_programme", "kernel_organisation", "auditlog_logentry"]
)
def test_changelist_query_count_does_not_grow_with_rows(name, federal, login, programme):
    client = login(federal)
    url = reverse(f"admin:{name}_changelist")
    codes = ["16", "05", "02", "66", "54", "23"]
    for code in codes[:2]:
        PilotSiteFactory(programme=programme, region=region(code))
    small = _changelist_queries(client, url)
    for code in codes[2:]:
        PilotSiteFactory(programme=programme, region=region(code))
    assert _changelist_queries(client, url) == small


def test_copy_action_shows_a_form_with_next_year(federal, login, seeded):
    response = login(federal).post(
        reverse("admin:kernel_programme_changelist"),
        {"action": "copy_programme", "_selected_action": [seeded.pk]},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Ресурсная среда — тест"' not in body
    assert 'name="year"' in body and 'value="2021"' in body
    assert Programme.objects.count() == 1


def test_copy_action_copies_the_programme(federal, login, seeded, site_a):
    response = login(federal).post(
        reverse("admin:kernel_programme_changelist"),
        {
            "action": "copy_programme",
            "_selected_action": [seeded.pk],
            "apply": "1",
            "title": "Ресурсная среда — 2021",
            "year": "2021",
            "shift_days": "",
        },
    )
    copy = Programme.objects.get(title="Ресурсная среда — 2021")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:kernel_programme_change", args=[copy.pk])
    assert copy.steps.count() == 7
    assert copy.pilot_sites.get().region == site_a.region


def test_copy_action_keeps_the_form_when_the_title_is_taken(federal, login, seeded):
    response = login(federal).post(
        reverse("admin:kernel_programme_changelist"),
        {
            "action": "copy_programme",
            "_selected_action": [seeded.pk],
            "apply": "1",
            "title": seeded.title,
            "year": "2021",
        },
    )
    assert response.status_code == 200
    assert "Программа с таким названием уже есть." in response.content.decode()
    assert Programme.objects.count() == 1


def test_make_current_action_switches_the_current_programme(federal, login, programme):
    other = services.programme_create_from_seed(title="Другая", year=2021)
    login(federal).post(
        reverse("admin:kernel_programme_changelist"),
        {"action": "make_current", "_selected_action": [other.pk]},
    )
    programme.refresh_from_db()
    other.refresh_from_db()
    assert other.is_current and not programme.is_current


# --- The change history ---------------------------------------------------------------------


def _organisation_form(org: Organisation, **changes: object) -> dict[str, object]:
    data = {
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "region": org.region_id,
        "municipality": org.municipality_id or "",
        "inn": org.inn,
        "ogrn": org.ogrn,
        "address": org.address,
        "phone": org.phone,
        "email": org.email,
        "website": org.website,
    }
    data.update(changes)
    return data


def test_admin_change_is_logged_with_its_actor(federal, login):
    org = OrganisationFactory(name="АНО «Старое имя»")
    response = login(federal).post(
        reverse("admin:kernel_organisation_change", args=[org.pk]),
        _organisation_form(org, name="АНО «Новое имя»"),
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(org).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == federal
    assert entry.changes_dict["name"] == ["АНО «Старое имя»", "АНО «Новое имя»"]


def test_admin_addition_is_logged_with_its_actor(federal, login):
    response = login(federal).post(
        reverse("admin:kernel_municipality_add"),
        {"region": region("16").pk, "name": "город Елабуга", "kind": "urban_district", "oktmo": ""},
    )
    assert response.status_code == 302
    municipality = Municipality.objects.get(name="город Елабуга")
    entry = LogEntry.objects.get_for_object(municipality).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == federal


def test_history_page_shows_who_changed_what(federal, login):
    org = OrganisationFactory(name="АНО «Старое имя»")
    client = login(federal)
    client.post(
        reverse("admin:kernel_organisation_change", args=[org.pk]),
        _organisation_form(org, name="АНО «Новое имя»"),
    )
    response = client.get(reverse("admin:kernel_organisation_history", args=[org.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "История изменений" in body
    assert federal.full_name in body
    assert "АНО «Старое имя»" in body and "изменение" in body


def test_history_page_is_closed_to_experts(expert, login):
    org = OrganisationFactory()
    response = login(expert).get(reverse("admin:kernel_organisation_history", args=[org.pk]))
    assert response.status_code == 403


def test_log_entry_page_is_read_only_and_in_russian(federal, login):
    org = OrganisationFactory(name="АНО «Журнал»")
    client = login(federal)
    client.post(
        reverse("admin:kernel_organisation_change", args=[org.pk]),
        _organisation_form(org, short_name="Журнал"),
    )
    entry = LogEntry.objects.get_for_object(org).get(action=LogEntry.Action.UPDATE)
    response = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "краткое наименование" in body and "стало" in body
    assert 'name="_save"' not in body
    search = client.get(reverse("admin:auditlog_logentry_changelist") + f"?q={federal.email}")
    assert search.status_code == 200

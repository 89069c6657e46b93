"""152-ФЗ duties: anonymising after the retention date, a person's data export, erasure."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from resursnaya_sreda.accounts.models import Invitation, Membership, Role, User, UserSession
from resursnaya_sreda.kernel import personal_data
from resursnaya_sreda.kernel.models import (
    PersonalDataRequest,
    PersonalDataRequestKind,
    RoadmapStep,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_programme(programme, site_a):
    RoadmapStep.objects.create(
        programme=programme,
        number=1,
        title="Шаг",
        starts_on=datetime.date(2020, 3, 1),
        ends_on=datetime.date(2020, 11, 30),
    )
    return programme


@pytest.fixture
def invitation(finished_programme, site_a, federal):
    return Invitation.objects.create(
        email="invited@test.example",
        full_name="Приглашённая Ирина",
        role=Role.REGIONAL,
        pilot_site=site_a,
        invited_by=federal,
        token_hash="x" * 64,
    )


def test_the_retention_date_follows_the_last_step(finished_programme, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    assert personal_data.retention_date(finished_programme) == datetime.date(2021, 11, 30)


def test_anonymising_keeps_the_rows_and_removes_names_and_addresses(invitation, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    assert personal_data.anonymise_due(today=datetime.date(2021, 11, 30)) == {}
    done = personal_data.anonymise_due(today=datetime.date(2021, 12, 1))
    # Every app's anonymiser runs; here only the invitation held anything.
    [counts] = done.values()
    assert {name: n for name, n in counts.items() if n} == {"accounts-invitations": 1}
    assert {"events-registrations", "practices-contacts", "contest-contacts"} <= counts.keys()
    invitation.refresh_from_db()
    assert invitation.full_name == ""
    assert "invited" not in invitation.email
    assert Invitation.objects.count() == 1  # counts stay right
    record = PersonalDataRequest.objects.get(kind=PersonalDataRequestKind.ANONYMISE)
    assert record.counts == counts


def test_anonymising_twice_changes_nothing_more(invitation, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    personal_data.anonymise_due(today=datetime.date(2022, 1, 1))
    again = personal_data.anonymise_due(today=datetime.date(2022, 1, 2))
    [counts] = again.values()
    assert counts["accounts-invitations"] == 0 and not any(counts.values())
    assert PersonalDataRequest.objects.count() == 1


def test_the_command_has_a_dry_run(invitation, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 1
    out = StringIO()
    call_command("anonymise", "--dry-run", stdout=out)
    assert "будет обезличено — accounts-invitations: 1" in out.getvalue()
    invitation.refresh_from_db()
    assert invitation.full_name == "Приглашённая Ирина"
    call_command("anonymise", stdout=out)
    invitation.refresh_from_db()
    assert invitation.full_name == ""


def test_the_export_lists_what_the_portal_holds_about_an_address(applicant):
    sources = dict(personal_data.person_data(applicant.email.upper()))
    titles = [section.title for section in sources["accounts"]]
    assert "Учётная запись" in titles
    rows = dict(sources["accounts"][0].rows)
    assert rows["ФИО"] == applicant.full_name


def test_the_export_is_a_federal_document_recorded_when_made(
    login, federal, applicant, django_capture_on_commit_callbacks
):
    from reports.engine import registry
    from reports.services import document_job_request

    kind = registry.get("personal-data-export")
    assert kind.can_request(federal)
    assert not kind.can_request(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = document_job_request(
            user=federal, kind=kind.identifier, fmt="pdf", parameters={"email": applicant.email}
        )
    outcome.job.refresh_from_db()
    assert outcome.job.status == "done"
    record = PersonalDataRequest.objects.get(kind=PersonalDataRequestKind.EXPORT)
    assert record.subject_email == applicant.email
    assert record.done_by == federal


def test_erasure_on_request_removes_the_person_and_keeps_counts(
    login, client, federal, applicant, password
):
    client_b = type(client)()
    client_b.post("/accounts/login/", {"username": applicant.email, "password": password})
    roles_before = Membership.objects.count()
    email = applicant.email
    response = login(federal).post(
        reverse("admin:kernel_personaldatarequest_erase"),
        {"email": email, "reason": "Заявление от 01.12.2026", "confirm": "on"},
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.email != email and "@anonymised.invalid" in applicant.email
    assert applicant.full_name == "Удалён по запросу"
    assert not applicant.is_active
    assert not applicant.has_usable_password()
    assert Membership.objects.count() == roles_before
    assert not UserSession.objects.filter(user=applicant).exists()
    assert client_b.get("/accounts/cabinet/").status_code == 302
    record = PersonalDataRequest.objects.get(kind=PersonalDataRequestKind.ERASURE)
    assert record.subject_email == ""
    assert record.subject_hash == personal_data.email_hash(email)
    assert record.counts["accounts"] == 1
    assert {name: n for name, n in record.counts.items() if n} == {"accounts": 1}
    assert not User.objects.filter(email=email).exists()


def test_erasure_asks_for_confirmation(login, federal, applicant):
    response = login(federal).post(
        reverse("admin:kernel_personaldatarequest_erase"),
        {"email": applicant.email, "reason": "Заявление"},
    )
    assert response.status_code == 200
    applicant.refresh_from_db()
    assert applicant.is_active


def test_only_a_federal_coordinator_erases(regional_a, applicant):
    with pytest.raises(PermissionError, match="federal"):
        personal_data.person_erase(email=applicant.email, by=regional_a, reason="x")


def test_other_roles_cannot_open_the_erasure_page(login, regional_a):
    response = login(regional_a).get(reverse("admin:kernel_personaldatarequest_erase"))
    assert response.status_code == 302

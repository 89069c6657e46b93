# ruff: noqa: F811 -- the fixtures imported from tests.kernel.files.models are parameters here
"""The record of reading personal data: one entry per read, none for other pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from resursnaya_sreda.kernel import access_log
from resursnaya_sreda.kernel.models import AccessAction, PersonalDataAccess
from tests.factories import UserFactory
from tests.kernel.files.models import attachment_model, django_db_setup  # noqa: F401
from tests.kernel.test_uploads_storage import make_attachment

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@test.example")


def entries():
    return list(PersonalDataAccess.objects.order_by("pk"))


def test_downloading_a_private_file_writes_one_entry(attachment_model, owner, login):
    attachment = make_attachment(attachment_model)
    client = login(owner)
    client.get(attachment.file.url)
    client.get(attachment.file.url)  # the same read again at once: one entry
    [entry] = entries()
    assert entry.user == owner
    assert entry.action == AccessAction.DOWNLOAD
    assert entry.object_id == str(attachment.pk)
    assert entry.ip_address == "127.0.0.1"
    assert entry.path == attachment.file.url


def test_a_refused_download_writes_nothing(attachment_model, applicant, login):
    attachment = make_attachment(attachment_model)
    assert login(applicant).get(attachment.file.url).status_code == 404
    assert entries() == []


def test_recording_costs_one_query(owner, django_assert_num_queries, rf):
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_model(type(owner))
    request = rf.get("/somewhere/")
    request.user = owner
    with django_assert_num_queries(1):
        access_log.record_access(request, owner)


def test_a_personal_data_document_download_writes_one_entry_with_its_parameters(
    login, federal, django_capture_on_commit_callbacks, programme, monkeypatch
):
    from reports import services
    from reports.engine import registry

    # A kind says itself that its files hold personal data.
    monkeypatch.setattr(registry.get("pilot-sites"), "personal_data", True)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.document_job_request(
            user=federal, kind="pilot-sites", fmt="xlsx", parameters={"programme": programme.pk}
        )
    client = login(federal)
    response = client.get(reverse("reports:job-download", args=[outcome.job.pk]))
    assert response.status_code == 200
    [entry] = entries()
    assert entry.action == AccessAction.EXPORT
    assert entry.parameters["document"] == "pilot-sites"
    assert entry.parameters["programme"] == programme.pk


def test_a_document_without_personal_data_writes_nothing(
    login, federal, django_capture_on_commit_callbacks, programme
):
    from reports import services

    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.document_job_request(
            user=federal, kind="pilot-sites", fmt="xlsx", parameters={"programme": programme.pk}
        )
    login(federal).get(reverse("reports:job-download", args=[outcome.job.pk]))
    assert entries() == []


def test_the_admin_list_of_people_writes_one_entry_with_its_filters(login, federal, applicant):
    response = login(federal).get("/admin/accounts/user/", {"q": "Заявителев"})
    assert response.status_code == 200
    [entry] = entries()
    assert entry.action == AccessAction.ADMIN_LIST
    assert entry.parameters == {"q": "Заявителев"}


def test_opening_a_person_in_the_admin_writes_one_entry(login, federal, applicant):
    login(federal).get(f"/admin/accounts/user/{applicant.pk}/change/")
    [entry] = entries()
    assert entry.action == AccessAction.ADMIN_VIEW
    assert entry.object_id == str(applicant.pk)


def test_admin_pages_without_personal_data_write_nothing(login, federal, programme):
    client = login(federal)
    client.get("/admin/kernel/region/")
    client.get(f"/admin/kernel/programme/{programme.pk}/change/")
    client.get("/")
    client.get("/accounts/cabinet/")
    assert entries() == []


def test_the_decorator_records_a_successful_view_only(rf, owner):
    from django.http import HttpResponse

    @access_log.reads_personal_data(lambda request, kwargs: f"Участники {kwargs['pk']}")
    def view(request, pk):
        return HttpResponse(status=200 if pk == 1 else 404)

    request = rf.get("/x/", {"page": "2"})
    request.user = owner
    view(request, pk=1)
    view(request, pk=2)
    [entry] = entries()
    assert entry.what == "Участники 1"
    assert entry.parameters == {"pk": 1, "page": "2"}


def test_entries_cannot_be_changed_or_deleted_in_the_admin(login, federal, owner, rf):
    request = rf.get("/")
    request.user = owner
    entry = access_log.record_access(request, owner)
    client = login(federal)
    base = f"/admin/kernel/personaldataaccess/{entry.pk}"
    assert client.post(f"{base}/change/", {"what": "x"}).status_code == 403
    assert client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    assert PersonalDataAccess.objects.get(pk=entry.pk).what == entry.what


def test_a_federal_coordinator_filters_and_exports_the_log(login, federal, owner, applicant, rf):
    for reader in (owner, applicant):
        request = rf.get("/")
        request.user = reader
        access_log.record_access(request, "Реестр участников", action=AccessAction.EXPORT)
    client = login(federal)
    page = client.get("/admin/kernel/personaldataaccess/", {"q": owner.email}).content.decode()
    assert owner.email in page
    response = client.get("/admin/kernel/personaldataaccess/export/", {"q": owner.email})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert owner.email in body
    assert applicant.email not in body


def test_other_roles_do_not_see_the_log(login, regional_a):
    assert login(regional_a).get("/admin/kernel/personaldataaccess/").status_code == 302


def test_entries_past_the_retention_period_are_removed(owner, rf, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    request = rf.get("/")
    request.user = owner
    old = access_log.record_access(request, "старое")
    PersonalDataAccess.objects.filter(pk=old.pk).update(
        at=timezone.now() - datetime.timedelta(days=31)
    )
    access_log.record_access(request, "новое")
    assert access_log.access_log_cleanup() == 1
    assert [e.what for e in entries()] == ["новое"]


def test_staff_see_that_access_is_recorded(login, regional_a, applicant):
    notice = "записываются в журнал"
    assert notice in login(regional_a).get("/accounts/cabinet/").content.decode()
    assert notice not in login(applicant).get("/accounts/cabinet/").content.decode()


def test_every_app_says_itself_what_holds_personal_data(settings):
    from reports.engine import registry

    assert not hasattr(settings, "ACCESS_LOG_PERSONAL_MODELS")
    assert not hasattr(settings, "ACCESS_LOG_PERSONAL_DOCUMENTS")
    labels = {model._meta.label for model in access_log.personal_data_models()}
    assert {
        "accounts.User",
        "events.Registration",
        "events.EventScan",
        "practices.Questionnaire",
        "practices.Attachment",
        "videos.OnScreenPerson",
        "videos.FilmingPartner",
        "contest.Entry",
    } <= labels
    personal = {kind.identifier for kind in registry if kind.personal_data}
    assert "events-register" not in personal and "videos-register" not in personal
    assert personal >= {
        "personal-data-export",
        "events-sheet",
        "events-participants",
        "practices-questionnaire",
        "practices-register",
        "contest-entry",
    }

"""The page «Отчёты и документы», its partials and downloads, for every role."""

from __future__ import annotations

import contextlib
import datetime
from unittest import mock

import kombu.exceptions
import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services, tasks
from reports.models import DocumentJob, JobStatus
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kernel_kinds_only")]

ROLES = ["anonymous", "applicant", "expert", "regional_a", "regional_b", "federal"]
LIST = reverse("reports:list")


@pytest.fixture
def make_job(full_programme, django_capture_on_commit_callbacks):
    """A job of ``user`` rendered (eagerly) to the end, requested under the real permission.

    ``bypass_permission=True`` makes a job for someone who may not request it: only to test the
    job pages' own rule (owner or federal) apart from who may order what."""

    def _make(user, *, kind="programme-passport", fmt="pdf", bypass_permission=False):
        allowed = (
            mock.patch("reports.services.can_request_document", return_value=True)
            if bypass_permission
            else contextlib.nullcontext()
        )
        with allowed, django_capture_on_commit_callbacks(execute=True):
            outcome = services.document_job_request(
                user=user, kind=kind, fmt=fmt, parameters={"programme": full_programme.pk}
            )
        outcome.job.refresh_from_db()
        return outcome.job

    return _make


def _request_passport(client, for_programme, *, htmx=False, **extra):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    data = {"programme": for_programme.pk, "out-format": "pdf", **extra}
    return client.post(reverse("reports:job-request", args=["programme-passport"]), data, **headers)


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["applicant", "expert", "regional_a", "regional_b"])
def test_roles_without_documents_see_a_clear_empty_state(request, login, role, full_programme):
    response = login(request.getfixturevalue(role)).get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Для вашей роли документов нет" in page
    assert "?kind=programme-passport" not in page
    assert 'id="request-panel"' not in page


def test_a_federal_coordinator_sees_both_kernel_documents(login, federal, full_programme):
    page = login(federal).get(LIST).content.decode()
    assert "Паспорт программы" in page and "Пилотные площадки" in page
    assert "Для вашей роли документов нет" not in page


def test_choosing_a_kind_shows_its_parameters_form(login, federal, full_programme):
    page = login(federal).get(LIST, {"kind": "pilot-sites"}).content.decode()
    assert 'name="programme"' in page
    assert 'name="federal_district"' in page
    assert reverse("reports:job-request", args=["pilot-sites"]) in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("applicant", 403),
        ("expert", 403),
        ("regional_a", 403),
        ("regional_b", 403),
        ("federal", 302),
    ],
)
def test_requesting_the_passport_by_role(request, login, role, status, full_programme):
    response = _request_passport(login(request.getfixturevalue(role)), full_programme)
    assert response.status_code == status
    assert DocumentJob.objects.exists() is (role == "federal")


def test_a_kind_that_does_not_exist_is_404(login, federal):
    client = login(federal)
    assert client.get(LIST, {"kind": "no-such-document"}).status_code == 404
    response = client.post(reverse("reports:job-request", args=["no-such-document"]), {})
    assert response.status_code == 404


def test_invalid_parameters_come_back_beside_the_field_in_russian(login, federal, full_programme):
    response = _request_passport(login(federal), full_programme, htmx=True, programme="999999")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Такой программы нет. Выберите программу из списка." in page
    assert "is-invalid" in page
    assert not DocumentJob.objects.exists()


def test_an_htmx_request_returns_the_form_and_the_new_job_at_the_top_of_the_list(
    login, federal, full_programme
):
    response = _request_passport(login(federal), full_programme, htmx=True)
    job = DocumentJob.objects.get()
    page = response.content.decode()
    assert 'hx-swap-oob="afterbegin:#job-list"' in page
    assert f'id="job-{job.pk}"' in page
    assert "Документ заказан" in page


def test_a_second_identical_request_shows_the_running_job(login, federal, full_programme):
    client = login(federal)
    down = kombu.exceptions.OperationalError("down")
    with mock.patch.object(tasks.render_document_job, "apply_async", side_effect=down):
        _request_passport(client, full_programme, htmx=True)
        response = _request_passport(client, full_programme, htmx=True)
    assert DocumentJob.objects.count() == 1
    assert "уже формируется" in response.content.decode()


# Committed for real, so the enqueue runs inside the request as in production.
@pytest.mark.django_db(transaction=True)
def test_redis_down_tells_the_person_and_keeps_the_job_queued(login, federal, full_programme):
    client = login(federal)
    down = kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379")
    with mock.patch.object(tasks.render_document_job, "apply_async", side_effect=down):
        response = _request_passport(client, full_programme, htmx=True)
    page = response.content.decode()
    assert "Сервис фоновых задач сейчас недоступен" in page
    job = DocumentJob.objects.get()
    assert job.status == JobStatus.QUEUED
    assert 'hx-trigger="every 2s"' in page


def test_the_status_partial_polls_while_active_and_stops_when_done(
    login, federal, make_job, full_programme
):
    client = login(federal)
    job = make_job(federal)
    done = client.get(reverse("reports:job-status", args=[job.pk])).content.decode()
    assert "every 2s" not in done
    assert "Готово" in done
    assert reverse("reports:job-download", args=[job.pk]) in done
    DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=40)
    running = client.get(reverse("reports:job-status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in running
    assert 'aria-valuenow="40"' in running


def test_a_failed_job_shows_why_and_offers_a_retry(
    login, federal, make_job, django_capture_on_commit_callbacks
):
    client = login(federal)
    job = make_job(federal)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error="Обработчик остановился."
    )
    page = client.get(LIST).content.decode()
    assert "Обработчик остановился." in page
    assert reverse("reports:job-retry", args=[job.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:job-retry", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert DocumentJob.objects.filter(status=JobStatus.DONE).exclude(pk=job.pk).count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("applicant", 404),
        ("expert", 404),
        ("regional_a", 404),
        ("regional_b", 404),
        ("federal", 200),
    ],
)
@pytest.mark.parametrize("view", ["reports:job-status", "reports:job-download"])
def test_another_users_job_is_404_except_for_federal(request, login, role, status, view, make_job):
    owner = UserFactory(full_name="Владелец Документа")
    job = make_job(owner, bypass_permission=True)
    response = login(request.getfixturevalue(role)).get(reverse(view, args=[job.pk]))
    assert response.status_code == status
    if status == 200 and view == "reports:job-download":
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    elif status == 200:
        assert "Готово" in response.content.decode()
    elif status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.fixture
def federal_colleague(db):
    """A second federal coordinator: their jobs are someone else's for ``federal``."""
    from resursnaya_sreda.accounts.models import Role
    from tests.factories import MembershipFactory

    user = UserFactory(full_name="Коллега Федеральная")
    MembershipFactory(user=user, role=Role.FEDERAL)
    return user


def test_the_requester_downloads_the_file_as_an_attachment(login, federal_colleague, make_job):
    job = make_job(federal_colleague)
    response = login(federal_colleague).get(reverse("reports:job-download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_users_failed_job_cannot_be_retried(login, regional_b, make_job, federal):
    job = make_job(federal)
    DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    response = login(regional_b).post(reverse("reports:job-retry", args=[job.pk]))
    assert response.status_code == 404


def test_a_job_id_that_does_not_exist_is_404(login, federal):
    response = login(federal).get(
        reverse("reports:job-status", args=["00000000-0000-0000-0000-000000000000"])
    )
    assert response.status_code == 404


def test_a_file_removed_by_retention_is_not_downloadable(login, federal, make_job):
    job = make_job(federal)
    DocumentJob.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=400)
    )
    services.document_files_cleanup()
    client = login(federal)
    assert client.get(reverse("reports:job-download", args=[job.pk])).status_code == 404
    assert "удалён по сроку хранения" in client.get(LIST).content.decode()


def test_a_federal_coordinator_may_list_everybodys_jobs(
    login, federal, federal_colleague, make_job
):
    theirs = make_job(federal_colleague)
    client = login(federal)
    assert f"job-{theirs.pk}" not in client.get(LIST).content.decode()
    assert f"job-{theirs.pk}" in client.get(LIST, {"scope": "all"}).content.decode()


def test_other_roles_cannot_list_everybodys_jobs(login, regional_b, federal, make_job):
    theirs = make_job(federal)
    page = login(regional_b).get(LIST, {"scope": "all"}).content.decode()
    assert f"job-{theirs.pk}" not in page


def test_the_jobs_page_notices_a_dead_worker(login, federal, make_job, settings):
    job = make_job(federal)
    long_ago = timezone.now() - datetime.timedelta(hours=3)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        started_at=long_ago,
        heartbeat_at=long_ago,
        attempts=settings.REPORTS_MAX_ATTEMPTS,
    )
    page = login(federal).get(LIST).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "обработчик остановился" in page


@pytest.mark.parametrize("count", [3, 15])
def test_the_jobs_page_query_count_does_not_grow_with_jobs(
    login, federal, full_programme, django_assert_max_num_queries, count
):
    for _ in range(count):
        DocumentJob.objects.create(
            kind="programme-passport",
            title="Паспорт",
            format="pdf",
            requested_by=federal,
            dedupe_key=f"k{_}",
            status=JobStatus.DONE,
        )
    client = login(federal)
    client.get(LIST)  # warm the session and the lazy sweep's cache slot
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"scope": "all"})
    assert response.content.decode().count('class="list-group-item py-3"') == count


def test_the_header_links_staff_to_the_page(login, federal, regional_a, applicant):
    cabinet = reverse("accounts:cabinet")
    assert f'href="{LIST}"' in login(federal).get(cabinet).content.decode()
    assert f'href="{LIST}"' in login(regional_a).get(cabinet).content.decode()
    assert f'href="{LIST}"' not in login(applicant).get(cabinet).content.decode()

"""The job state machine: request, dedupe, render, fail, dead workers, Redis down, cleanup."""

from __future__ import annotations

import datetime
from unittest import mock

import kombu.exceptions
import pytest
from celery.exceptions import Retry, SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from reports import services, tasks
from reports.engine import UnknownDocument
from reports.models import DocumentJob, JobStatus
from tests.reports.conftest import pdf_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(federal, full_programme, django_capture_on_commit_callbacks):
    """``order()`` requests the passport as the federal coordinator and runs the commit hooks."""

    def _order(*, user=federal, kind="programme-passport", fmt="pdf", parameters=None):
        with django_capture_on_commit_callbacks(execute=True):
            outcome = services.document_job_request(
                user=user,
                kind=kind,
                fmt=fmt,
                parameters=parameters or {"programme": full_programme.pk},
            )
        outcome.job.refresh_from_db()
        return outcome

    return _order


@pytest.fixture
def broker_down():
    error = kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379")
    with mock.patch.object(tasks.render_document_job, "apply_async", side_effect=error) as patched:
        yield patched


def _stored_files(media):
    """Documents in the private storage (a folder, or a prefix in object storage)."""
    from django.core.files.storage import storages

    storage = storages["private"]
    try:
        _folders, names = storage.listdir("documents")
    except FileNotFoundError:
        return []
    return sorted(names)


def test_a_request_creates_a_job_that_the_task_renders_to_a_private_file(order, _media_root):
    outcome = order()
    job = outcome.job
    assert outcome.created and outcome.enqueued
    assert job.status == JobStatus.DONE
    assert job.progress == 100
    assert job.pages == len(pdf_reader(job.file.read()).pages)
    assert job.size == job.file.size
    assert job.file_name == "Паспорт программы 2020.pdf"
    assert job.started_at <= job.finished_at
    assert _stored_files(_media_root) == [f"{job.pk}.pdf"]
    assert job.parameters == {"programme": job.parameters["programme"]}


def test_an_xlsx_job_records_its_row_count(order, full_programme):
    job = order(kind="pilot-sites", fmt="xlsx").job
    assert job.status == JobStatus.DONE
    assert job.rows == 4  # two sites, two staff members
    assert job.file.name.endswith(".xlsx")


def test_the_same_request_while_active_returns_the_same_job(order, federal, broker_down):
    first = order()
    second = order()
    assert first.created and not second.created
    assert second.job.pk == first.job.pk
    assert DocumentJob.objects.count() == 1


def test_a_different_format_or_user_is_a_different_job(order, broker_down, federal):
    from resursnaya_sreda.accounts.models import Role
    from tests.factories import MembershipFactory

    other = MembershipFactory(role=Role.FEDERAL).user
    order()
    order(user=other)
    assert DocumentJob.objects.count() == 2


def test_a_finished_job_does_not_block_a_new_request(order):
    first = order()
    second = order()
    assert first.job.status == JobStatus.DONE
    assert second.created and second.job.pk != first.job.pk


def test_the_database_refuses_a_second_active_job_with_the_same_key(order, broker_down, federal):
    first = order().job
    twin = DocumentJob(
        kind=first.kind,
        title=first.title,
        format=first.format,
        requested_by=federal,
        dedupe_key=first.dedupe_key,
    )
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_race_lost_at_insert_returns_the_winner(order, broker_down, federal, full_programme):
    winner = order().job
    # The twin is invisible to the first check (as in a concurrent transaction) but the
    # unique constraint still sees it when this request inserts.
    with mock.patch.object(services.DocumentJob.objects, "select_for_update") as sfu:
        sfu.return_value.filter.return_value.first.return_value = None
        outcome = order()
    assert not outcome.created
    assert outcome.job.pk == winner.pk
    assert DocumentJob.objects.count() == 1


def test_an_unknown_kind_is_refused(order):
    with pytest.raises(UnknownDocument):
        order(kind="no-such-document")


def test_a_user_who_may_not_request_the_kind_is_refused(order, regional_a):
    with pytest.raises(PermissionDenied):
        order(user=regional_a)
    assert not DocumentJob.objects.exists()


def test_parameters_that_do_not_validate_are_refused_in_russian(order):
    with pytest.raises(ValidationError) as caught:
        order(parameters={"programme": "999999"})
    assert "Такой программы нет" in str(caught.value.message_dict["programme"])
    assert not DocumentJob.objects.exists()


def test_a_format_the_kind_does_not_offer_is_refused(order):
    with pytest.raises(ValidationError) as caught:
        order(fmt="xlsx")
    assert "format" in caught.value.message_dict


def test_rendering_a_done_job_again_does_nothing(order, _media_root):
    job = order().job
    stamp = job.finished_at
    assert services.document_job_render(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.finished_at == stamp
    assert job.attempts == 1
    assert _stored_files(_media_root) == [f"{job.pk}.pdf"]


def test_running_the_same_job_twice_leaves_one_file(order, broker_down, _media_root):
    job = order().job
    assert tasks.render_document_job.apply(args=[str(job.pk)]).get() == "done"
    # A redelivered message after the job went back to the queue renders it again; the new
    # file replaces the old one.
    DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    assert tasks.render_document_job.apply(args=[str(job.pk)]).get() == "done"
    assert tasks.render_document_job.apply(args=[str(job.pk)]).get() == "skipped"
    job.refresh_from_db()
    assert _stored_files(_media_root) == [job.file.name.rsplit("/", 1)[-1]]


def test_a_producer_error_fails_the_job_with_a_russian_message(order, broker_down):
    job = order().job
    with mock.patch(
        "resursnaya_sreda.kernel.documents.ProgrammePassport.get_context",
        side_effect=RuntimeError("boom"),
    ):
        assert tasks.render_document_job.apply(args=[str(job.pk)]).get() == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "внутренней ошибки" in job.error
    assert "boom" not in job.error


def test_the_soft_time_limit_fails_the_job_and_says_why(order, broker_down):
    job = order().job
    with mock.patch.object(services, "render_document", side_effect=SoftTimeLimitExceeded()):
        assert tasks.render_document_job.apply(args=[str(job.pk)]).get() == "timeout"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "дольше" in job.error and "мин" in job.error


def test_parameters_gone_stale_fail_the_job_with_the_reason(order, broker_down, full_programme):
    job = order().job
    DocumentJob.objects.filter(pk=job.pk).update(parameters={"programme": 999999})
    tasks.render_document_job.apply(args=[str(job.pk)])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Параметры документа больше не действительны" in job.error


def test_a_transient_database_error_puts_the_job_back_and_retries_with_backoff(order, broker_down):
    job = order().job
    task = tasks.render_document_job
    task.push_request(id="task-1", retries=1, is_eager=False)
    try:
        with (
            mock.patch.object(services, "render_document", side_effect=OperationalError("gone")),
            mock.patch.object(task, "retry", side_effect=Retry()) as retry,
            pytest.raises(Retry),
        ):
            task.run(str(job.pk))
    finally:
        task.pop_request()
    assert retry.call_args.kwargs["countdown"] == 30
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.attempts == 1


def _age(job, heartbeat_seconds=None, **delta):
    """The job running since ``delta`` ago, its last heartbeat then (or ``heartbeat_seconds``
    ago)."""
    long_ago = timezone.now() - datetime.timedelta(**delta)
    beat = long_ago
    if heartbeat_seconds is not None:
        beat = timezone.now() - datetime.timedelta(seconds=heartbeat_seconds)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=long_ago, heartbeat_at=beat, task_id="dead"
    )


def test_a_job_of_a_dead_worker_is_requeued_and_finished_by_the_sweep(order, broker_down, settings):
    job = order().job
    DocumentJob.objects.filter(pk=job.pk).update(attempts=1)
    _age(job, seconds=settings.REPORTS_HARD_TIME_LIMIT + 120)
    broker_down.side_effect = None
    broker_down.reset_mock()
    report = services.document_jobs_sweep()
    assert report.requeued == [str(job.pk)]
    assert broker_down.call_count == 1  # enqueued once, not twice
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.enqueued_at is not None


def test_a_running_job_whose_worker_beats_is_left_alone_however_long_it_runs(
    order, broker_down, settings
):
    job = order().job
    _age(job, heartbeat_seconds=settings.WORKER_HEARTBEAT_SECONDS, hours=2)
    assert not services.document_jobs_sweep()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.task_id == "dead"


def test_a_job_whose_heartbeat_is_silent_for_a_minute_is_requeued_and_says_so(
    order, broker_down, settings, federal, login
):
    job = order().job
    DocumentJob.objects.filter(pk=job.pk).update(attempts=1, progress=40)
    _age(job, heartbeat_seconds=settings.WORKER_SILENCE_SECONDS - 5, seconds=90)
    assert not services.document_jobs_sweep()  # silent less than a minute: still its worker's
    _age(job, heartbeat_seconds=settings.WORKER_SILENCE_SECONDS + 1, seconds=90)
    broker_down.side_effect = None
    report = services.document_jobs_sweep()
    assert report.requeued == [str(job.pk)] and report.enqueued == [str(job.pk)]
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.progress == 0 and job.task_id == ""
    page = login(federal).get(f"/reports/jobs/{job.pk}/status/").content.decode()
    assert "Обработчик перезапущен, документ формируется заново." in page
    assert 'hx-trigger="every 2s"' in page


def test_a_silent_job_without_attempts_left_fails_instead_of_looping(order, broker_down, settings):
    job = order().job
    DocumentJob.objects.filter(pk=job.pk).update(attempts=settings.REPORTS_MAX_ATTEMPTS)
    _age(job, heartbeat_seconds=settings.WORKER_SILENCE_SECONDS + 1, seconds=90)
    report = services.document_jobs_sweep()
    assert report.failed == [str(job.pk)] and report.requeued == []
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "обработчик остановился" in job.error
    assert not job.restarted


def test_a_first_run_is_not_announced_as_a_restart(order, broker_down):
    job = order().job
    assert job.status == JobStatus.QUEUED and not job.restarted
    DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    job.refresh_from_db()
    assert not job.restarted
    DocumentJob.objects.filter(pk=job.pk).update(attempts=2)
    job.refresh_from_db()
    assert job.restarted


def test_a_job_that_killed_its_worker_too_often_fails_with_a_clear_message(
    order, broker_down, settings
):
    job = order().job
    DocumentJob.objects.filter(pk=job.pk).update(attempts=settings.REPORTS_MAX_ATTEMPTS)
    _age(job, hours=2)
    call_command("sweep_documents", stdout=mock.MagicMock())
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "обработчик остановился" in job.error
    assert f"попыток: {settings.REPORTS_MAX_ATTEMPTS}" in job.error


def test_the_sweep_task_renders_a_requeued_job_in_eager_mode(order, broker_down, settings):
    job = order().job
    DocumentJob.objects.filter(pk=job.pk).update(attempts=1)
    _age(job, hours=1)
    with mock.patch.object(tasks.render_document_job, "apply_async", wraps=None) as send:
        send.side_effect = lambda args, **kw: tasks.render_document_job.apply(args=args)
        assert tasks.sweep_document_jobs.apply().get() == {
            "requeued": 1,
            "failed": 0,
            "enqueued": 1,
        }
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 2


def test_redis_down_keeps_the_job_queued_and_the_sweep_enqueues_it_later(order, broker_down):
    outcome = order()
    job = outcome.job
    assert outcome.created and outcome.enqueued is False
    assert job.status == JobStatus.QUEUED
    assert job.enqueue_failures == 1 and job.enqueued_at is None
    # Still down: the sweep tries, the job waits.
    assert services.document_jobs_sweep().enqueued == []
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.enqueue_failures == 2
    # Redis is back.
    broker_down.side_effect = None
    assert services.document_jobs_sweep().enqueued == [str(job.pk)]
    job.refresh_from_db()
    assert job.enqueued_at is not None


def test_a_job_redis_never_took_fails_after_the_give_up_time(order, broker_down, settings):
    job = order().job
    waited = datetime.timedelta(minutes=settings.REPORTS_QUEUE_GIVE_UP_MINUTES + 1)
    DocumentJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - waited)
    report = services.document_jobs_sweep()
    assert report.failed == [str(job.pk)]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "сервис фоновых задач недоступен" in job.error


def test_retrying_a_failed_job_orders_it_again(order, federal, broker_down):
    job = order().job
    services.document_job_fail(job_id=job.pk, message="Ошибка")
    job.refresh_from_db()
    outcome = services.document_job_retry(job=job, user=federal)
    assert outcome.created and outcome.job.pk != job.pk
    assert outcome.job.parameters == job.parameters


def test_only_the_requester_retries(order, broker_down):
    from resursnaya_sreda.accounts.models import Role
    from tests.factories import MembershipFactory

    job = order().job
    services.document_job_fail(job_id=job.pk, message="Ошибка")
    job.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.document_job_retry(job=job, user=MembershipFactory(role=Role.FEDERAL).user)


def test_files_older_than_the_retention_are_deleted(order, settings, _media_root):
    settings.REPORTS_RETENTION_DAYS = 7
    old, fresh = order().job, order().job
    DocumentJob.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=8)
    )
    call_command("cleanup_documents", stdout=mock.MagicMock())
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert not old.file and old.file_deleted_at is not None and not old.has_file
    assert fresh.has_file
    assert _stored_files(_media_root) == [f"{fresh.pk}.pdf"]


def test_the_cleanup_task_counts_deleted_files(order):
    job = order().job
    DocumentJob.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=365)
    )
    assert tasks.cleanup_document_files.apply().get() == 1
    assert tasks.cleanup_document_files.apply().get() == 0

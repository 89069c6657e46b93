"""Tests that need committed data: concurrent requests and a real Celery worker."""

from __future__ import annotations

import threading
import time
import uuid
from unittest import mock

import kombu.exceptions
import pytest
from django.conf import settings
from django.db import connection

from reports import services, tasks
from reports.models import DocumentJob, JobStatus
from resursnaya_sreda.celery import app
from tests.reports.conftest import pdf_reader

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_document_requested_twice_at_once_makes_one_job(federal, full_programme):
    barrier = threading.Barrier(2)
    outcomes, errors = [], []
    down = kombu.exceptions.OperationalError("Redis down")

    def request_passport():
        try:
            barrier.wait(timeout=10)
            outcomes.append(
                services.document_job_request(
                    user=federal,
                    kind="programme-passport",
                    fmt="pdf",
                    parameters={"programme": str(full_programme.pk)},
                )
            )
        except Exception as exc:  # pragma: no cover - shown by the assert below
            errors.append(exc)
        finally:
            connection.close()

    # The broker is down, so both requests leave their job queued and nothing renders.
    with mock.patch.object(tasks.render_document_job, "apply_async", side_effect=down):
        threads = [threading.Thread(target=request_passport) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert len(outcomes) == 2
    assert sorted(o.created for o in outcomes) == [False, True]
    assert outcomes[0].job.pk == outcomes[1].job.pk
    assert DocumentJob.objects.count() == 1


@pytest.fixture
def celery_worker_or_eager():
    """A real in-thread Celery worker on its own queue when REDIS_URL is set; else eager.

    Without Redis the same test goes through the eager path the embedded default uses.
    """
    if not settings.REDIS_URL:
        yield None
        return
    from celery.contrib.testing.worker import start_worker

    queue = f"rs-test-reports-{uuid.uuid4().hex[:12]}"
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    app.conf.update(task_always_eager=False, task_default_queue=queue)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=30
        ) as worker:
            yield worker
    finally:
        app.conf.update(saved)


def test_a_worker_completes_a_requested_document_end_to_end(
    settings, federal, full_programme, celery_worker_or_eager
):
    settings.CELERY_TASK_ALWAYS_EAGER = celery_worker_or_eager is None
    outcome = services.document_job_request(
        user=federal,
        kind="programme-passport",
        fmt="pdf",
        parameters={"programme": str(full_programme.pk)},
    )
    assert outcome.enqueued is True
    deadline = time.monotonic() + 60
    job = outcome.job
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_active:
            break
        time.sleep(0.2)
    assert job.status == JobStatus.DONE, job.error
    assert job.task_id  # the worker (or the eager run) claimed it under its task id
    reader = pdf_reader(job.file.read())
    assert len(reader.pages) == job.pages
    assert "Паспорт программы" in reader.pages[0].extract_text()

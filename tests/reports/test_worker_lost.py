"""A real worker on Redis dies or stalls in the middle of a render: the job finishes once.

Each test starts Celery workers as subprocesses (prefork, one child) on a queue of its own,
against the test database, with a one-second heartbeat and four seconds of silence taken for a
lost worker (production: 10 s and 60 s). The sweep is called every half second, as beat and
the jobs page call it. Needs REDIS_URL (CI has it); without Redis there is no worker to lose.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from openpyxl import load_workbook

from reports import services
from reports.engine import registry
from reports.models import DocumentJob, JobStatus
from resursnaya_sreda.celery import app

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
HEARTBEAT = 1
SILENCE = 4
ROWS = 120


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def slow_document():
    import tests.reports.slow_document as module

    registry.register(module.SlowDocument)
    yield module.SlowDocument
    registry.unregister(module.SlowDocument.identifier)


@pytest.fixture
def workers(tmp_path, settings):
    """``start()`` launches a worker subprocess and returns its Popen; all are killed at the end."""
    if not django_settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: a real Celery worker on Redis")
    queue = f"rs-test-lost-{uuid.uuid4().hex[:12]}"
    log = tmp_path / "renders.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "resursnaya_sreda.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_QUEUE": queue,
        "VAR_DIR": str(tmp_path / "var"),
        "WORKER_HEARTBEAT_SECONDS": str(HEARTBEAT),
        "WORKER_SILENCE_SECONDS": str(SILENCE),
        "RS_SLOW_DOCUMENT_LOG": str(log),
        "RS_SLOW_DOCUMENT_ROWS": str(ROWS),
        "RS_SLOW_DOCUMENT_PAUSE": "0.05",
    }
    settings.WORKER_HEARTBEAT_SECONDS = HEARTBEAT
    settings.WORKER_SILENCE_SECONDS = SILENCE
    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    app.conf.update(task_always_eager=False, task_default_queue=queue)
    started: list[subprocess.Popen] = []

    def start(name: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.reports.slow_worker",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "--queues",
                queue,
                "--hostname",
                f"{name}-{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=(tmp_path / f"{name}.out").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed with its children
        )
        started.append(process)
        return process

    start.log = log  # type: ignore[attr-defined]
    start.media = tmp_path / "var" / "test-media" / "private"  # type: ignore[attr-defined]
    start.outputs = tmp_path  # type: ignore[attr-defined]
    try:
        yield start
    finally:
        for process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        with connection.cursor():
            pass
        app.conf.update(saved)


def _wait(predicate, *, timeout: float, sweep: bool = False, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sweep:
            services.document_jobs_sweep()
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _events(log: Path) -> list[tuple[str, int, float]]:
    if not log.exists():
        return []
    rows = [line.split() for line in log.read_text().splitlines()]
    return [(event, int(pid), float(moment)) for event, pid, _tag, moment in rows]


def _order(federal, tag: str) -> DocumentJob:
    outcome = services.document_job_request(
        user=federal, kind="test-slow", fmt="xlsx", parameters={"tag": tag}
    )
    assert outcome.enqueued is True
    return outcome.job


def _running_with_progress(job: DocumentJob):
    job.refresh_from_db()
    return job.status == JobStatus.RUNNING and job.progress >= 10


def _rows_of(workers, job: DocumentJob) -> int:
    data = (workers.media / job.file.name).read_bytes()
    return load_workbook(io.BytesIO(data)).active.max_row - 1


def test_a_worker_killed_mid_render_is_replaced_and_the_job_finishes_once(
    federal, slow_document, workers
):
    first = workers("first")
    job = _order(federal, "killed")
    _wait(lambda: _running_with_progress(job), timeout=60, what="the first render")
    killed_at = time.monotonic()
    os.killpg(first.pid, signal.SIGKILL)  # the worker and the child rendering
    first.wait(timeout=30)
    workers("second")

    def running_again():
        job.refresh_from_db()
        return job.status == JobStatus.RUNNING and job.attempts == 2

    _wait(running_again, timeout=60, sweep=True, what="the job to run again")
    assert time.monotonic() - killed_at < 90
    _wait(lambda: not DocumentJob.objects.get(pk=job.pk).is_active, timeout=90, sweep=True)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.attempts == 2
    events = _events(workers.log)
    assert [event for event, _pid, _at in events] == ["start", "start", "finish"]
    assert events[0][1] != events[1][1]  # the second run was another process
    assert _rows_of(workers, job) == ROWS
    assert len(list((workers.media / "documents").iterdir())) == 1


def test_a_stalled_worker_that_wakes_up_after_its_job_was_given_away_writes_nothing(
    federal, slow_document, workers
):
    first = workers("stalled")
    job = _order(federal, "stalled")
    _wait(lambda: _running_with_progress(job), timeout=60, what="the first render")
    os.killpg(first.pid, signal.SIGSTOP)  # frozen, not dead: its heartbeat falls silent
    try:
        workers("second")

        def rendered_by_another():
            job.refresh_from_db()
            return job.status == JobStatus.DONE

        _wait(rendered_by_another, timeout=90, sweep=True, what="the second run to finish")
        done_task = job.task_id
        file_name = job.file.name
    finally:
        os.killpg(first.pid, signal.SIGCONT)

    # The first run wakes up and finds the row no longer its own: it stops without writing.
    _wait(
        lambda: "was taken over" in (workers.outputs / "stalled.out").read_text(),
        timeout=30,
        what="the woken worker to give up",
    )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.task_id, job.file.name) == (done_task, file_name)
    finishes = [event for event in _events(workers.log) if event[0] == "finish"]
    assert len(finishes) == 1
    assert sorted(p.name for p in (workers.media / "documents").iterdir()) == [Path(file_name).name]
    assert _rows_of(workers, job) == ROWS

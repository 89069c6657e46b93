"""Document jobs: requesting, rendering, failing, sweeping and cleaning up.

A job goes queued → running → done or failed. Every transition is one conditional UPDATE on
the current status, so two workers (a redelivered message, a retry, the sweep) can never both
move the same job: whoever matches the row wins, the other does nothing.

The row is also the lease of the run that claimed it: ``task_id`` names the run and
``heartbeat_at`` is renewed every WORKER_HEARTBEAT_SECONDS by a thread beside the render. A run
whose heartbeat has been silent for WORKER_SILENCE_SECONDS belongs to a worker that died; the
sweep gives the job to another run, and the silent one, should it wake up, finds the row no
longer its own and stops without writing anything.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import kombu.exceptions
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.engine import Format, registry
from reports.engine.render import render_document
from reports.models import ACTIVE_STATUSES, DocumentJob, JobStatus
from reports.permissions import can_request_document, can_retry_job
from resursnaya_sreda.kernel.workers import Heartbeat

logger = logging.getLogger(__name__)

#: What publishing a message raises when the broker is away (Redis down, refused, timed out).
ENQUEUE_ERRORS: tuple[type[BaseException], ...] = (
    kombu.exceptions.OperationalError,
    ConnectionError,
    TimeoutError,
    OSError,
)
#: Extra time beyond the hard limit before a job the broker took but nobody ran is sent again.
SWEEP_GRACE = datetime.timedelta(seconds=60)
#: Progress is written at most this often, so a fast loop does not hammer the database.
PROGRESS_INTERVAL = datetime.timedelta(seconds=1)


@dataclass
class JobRequest:
    """What a request produced. ``enqueued`` is None until the transaction commits."""

    job: DocumentJob
    created: bool
    enqueued: bool | None = None


def dedupe_key(*, user_id: int, kind: str, fmt: str, parameters: dict[str, Any]) -> str:
    canonical = json.dumps(
        [user_id, kind, fmt, parameters], sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def document_job_request(
    *, user: Any, kind: str, fmt: str, parameters: dict[str, Any]
) -> JobRequest:
    """Order a document; the same active order by the same person is returned, not repeated.

    Raises ``UnknownDocument`` for a kind nobody registered, ``PermissionDenied`` when the
    user may not request it and ``ValidationError`` (field → messages) for bad parameters.
    The task is enqueued after commit; if the broker is down the job stays queued and the
    sweep enqueues it again later.
    """
    attempts = SQLITE_LOCK_RETRIES if _may_retry_sqlite_lock() else 1
    for attempt in range(1, attempts + 1):
        try:
            return _document_job_request(user=user, kind=kind, fmt=fmt, parameters=parameters)
        except OperationalError:
            # SQLite has no row locks: of two simultaneous requests one sees "database is
            # locked" instead of waiting. Its transaction is gone, so it may simply run again
            # and then finds the twin. PostgreSQL never gets here (select_for_update waits).
            if attempt == attempts:
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


SQLITE_LOCK_RETRIES = 5


def _may_retry_sqlite_lock() -> bool:
    return connection.vendor == "sqlite" and not connection.in_atomic_block


@transaction.atomic
def _document_job_request(
    *, user: Any, kind: str, fmt: str, parameters: dict[str, Any]
) -> JobRequest:
    document_cls = registry.get(kind)
    if not can_request_document(user, document_cls):
        raise PermissionDenied
    if not document_cls.offers(fmt):
        raise ValidationError({"format": [_("Этот документ не выпускается в таком формате.")]})
    form = document_cls.get_form(parameters, user=user)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    cleaned = form.to_json()
    document = document_cls(form.cleaned_data, user=user)
    key = dedupe_key(user_id=user.pk, kind=kind, fmt=fmt, parameters=cleaned)

    existing = (
        DocumentJob.objects.select_for_update()
        .filter(dedupe_key=key, status__in=ACTIVE_STATUSES)
        .first()
    )
    if existing is not None:
        return JobRequest(job=existing, created=False)

    job = DocumentJob(
        kind=kind,
        title=document.get_title()[:255],
        format=Format(fmt).value,
        parameters=cleaned,
        requested_by=user,
        dedupe_key=key,
        file_name=document.get_filename(fmt)[:255],
    )
    # The active-key constraint is left to the database: a concurrent twin is not yet visible.
    job.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            job.save(force_insert=True)
    except IntegrityError:
        twin = DocumentJob.objects.get(dedupe_key=key, status__in=ACTIVE_STATUSES)
        return JobRequest(job=twin, created=False)

    outcome = JobRequest(job=job, created=True)

    def enqueue() -> None:
        outcome.enqueued = document_job_enqueue(job_id=job.pk)

    transaction.on_commit(enqueue)
    return outcome


def document_job_retry(*, job: DocumentJob, user: Any) -> JobRequest:
    """Order a failed document again with the same parameters (checked again)."""
    if not can_retry_job(user, job):
        raise PermissionDenied
    return document_job_request(
        user=user, kind=job.kind, fmt=job.format, parameters=dict(job.parameters)
    )


def document_job_enqueue(*, job_id: uuid.UUID | str) -> bool:
    """Hand the job to Celery. False (and the job left queued) when the broker is down."""
    from reports.tasks import render_document_job

    try:
        render_document_job.apply_async(
            args=[str(job_id)],
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.3},
        )
    except ENQUEUE_ERRORS as exc:
        logger.warning("Document job %s not enqueued: %s", job_id, exc)
        DocumentJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            enqueue_failures=F("enqueue_failures") + 1, enqueued_at=None
        )
        return False
    DocumentJob.objects.filter(pk=job_id).update(enqueued_at=timezone.now())
    return True


class JobLost(Exception):
    """The job is no longer ours: the sweep gave it up or another worker finished it."""


def _heartbeat(job_id: uuid.UUID, task_id: str, alive: Heartbeat | None = None):
    last = [timezone.now()]

    def report(fraction: float) -> None:
        if alive is not None and alive.lost.is_set():
            raise JobLost(str(job_id))
        now = timezone.now()
        if fraction < 1.0 and now - last[0] < PROGRESS_INTERVAL:
            return
        last[0] = now
        percent = max(0, min(99, int(fraction * 100)))
        still_ours = DocumentJob.objects.filter(
            pk=job_id, status=JobStatus.RUNNING, task_id=task_id
        ).update(progress=percent, heartbeat_at=now)
        if not still_ours:
            raise JobLost(str(job_id))

    return report


def document_job_heartbeat(*, job_id: uuid.UUID | str, task_id: str) -> bool:
    """Renew the lease of the run ``task_id``; False when the job is no longer that run's."""
    return bool(
        DocumentJob.objects.filter(pk=job_id, status=JobStatus.RUNNING, task_id=task_id).update(
            heartbeat_at=timezone.now()
        )
    )


def document_job_render(
    *, job_id: uuid.UUID | str, task_id: str = "", keep_alive: bool = False
) -> DocumentJob | None:
    """Produce the job's file, if the job is queued; otherwise do nothing (idempotent).

    ``task_id`` names this run (unique per run); with ``keep_alive`` (on a worker) a thread
    renews the run's heartbeat while it renders, so the sweep leaves it alone however long a
    step takes. Returns the job when this call rendered it, None when there was nothing to do.
    Raises ``JobLost`` when the job was given to another run meanwhile. Errors in the producer
    propagate; the task decides between retry and failure.
    """
    task_id = task_id or uuid.uuid4().hex
    now = timezone.now()
    claimed = DocumentJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        progress=0,
        attempts=F("attempts") + 1,
        task_id=task_id,
        error="",
    )
    if not claimed:
        return None
    job = DocumentJob.objects.select_related("requested_by").get(pk=job_id)
    user = job.requested_by

    try:
        document_cls = registry.get(job.kind)
    except LookupError:
        return _fail(job, task_id, _("Такого вида документа больше нет."))
    if not can_request_document(user, document_cls):
        return _fail(job, task_id, _("У вас больше нет права запрашивать этот документ."))
    form = document_cls.get_form(job.parameters, user=user)
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label if name in form.fields else name}: {' '.join(errors)}"
            for name, errors in form.errors.items()
        )
        return _fail(job, task_id, _("Параметры документа больше не действительны: %s") % problems)

    document = document_cls(form.cleaned_data, user=user)
    if not keep_alive:
        return _render_and_store(job, document, task_id, alive=None)

    def beat() -> bool:
        return document_job_heartbeat(job_id=job.pk, task_id=task_id)

    with Heartbeat(beat, every=settings.WORKER_HEARTBEAT_SECONDS) as alive:
        return _render_and_store(job, document, task_id, alive=alive)


def _render_and_store(
    job: DocumentJob, document: Any, task_id: str, *, alive: Heartbeat | None
) -> DocumentJob:
    progress = _heartbeat(job.pk, task_id, alive)
    storage = DocumentJob._meta.get_field("file").storage
    name = f"documents/{job.pk}.{job.format}"
    with tempfile.TemporaryFile() as tmp:
        result = render_document(document, job.format, tmp, progress=progress)
        size = tmp.tell()
        tmp.seek(0)
        if alive is not None and alive.lost.is_set():
            raise JobLost(str(job.pk))
        # Never over another run's file: the storage picks a free name, and only the run that
        # still owns the row below records its file (a loser deletes its own).
        saved = storage.save(name, File(tmp, name=name))

    finished = DocumentJob.objects.filter(
        pk=job.pk, status=JobStatus.RUNNING, task_id=task_id
    ).update(
        status=JobStatus.DONE,
        file=saved,
        size=size,
        pages=result.pages,
        rows=result.rows,
        progress=100,
        heartbeat_at=timezone.now(),
        finished_at=timezone.now(),
    )
    if not finished:
        current = DocumentJob.objects.filter(pk=job.pk).values_list("file", flat=True).first()
        if current != saved:
            storage.delete(saved)
        raise JobLost(str(job.pk))
    if job.file and job.file.name != saved:
        # A file of an earlier run of this job: one file per job, the newest.
        storage.delete(job.file.name)
    job.refresh_from_db()
    return job


def _fail(job: DocumentJob, task_id: str, message: str) -> DocumentJob:
    document_job_fail(job_id=job.pk, message=message, task_id=task_id)
    job.refresh_from_db()
    return job


def document_job_fail(*, job_id: uuid.UUID | str, message: str, task_id: str | None = None) -> bool:
    """Mark an active job failed with a message in Russian for the person who asked."""
    jobs = DocumentJob.objects.filter(pk=job_id, status__in=ACTIVE_STATUSES)
    if task_id is not None:
        jobs = jobs.filter(Q(status=JobStatus.QUEUED) | Q(task_id=task_id))
    now = timezone.now()
    return bool(jobs.update(status=JobStatus.FAILED, error=message[:2000], finished_at=now))


def document_job_requeue(*, job_id: uuid.UUID | str, task_id: str) -> bool:
    """Put a running job back in the queue after a transient error (the task retries it)."""
    return bool(
        DocumentJob.objects.filter(pk=job_id, status=JobStatus.RUNNING, task_id=task_id).update(
            # heartbeat_at now means "queued since": the sweep gives up on it from there.
            status=JobStatus.QUEUED,
            progress=0,
            started_at=None,
            heartbeat_at=timezone.now(),
        )
    )


@dataclass
class SweepReport:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    enqueued: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.requeued or self.failed or self.enqueued)


def document_jobs_sweep(*, now: datetime.datetime | None = None) -> SweepReport:
    """Make sure nothing stays running or queued forever.

    A running job whose heartbeat has been silent for WORKER_SILENCE_SECONDS belongs to a
    worker that died (a live one beats every WORKER_HEARTBEAT_SECONDS, however long its render
    takes). It is queued again while it has attempts left — the page then says the handler
    was restarted — else failed with a message. A queued job the broker never accepted (Redis
    was down) is enqueued again, and failed once it has waited too long.
    """
    now = now or timezone.now()
    report = SweepReport()
    silent_before = now - datetime.timedelta(seconds=settings.WORKER_SILENCE_SECONDS)
    abandoned_before = now - datetime.timedelta(seconds=settings.REPORTS_HARD_TIME_LIMIT)
    abandoned_before -= SWEEP_GRACE
    give_up_before = now - datetime.timedelta(minutes=settings.REPORTS_QUEUE_GIVE_UP_MINUTES)

    dead = DocumentJob.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=silent_before) | Q(heartbeat_at__isnull=True)
    )
    for job in dead.only("pk", "attempts", "task_id"):
        running = DocumentJob.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, task_id=job.task_id
        )
        if job.attempts < settings.REPORTS_MAX_ATTEMPTS:
            if running.update(
                status=JobStatus.QUEUED,
                progress=0,
                started_at=None,
                heartbeat_at=now,  # queued since
                enqueued_at=None,
                task_id="",
            ):
                report.requeued.append(str(job.pk))
        else:
            message = _(
                "Формирование документа прервалось: обработчик остановился (попыток: %(n)d). "
                "Нажмите «Повторить»; если ошибка повторится, сузьте параметры или сообщите "
                "администратору."
            ) % {"n": job.attempts}
            if running.update(status=JobStatus.FAILED, error=message, finished_at=now):
                report.failed.append(str(job.pk))

    stuck = (
        DocumentJob.objects.filter(status=JobStatus.QUEUED)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=abandoned_before))
        .exclude(pk__in=report.requeued)
    )
    for job in stuck.only("pk", "created_at", "heartbeat_at"):
        queued_since = job.heartbeat_at or job.created_at
        if queued_since < give_up_before:
            message = _(
                "Документ не удалось поставить в очередь: сервис фоновых задач недоступен "
                "дольше %(minutes)d мин. Нажмите «Повторить» позже."
            ) % {"minutes": settings.REPORTS_QUEUE_GIVE_UP_MINUTES}
            if document_job_fail(job_id=job.pk, message=message):
                report.failed.append(str(job.pk))
        elif document_job_enqueue(job_id=job.pk):
            report.enqueued.append(str(job.pk))
    for job_id in report.requeued:
        if document_job_enqueue(job_id=job_id):
            report.enqueued.append(job_id)
    return report


def document_files_cleanup(*, now: datetime.datetime | None = None) -> int:
    """Delete files of documents finished more than REPORTS_RETENTION_DAYS ago."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.REPORTS_RETENTION_DAYS)
    old = DocumentJob.objects.filter(finished_at__lt=cutoff, file_deleted_at__isnull=True).exclude(
        file=""
    )
    deleted = 0
    for job in old.only("pk", "file"):
        job.file.storage.delete(job.file.name)
        DocumentJob.objects.filter(pk=job.pk).update(file="", file_deleted_at=now)
        deleted += 1
    return deleted

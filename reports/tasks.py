"""Celery tasks of the document engine. Each takes ids and calls a service."""

from __future__ import annotations

import logging
import uuid

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.utils.translation import gettext as _
from django.utils.translation import override

from reports import services
from reports.engine.sections import SectionFailed
from resursnaya_sreda.kernel.workers import countdown_within_visibility, reliable_task

logger = logging.getLogger(__name__)

#: Errors worth another try: the database went away for a moment.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
MAX_RETRIES = 3


def _backoff(retries: int) -> int:
    """10 s, 30 s, 90 s: enough for a database failover, short enough to be worth waiting."""
    return 10 * 3**retries


# once=False: the job's row is the lease (services.document_job_render claims it).
@reliable_task(
    bind=True,
    once=False,
    max_retries=MAX_RETRIES,
    soft_time_limit=settings.REPORTS_SOFT_TIME_LIMIT,
    time_limit=settings.REPORTS_HARD_TIME_LIMIT,
)
def render_document_job(self, job_id: str) -> str:
    """Render one job. Idempotent: a job that is not queued (done, failed, taken) is skipped."""
    # The claim's own token: a message Redis redelivers carries the same task id, and the
    # job's row must tell this run from an earlier one that may still be alive.
    task_id = f"{self.request.id or 'direct'}:{uuid.uuid4().hex[:8]}"
    with override("ru"):
        try:
            job = services.document_job_render(
                job_id=job_id,
                task_id=task_id,
                # A heartbeat thread has its own connection: it can renew only a committed row
                # (not one inside a test's transaction, where nothing else would sweep it).
                keep_alive=not connection.in_atomic_block,
            )
        except services.JobLost:
            logger.warning("Document job %s was taken over while rendering", job_id)
            return "lost"
        except SoftTimeLimitExceeded:
            minutes = max(1, settings.REPORTS_SOFT_TIME_LIMIT // 60)
            services.document_job_fail(
                job_id=job_id,
                task_id=task_id,
                message=_(
                    "Документ формировался дольше %(minutes)d мин. и был остановлен. "
                    "Сузьте параметры (например, период) и повторите."
                )
                % {"minutes": minutes},
            )
            return "timeout"
        except TRANSIENT_ERRORS as exc:
            if self.request.is_eager or self.request.retries >= self.max_retries:
                logger.exception("Document job %s failed on the database", job_id)
                _fail_quietly(job_id, task_id, _("База данных была недоступна. Повторите позже."))
                return "failed"
            try:
                services.document_job_requeue(job_id=job_id, task_id=task_id)
            except TRANSIENT_ERRORS:
                pass  # the sweep notices the job once its heartbeat has been silent a minute
            countdown = countdown_within_visibility(_backoff(self.request.retries))
            raise self.retry(exc=exc, countdown=countdown) from exc
        except SectionFailed as exc:
            # A section of a long PDF failed for good: say which one, serve nothing.
            _fail_quietly(job_id, task_id, exc.message)
            return "failed"
        except Exception:
            logger.exception("Document job %s failed", job_id)
            _fail_quietly(
                job_id,
                task_id,
                _(
                    "Не удалось сформировать документ из-за внутренней ошибки. Нажмите "
                    "«Повторить»; если ошибка повторится, сообщите администратору."
                ),
            )
            return "failed"
    return "done" if job is not None else "skipped"


def _fail_quietly(job_id: str, task_id: str, message: str) -> None:
    try:
        services.document_job_fail(job_id=job_id, task_id=task_id, message=message)
    except TRANSIENT_ERRORS:
        logger.exception("Could not mark document job %s failed", job_id)


# The sweep and the cleanup are safe to run twice: every change they make is conditional.
@reliable_task(once=False, ignore_result=True)
def sweep_document_jobs() -> dict[str, int]:
    """For beat: requeue or fail jobs of dead workers, re-enqueue jobs Redis did not take."""
    with override("ru"):
        report = services.document_jobs_sweep()
    return {
        "requeued": len(report.requeued),
        "failed": len(report.failed),
        "enqueued": len(report.enqueued),
    }


@reliable_task(once=False, ignore_result=True)
def cleanup_document_files() -> int:
    """For beat: delete files older than REPORTS_RETENTION_DAYS."""
    return services.document_files_cleanup()

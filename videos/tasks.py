"""Worker tasks of step 4: the cut's machine check, the schedule solver, expiring uploads.

Each takes ids and calls a service; they are enqueued with ``transaction.on_commit`` by the
services, so the worker never looks for rows that are not committed yet.
"""

from __future__ import annotations

from celery import shared_task

from videos import services


@shared_task(acks_late=True)
def process_cut_task(cut_id: int) -> str:
    cut = services.cut_process(cut_id=cut_id)
    return cut.check_state


@shared_task(acks_late=True)
def solve_schedule_task(version_id: int) -> str:
    version = services.schedule_solve(version_id=version_id)
    return version.state


@shared_task
def expire_uploads_task() -> int:
    return services.upload_expire()

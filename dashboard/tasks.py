from __future__ import annotations

from celery import shared_task

from dashboard import services
from resursnaya_sreda.kernel.workers import reliable_task


@reliable_task(once_key=lambda snapshot_id: f"dashboard-snapshot-{snapshot_id}")
def freeze_snapshot_task(snapshot_id: int) -> str:
    """Gather a new snapshot's data and render its files; each step is done once, so a
    redelivered message finishes what a lost worker left."""
    return services.snapshot_build(snapshot_id=snapshot_id).state


@reliable_task(once=False)
def sweep_snapshots_task() -> int:
    """Beat: snapshots left «готовится» (broker away at freezing, worker lost) are sent again."""
    return services.snapshots_sweep()


@shared_task(acks_late=True)
def render_snapshot_task(snapshot_id: int) -> str:
    """Kept for messages queued before the data moved to the worker."""
    return services.snapshot_build(snapshot_id=snapshot_id).state

from __future__ import annotations

from celery import shared_task

from dashboard import services


@shared_task(acks_late=True)
def render_snapshot_task(snapshot_id: int) -> str:
    snapshot = services.snapshot_render(snapshot_id=snapshot_id)
    return snapshot.state

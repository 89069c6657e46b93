"""Freezing on a real Celery worker: the request records the freeze, the worker gathers the
data and renders the files (with REDIS_URL set; without it the same test runs eagerly)."""

from __future__ import annotations

import datetime
import hashlib
import time
import uuid

import pytest
from django.conf import settings
from django.utils import timezone

from dashboard import services
from dashboard.documents import render_frozen
from dashboard.models import Snapshot, SnapshotState
from resursnaya_sreda.celery import app
from tests.dashboard import factories as make

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def celery_worker_or_eager():
    """A real in-thread Celery worker on its own queue when REDIS_URL is set; else eager."""
    if not settings.REDIS_URL:
        yield None
        return
    from celery.contrib.testing.worker import start_worker

    queue = f"rs-test-dashboard-{uuid.uuid4().hex[:12]}"
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    app.conf.update(task_always_eager=False, task_default_queue=queue)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=30
        ) as worker:
            yield worker
    finally:
        app.conf.update(saved)


def test_a_worker_gathers_and_renders_a_frozen_report(
    settings, roadmap, site_a, federal, celery_worker_or_eager
):
    settings.CELERY_TASK_ALWAYS_EAGER = celery_worker_or_eager is None
    seminar = make.event(site_a, attended=16)
    today = timezone.localdate()
    snapshot = services.snapshot_freeze(
        by=federal,
        programme=roadmap,
        site=None,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        snapshot.refresh_from_db()
        if snapshot.state != SnapshotState.BUILDING:
            break
        time.sleep(0.2)
    assert snapshot.state == SnapshotState.READY, snapshot.error
    assert [r["id"] for r in snapshot.data["records"]["seminars"]] == [seminar.pk]
    pdf, xlsx = render_frozen(Snapshot.objects.get(pk=snapshot.pk).data)
    assert hashlib.sha256(pdf).hexdigest() == snapshot.pdf_sha256
    assert hashlib.sha256(xlsx).hexdigest() == snapshot.xlsx_sha256

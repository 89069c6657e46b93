"""Writes of the federal view: a roadmap task marked done, a report frozen."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboard import permissions as policy
from dashboard.documents import build_data, render_frozen
from dashboard.models import Snapshot, SnapshotState, TaskMark
from dashboard.periods import quarter_name
from reports.services import ENQUEUE_ERRORS
from resursnaya_sreda.kernel import localtime
from resursnaya_sreda.kernel.models import PilotSite, Programme, RoadmapTask

logger = logging.getLogger(__name__)


@transaction.atomic
def task_mark_done(*, by: Any, task: RoadmapTask, note: str) -> TaskMark:
    """A federal coordinator records that a task is done and what proves it."""
    if not policy.can_manage_plan(by):
        raise PermissionDenied
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Напишите, что подтверждает выполнение задачи.")})
    if TaskMark.objects.filter(task=task).exists():
        raise ValidationError(_("Задача уже отмечена как выполненная."))
    mark = TaskMark(task=task, note=note, marked_by=by)
    mark.full_clean()
    mark.save()
    return mark


@transaction.atomic
def snapshot_freeze(
    *,
    by: Any,
    programme: Programme,
    site: PilotSite | None,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> Snapshot:
    """Freeze the consolidated report of a period: record who froze which period (the next
    version of it), then gather its data (figures, the ids of the records they count, the
    sections' content) and render its files on the worker — the request does neither, so it
    costs the same for one site and for all of them at national scale.

    Freezing the same period again makes the next version; every version is kept.
    """
    if not policy.can_manage_plan(by):
        raise PermissionDenied
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("Конец периода раньше его начала.")})
    Programme.objects.select_for_update().get(pk=programme.pk)  # one freeze at a time
    version = (
        Snapshot.objects.filter(
            programme=programme, pilot_site=site, starts_on=starts_on, ends_on=ends_on
        ).aggregate(top=Max("version"))["top"]
        or 0
    ) + 1
    where = site.region.name if site else _("все площадки")
    span = f"{starts_on:%d.%m.%Y}–{ends_on:%d.%m.%Y}"
    first_day = programme.steps.aggregate(first=Min("starts_on"))["first"]
    quarter = quarter_name(starts_on, ends_on, first_day)
    snapshot = Snapshot(
        programme=programme,
        pilot_site=site,
        starts_on=starts_on,
        ends_on=ends_on,
        version=version,
        title=_("Отчёт за %(period)s, %(where)s, версия %(v)s")
        % {"period": f"{quarter} ({span})" if quarter else span, "where": where, "v": version},
        frozen_by=by,
        frozen_at=timezone.now(),
        data={},
    )
    snapshot.full_clean(exclude=["data"])  # the worker fills it
    snapshot.save()
    snapshot_id = snapshot.pk
    transaction.on_commit(lambda: snapshot_enqueue(snapshot_id=snapshot_id))
    return snapshot


def snapshot_enqueue(*, snapshot_id: int) -> bool:
    """Hand a snapshot to the worker. False when the broker is away: the snapshot stays
    «готовится» and ``snapshots_sweep`` sends it once the broker is back."""
    from dashboard.tasks import freeze_snapshot_task

    try:
        freeze_snapshot_task.apply_async(
            args=[snapshot_id],
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.3},
        )
    except ENQUEUE_ERRORS as exc:
        logger.warning("Snapshot %s not enqueued: %s", snapshot_id, exc)
        return False
    return True


def snapshots_sweep(*, now: datetime.datetime | None = None) -> int:
    """Send again every snapshot still being built a minute (WORKER_SILENCE_SECONDS) after it
    was frozen: its message was never published (the broker was away) or its worker died.
    Called by beat. A worker still building it holds the task's lease, so the copy is dropped;
    a finished one is not swept. Returns how many were sent."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.WORKER_SILENCE_SECONDS)
    stale = Snapshot.objects.filter(state=SnapshotState.BUILDING, frozen_at__lt=cutoff)
    return sum(
        snapshot_enqueue(snapshot_id=pk) for pk in stale.order_by("pk").values_list("pk", flat=True)
    )


def snapshot_gather(*, snapshot_id: int) -> Snapshot:
    """Gather a snapshot's data once, on the worker: the records as they are now, for the
    frozen period and sites. A snapshot that has its data keeps it: a second run (a
    redelivered task) changes nothing."""
    with transaction.atomic():
        snapshot = (
            # Only the snapshot's row is locked: the joined user and site are nullable (outer
            # joins), which PostgreSQL will not lock.
            Snapshot.objects.select_for_update(of=("self",))
            .select_related("frozen_by", "pilot_site__region")
            .get(pk=snapshot_id)
        )
        if snapshot.data or snapshot.state != SnapshotState.BUILDING:
            return snapshot
        try:
            data = build_data(
                snapshot.frozen_by,
                starts_on=snapshot.starts_on,
                ends_on=snapshot.ends_on,
                site=snapshot.pilot_site,
            )
        except Exception as error:  # the reason is shown on the snapshot's page
            _failed(snapshot, error)
            raise
        by = snapshot.frozen_by
        data["frozen"] = {
            "version": snapshot.version,
            "at": localtime.to_local(snapshot.frozen_at, localtime.moscow_zone()).strftime(
                "%d.%m.%Y %H:%M МСК"
            ),
            "by": (getattr(by, "full_name", "") or by.get_username()) if by else "",
        }
        snapshot.data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
        snapshot.save(update_fields=["data"])
    return snapshot


def snapshot_build(*, snapshot_id: int) -> Snapshot:
    """What the worker does for a new snapshot: gather its data, then render its files."""
    snapshot_gather(snapshot_id=snapshot_id)
    return snapshot_render(snapshot_id=snapshot_id)


def _failed(snapshot: Snapshot, error: Exception) -> None:
    Snapshot.objects.filter(pk=snapshot.pk).update(
        state=SnapshotState.FAILED, error=str(error)[:500]
    )


def snapshot_render(*, snapshot_id: int) -> Snapshot:
    """Render a frozen snapshot's files once and keep them with their SHA-256; a snapshot
    whose files exist is never rendered again."""
    snapshot = Snapshot.objects.get(pk=snapshot_id)
    if snapshot.state == SnapshotState.READY or not snapshot.data:
        return snapshot
    try:
        pdf, xlsx = render_frozen(snapshot.data)
    except Exception as error:  # the reason is shown on the snapshot's page
        _failed(snapshot, error)
        raise
    base = f"snapshot-{snapshot.pk}-v{snapshot.version}"
    snapshot.pdf.save(f"{base}.pdf", ContentFile(pdf), save=False)
    snapshot.xlsx.save(f"{base}.xlsx", ContentFile(xlsx), save=False)
    snapshot.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    snapshot.xlsx_sha256 = hashlib.sha256(xlsx).hexdigest()
    snapshot.state = SnapshotState.READY
    snapshot.error = ""
    snapshot.save(update_fields=["pdf", "xlsx", "pdf_sha256", "xlsx_sha256", "state", "error"])
    return snapshot

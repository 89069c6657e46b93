"""Frozen snapshots: stored data and files, byte-identical rebuild, versions, the comparison,
and no way to change or delete them."""

from __future__ import annotations

import datetime
import hashlib
from unittest import mock

import kombu.exceptions
import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard import services
from dashboard.documents import render_frozen
from dashboard.models import Snapshot, SnapshotState
from dashboard.tasks import freeze_snapshot_task
from events.models import EventState
from tests.dashboard import factories as make


@pytest.fixture
def period():
    today = timezone.localdate()
    return today - datetime.timedelta(days=60), today


def freeze(by, programme, period, site=None):
    """Freeze, then gather the data as the worker does first (the files are left unrendered
    unless the test runs the commit callbacks)."""
    starts_on, ends_on = period
    snapshot = services.snapshot_freeze(
        by=by, programme=programme, site=site, starts_on=starts_on, ends_on=ends_on
    )
    return services.snapshot_gather(snapshot_id=snapshot.pk)


def test_the_request_only_records_the_freeze_and_the_worker_gathers(
    roadmap, site_a, federal, login, period, django_capture_on_commit_callbacks
):
    seminar = make.event(site_a, attended=16)
    client = login(federal)
    starts_on, ends_on = period
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("dashboard:freeze"),
            {"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
        )
    snapshot = Snapshot.objects.get()
    assert response.status_code == 302
    assert (snapshot.data, snapshot.state) == ({}, SnapshotState.BUILDING)
    html = client.get(reverse("dashboard:snapshot", args=[snapshot.pk])).content.decode()
    assert "Отчёт готовится: собираются данные" in html
    assert 'hx-trigger="every 2s"' in html  # the page refreshes itself until it is ready
    compare = client.get(reverse("dashboard:compare", args=[snapshot.pk]))
    assert compare.status_code == 302  # nothing to compare yet
    assert len(callbacks) == 1
    callbacks[0]()  # the worker's task (eager here)
    snapshot.refresh_from_db()
    assert snapshot.state == SnapshotState.READY
    assert [r["id"] for r in snapshot.data["records"]["seminars"]] == [seminar.pk]
    html = client.get(reverse("dashboard:snapshot", args=[snapshot.pk])).content.decode()
    assert "SHA-256 PDF" in html and "every 2s" not in html


def test_a_freeze_with_the_broker_away_is_kept_and_sent_by_the_sweep(
    roadmap, site_a, federal, login, period, django_capture_on_commit_callbacks
):
    seminar = make.event(site_a, attended=16)
    client = login(federal)
    starts_on, ends_on = period
    refused = kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379")
    with (
        mock.patch.object(freeze_snapshot_task, "apply_async", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("dashboard:freeze"),
            {"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
        )
    snapshot = Snapshot.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "dashboard:snapshot", args=[snapshot.pk]
    )
    html = client.get(response.url).content.decode()
    assert "Отчёт готовится" in html and snapshot.state == SnapshotState.BUILDING
    # Beat's sweep, the broker back: nothing within the first minute, then the snapshot is sent.
    assert services.snapshots_sweep(now=snapshot.frozen_at + datetime.timedelta(seconds=30)) == 0
    later = snapshot.frozen_at + datetime.timedelta(seconds=61)
    assert services.snapshots_sweep(now=later) == 1  # eager here: built at once
    snapshot.refresh_from_db()
    assert snapshot.state == SnapshotState.READY
    assert [r["id"] for r in snapshot.data["records"]["seminars"]] == [seminar.pk]
    assert services.snapshots_sweep(now=later) == 0  # a ready snapshot is left alone


def test_the_sweep_sends_only_snapshots_left_building(roadmap, site_a, federal, period):
    starts_on, ends_on = period
    made = [
        services.snapshot_freeze(
            by=federal, programme=roadmap, site=None, starts_on=starts_on, ends_on=ends_on
        )
        for _ in range(3)
    ]
    Snapshot.objects.filter(pk=made[1].pk).update(state=SnapshotState.FAILED)
    later = timezone.now() + datetime.timedelta(minutes=5)
    with mock.patch.object(freeze_snapshot_task, "apply_async") as sent:
        assert services.snapshots_sweep(now=later) == 2
    assert [c.kwargs["args"] for c in sent.call_args_list] == [[made[0].pk], [made[2].pk]]


def test_gathered_data_are_never_gathered_again(roadmap, site_a, federal, period):
    make.event(site_a, attended=16)
    snapshot = freeze(federal, roadmap, period)
    make.event(site_a, attended=20)  # a redelivered task after this finds the data kept
    again = services.snapshot_build(snapshot_id=snapshot.pk)
    assert again.data == snapshot.data
    assert len(again.data["records"]["seminars"]) == 1
    assert again.state == SnapshotState.READY


def test_freezing_stores_figures_record_ids_and_files(
    roadmap, site_a, site_b, federal, period, django_capture_on_commit_callbacks
):
    seminar = make.event(site_a, attended=16)
    make.event(site_a, attended=14)
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = freeze(federal, roadmap, period)
    snapshot.refresh_from_db()
    assert snapshot.state == SnapshotState.READY
    assert [r["id"] for r in snapshot.data["records"]["seminars"]] == [seminar.pk]
    assert snapshot.pdf_sha256 == hashlib.sha256(snapshot.pdf.read()).hexdigest()
    assert snapshot.xlsx_sha256 == hashlib.sha256(snapshot.xlsx.read()).hexdigest()


def test_a_frozen_report_rebuilds_byte_for_byte(
    roadmap, site_a, federal, period, django_capture_on_commit_callbacks
):
    make.event(site_a, attended=16)
    make.story(site_a)
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = freeze(federal, roadmap, period)
    snapshot.refresh_from_db()
    make.event(site_a, attended=20)  # a record added afterwards changes nothing frozen
    pdf, xlsx = render_frozen(Snapshot.objects.get(pk=snapshot.pk).data)
    assert hashlib.sha256(pdf).hexdigest() == snapshot.pdf_sha256
    assert hashlib.sha256(xlsx).hexdigest() == snapshot.xlsx_sha256


def test_freezing_twice_makes_version_two_and_keeps_both(roadmap, site_a, federal, period):
    first = freeze(federal, roadmap, period)
    second = freeze(federal, roadmap, period)
    assert (first.version, second.version) == (1, 2)
    assert Snapshot.objects.count() == 2


def test_comparison_says_what_was_added_after_freezing(roadmap, site_a, federal, login, period):
    make.event(site_a, attended=15)
    snapshot = freeze(federal, roadmap, period)
    for attended in (15, 12, 14):
        make.event(site_a, attended=attended, minimum=12)
    returned = make.event(site_a, attended=30)
    returned.state = EventState.REPORT_RETURNED  # no longer counts
    returned.save(update_fields=["state"])
    html = login(federal).get(reverse("dashboard:compare", args=[snapshot.pk])).content.decode()
    assert "После фиксации добавлено: 3 семинара, 41 участник" in html
    frozen = Snapshot.objects.get(pk=snapshot.pk)
    assert len(frozen.data["records"]["seminars"]) == 1


def test_a_record_changed_after_freezing_shows_in_the_comparison(
    roadmap, site_a, federal, login, period
):
    seminar = make.event(site_a, attended=15)
    snapshot = freeze(federal, roadmap, period)
    seminar.state = EventState.REPORT_RETURNED
    seminar.save(update_fields=["state"])
    html = login(federal).get(reverse("dashboard:compare", args=[snapshot.pk])).content.decode()
    assert "больше не считается" in html
    assert Snapshot.objects.get(pk=snapshot.pk).data["records"]["seminars"][0]["id"] == seminar.pk


def test_end_before_start_is_refused_beside_the_field(roadmap, federal, login):
    response = login(federal).post(
        reverse("dashboard:freeze"), {"starts_on": "2026-05-01", "ends_on": "2026-04-01"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Конец периода раньше его начала." in html
    assert 'value="2026-05-01"' in html  # nothing typed is lost
    assert not Snapshot.objects.exists()


def test_an_empty_period_freezes_an_honest_empty_report(
    roadmap, site_a, federal, django_capture_on_commit_callbacks
):
    old = (datetime.date(2019, 1, 1), datetime.date(2019, 3, 31))
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = freeze(federal, roadmap, old)
    snapshot.refresh_from_db()
    assert snapshot.state == SnapshotState.READY
    assert all(not rows for rows in snapshot.data["records"].values())


def test_another_sites_snapshot_is_404_for_regional_staff(
    roadmap, site_a, site_b, federal, regional_a, login, period
):
    mine = freeze(federal, roadmap, period, site=site_a)
    theirs = freeze(federal, roadmap, period, site=site_b)
    everyone = freeze(federal, roadmap, period)
    client = login(regional_a)
    assert client.get(reverse("dashboard:snapshot", args=[mine.pk])).status_code == 200
    for snapshot in (theirs, everyone):
        assert client.get(reverse("dashboard:snapshot", args=[snapshot.pk])).status_code == 404
        assert client.get(reverse("dashboard:compare", args=[snapshot.pk])).status_code == 404
        url = reverse("dashboard:snapshot-file", args=[snapshot.pk, "pdf"])
        assert client.get(url).status_code == 404
    assert client.post(reverse("dashboard:freeze"), {}).status_code == 403


def test_snapshots_cannot_be_changed_or_deleted_in_the_admin(roadmap, site_a, federal, period):
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = federal
    snapshot = freeze(federal, roadmap, period)
    model_admin = admin.site._registry[Snapshot]
    assert not model_admin.has_change_permission(request, snapshot)
    assert not model_admin.has_delete_permission(request, snapshot)
    assert not model_admin.has_add_permission(request)

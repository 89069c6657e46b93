"""Reliable tasks: a lease so a redelivered message never runs twice, a heartbeat that renews it."""

from __future__ import annotations

import time

import pytest
from celery.exceptions import Retry
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from resursnaya_sreda.kernel import tasks as kernel_tasks
from resursnaya_sreda.kernel.workers import (
    CacheLease,
    Heartbeat,
    countdown_within_visibility,
    reliable_task,
)

RUNS: list[tuple[str, ...]] = []


@reliable_task(bind=True, name="tests.kernel.reliable_echo")
def reliable_echo(self, word: str) -> str:
    RUNS.append((self.request.id, word))
    if word == "retry":
        raise Retry()
    if word == "boom":
        raise RuntimeError("boom")
    return word.upper()


@reliable_task(name="tests.kernel.keyed", once_key=lambda pk: f"thing-{pk}")
def keyed(pk: int) -> int:
    RUNS.append(("keyed", str(pk)))
    return pk


@pytest.fixture(autouse=True)
def _runs():
    RUNS.clear()
    yield
    RUNS.clear()


def on_a_worker(task, task_id, *args):
    """Call the task as a worker does: its message's request on the stack, not eager."""
    task.push_request(id=task_id, is_eager=False, called_directly=False, retries=0)
    try:
        return task(*args)
    finally:
        task.pop_request()


def test_a_message_delivered_twice_runs_once():
    assert on_a_worker(reliable_echo, "t-1", "привет") == "ПРИВЕТ"
    assert on_a_worker(reliable_echo, "t-1", "привет") is None
    assert RUNS == [("t-1", "привет")]


def test_another_message_of_the_same_task_runs():
    on_a_worker(reliable_echo, "t-1", "раз")
    on_a_worker(reliable_echo, "t-2", "два")
    assert [word for _id, word in RUNS] == ["раз", "два"]


def test_a_duplicate_arriving_while_the_first_runs_is_dropped():
    holder = CacheLease("task:tests.kernel.reliable_echo:t-3", seconds=60)
    assert holder.acquire()
    assert on_a_worker(reliable_echo, "t-3", "копия") is None
    assert RUNS == []
    holder.release()
    assert on_a_worker(reliable_echo, "t-3", "копия") == "КОПИЯ"


def test_a_retry_or_a_failure_is_not_remembered_as_done_and_frees_the_lease():
    with pytest.raises(Retry):
        on_a_worker(reliable_echo, "t-4", "retry")
    with pytest.raises(RuntimeError, match="boom"):
        on_a_worker(reliable_echo, "t-5", "boom")
    assert cache.get("lease:task:tests.kernel.reliable_echo:t-4") is None
    assert cache.get("task-done:tests.kernel.reliable_echo:t-4") is None
    assert cache.get("task-done:tests.kernel.reliable_echo:t-5") is None
    assert len(RUNS) == 2


def test_once_key_makes_two_messages_about_one_thing_run_once():
    assert on_a_worker(keyed, "a", 7) == 7
    assert on_a_worker(keyed, "b", 7) is None
    assert on_a_worker(keyed, "c", 8) == 8
    assert RUNS == [("keyed", "7"), ("keyed", "8")]


def test_eager_and_direct_calls_run_without_a_lease():
    assert reliable_echo.apply(args=["eager"]).get() == "EAGER"
    assert reliable_echo.apply(args=["eager"]).get() == "EAGER"
    assert reliable_echo("direct") == "DIRECT"
    assert len(RUNS) == 3


def test_a_lease_has_one_holder_until_it_runs_out(settings):
    first = CacheLease("thing", seconds=60)
    second = CacheLease("thing", seconds=60)
    assert first.acquire() and not second.acquire()
    assert first.renew() and not second.renew()
    second.release()  # not the holder: nothing happens
    assert not second.acquire()
    first.release()
    assert second.acquire()


def test_the_heartbeat_beats_until_the_block_ends():
    beats = []
    with Heartbeat(lambda: beats.append(1) or True, every=0.05) as heartbeat:
        time.sleep(0.3)
    count = len(beats)
    time.sleep(0.15)
    assert count >= 3 and len(beats) == count
    assert not heartbeat.lost.is_set()


def test_the_heartbeat_reports_a_lost_lease_and_survives_an_error():
    answers = iter([RuntimeError("database restarting"), True, False])

    def beat():
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    with Heartbeat(beat, every=0.02) as heartbeat:
        assert heartbeat.lost.wait(timeout=2)
    assert next(answers, "used up") == "used up"


def test_a_time_limit_the_visibility_timeout_does_not_cover_is_refused(settings):
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    with pytest.raises(ImproperlyConfigured, match="visibility timeout"):
        reliable_task(name="tests.kernel.too_long", time_limit=visibility)(lambda: None)


def test_retry_countdowns_stay_within_the_visibility_timeout(settings):
    assert countdown_within_visibility(30) == 30
    assert countdown_within_visibility(3600) == settings.CELERY_TASK_TIME_LIMIT
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert settings.CELERY_TASK_TIME_LIMIT < visibility


def test_the_tasks_that_matter_acknowledge_late_and_come_back_when_the_worker_is_lost():
    from reports import tasks as report_tasks

    for task in (
        kernel_tasks.send_email_task,
        kernel_tasks.sweep_orphan_files_task,
        report_tasks.render_document_job,
        report_tasks.sweep_document_jobs,
    ):
        assert task.acks_late is True, task.name
        assert task.reject_on_worker_lost is True, task.name
    assert (
        report_tasks.render_document_job.time_limit
        < (report_tasks.render_document_job.app.conf.broker_transport_options["visibility_timeout"])
    )


def test_a_mail_message_redelivered_after_delivery_is_not_sent_again(mailoutbox):
    kwargs = {"to": ["a@example.org"], "subject": "Тема", "body": "Текст"}
    task = kernel_tasks.send_email_task
    for _ in range(2):
        task.push_request(id="mail-1", is_eager=False, called_directly=False, retries=0)
        try:
            task(**kwargs)
        finally:
            task.pop_request()
    assert len(mailoutbox) == 1


@pytest.mark.celery_worker
def test_on_a_real_worker_a_message_sent_twice_under_one_id_runs_once(settings):
    """Redis redelivering a message looks, to the worker, like the same task id again."""
    import time
    import uuid

    from celery.contrib.testing.worker import start_worker

    from resursnaya_sreda.celery import app

    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: a real Celery worker on Redis")
    queue = f"rs-test-once-{uuid.uuid4().hex[:12]}"
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    app.conf.update(task_always_eager=False, task_default_queue=queue)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=30
        ):
            for _ in range(2):
                reliable_echo.apply_async(args=["дважды"], task_id="redelivered-1", queue=queue)
            reliable_echo.apply_async(args=["другое"], task_id="other-1", queue=queue)
            deadline = time.monotonic() + 30
            while len(RUNS) < 2 and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1)  # the duplicate had its chance
    finally:
        app.conf.update(saved)
    assert sorted(RUNS) == [("other-1", "другое"), ("redelivered-1", "дважды")]

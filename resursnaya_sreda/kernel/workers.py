"""Tasks that survive a lost worker: late acknowledgement, prompt redelivery, never twice at once.

Usage, for every task whose loss or repetition matters (mail, mailings, the solver, renders)::

    from resursnaya_sreda.kernel.workers import reliable_task

    @reliable_task(bind=True, max_retries=5)
    def send_mailing_task(self, mailing_id: int) -> None:
        ...

    # The same work may arrive in two messages (a beat run and a button): lease by its key.
    @reliable_task(once_key=lambda schedule_id: f"schedule-{schedule_id}")
    def solve_schedule_task(schedule_id: int) -> None:
        ...

Why. A worker acknowledges a message only when the task is over (``acks_late``) and gives it
back when its process dies (``reject_on_worker_lost``), so a crash loses nothing. Redis hands an
unacknowledged message to another worker once its visibility timeout has passed; the settings
put that timeout a minute above the hard time limit every task runs under, so a task still
running is never handed out again and a lost worker's task comes back within minutes. What
redelivery can still do is start finished or running work a second time: the worker may die
between the work and the acknowledgement, or a stalled worker may wake up. So a reliable task
first takes a lease in the cache, keyed by its task id (or ``once_key``): while a live worker
holds it (a heartbeat thread renews it every WORKER_HEARTBEAT_SECONDS) a duplicate is dropped,
and once the work has finished its key is remembered for a day, so a late copy does nothing. A
dead worker stops renewing; its lease runs out after WORKER_SILENCE_SECONDS.

Work kept in a database row (document jobs, reports/services.py) leases the row instead, with
the same :class:`Heartbeat`: the row says who owns it and until when.

Eager runs (no Redis, tests) have no queue and no second worker: they run unguarded.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

from celery import Task, shared_task
from celery.exceptions import Retry
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

logger = logging.getLogger(__name__)

#: How long a finished task's key is remembered, so a late duplicate of it does nothing.
DONE_MEMORY_SECONDS = 24 * 3600


class Heartbeat:
    """Calls ``beat()`` every ``every`` seconds in a daemon thread while the block runs.

    ``beat`` renews a lease and returns False when the lease is no longer ours (another
    worker took the work over): :attr:`lost` is then set for the work to check, and the thread
    stops. An error in ``beat`` (the database restarting) is logged and tried again at the next
    beat; if the silence lasts, the lease runs out and the work is given to someone else. The
    thread's own database connection is closed when it ends.
    """

    def __init__(self, beat: Callable[[], bool], *, every: float) -> None:
        self.beat = beat
        self.every = every
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(timeout=max(self.every, 5))

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    alive = self.beat()
                except Exception:
                    logger.warning("Heartbeat failed; trying again", exc_info=True)
                    continue
                if not alive:
                    self.lost.set()
                    return
        finally:
            connections.close_all()


class CacheLease:
    """A lease in the shared cache (Redis in production): one holder at a time, with a timeout.

    ``acquire`` is atomic (``cache.add``). ``renew`` and ``release`` check the holder first;
    between the check and the write another holder could only appear if this one had already
    been silent for the whole timeout, which the heartbeat prevents while the process lives.
    """

    def __init__(self, key: str, *, seconds: int) -> None:
        self.key = f"lease:{key}"
        self.seconds = seconds
        self.token = uuid.uuid4().hex

    def acquire(self) -> bool:
        return bool(cache.add(self.key, self.token, self.seconds))

    def renew(self) -> bool:
        if cache.get(self.key) != self.token:
            return False
        return bool(cache.touch(self.key, self.seconds))

    def release(self) -> None:
        if cache.get(self.key) == self.token:
            cache.delete(self.key)


class OnceTask(Task):
    """Base of :func:`reliable_task`: runs the body under a lease, skips finished work."""

    #: ``once_key(*args, **kwargs) -> str``; None keys the lease by the task's id.
    once_key: Callable[..., str] | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        request = self.request
        if request.called_directly or request.is_eager:
            return self.run(*args, **kwargs)
        key = self.once_key(*args, **kwargs) if self.once_key else request.id
        done_key = f"task-done:{self.name}:{key}"
        lease = CacheLease(f"task:{self.name}:{key}", seconds=settings.WORKER_SILENCE_SECONDS)
        try:
            if cache.get(done_key):
                logger.info("Task %s[%s] already done; duplicate dropped", self.name, key)
                return None
            if not lease.acquire():
                logger.warning(
                    "Task %s[%s] is running elsewhere; duplicate dropped", self.name, key
                )
                return None
        except Exception:
            # The cache is the broker's Redis: if it fails here the worker will soon lose the
            # broker too. Doing the work once more is better than not doing it at all.
            logger.warning("No lease for %s[%s]; running unguarded", self.name, key, exc_info=True)
            return self.run(*args, **kwargs)
        try:
            with Heartbeat(lease.renew, every=settings.WORKER_HEARTBEAT_SECONDS):
                result = self.run(*args, **kwargs)
        except Retry:
            raise
        finally:
            try:
                lease.release()
            except Exception:
                logger.warning("Could not release the lease of %s[%s]", self.name, key)
        try:
            cache.set(done_key, 1, DONE_MEMORY_SECONDS)
        except Exception:
            logger.warning("Could not remember %s[%s] as done", self.name, key)
        return result


def countdown_within_visibility(seconds: float) -> float:
    """A retry's countdown, capped so that Redis does not hand the waiting message to a second
    worker (a message held for a later time is unacknowledged like a running one)."""
    return min(seconds, settings.CELERY_TASK_TIME_LIMIT)


def reliable_task(
    *args: Any, once: bool = True, once_key: Callable[..., str] | None = None, **options: Any
) -> Any:
    """``shared_task`` for work that matters: late acknowledgement, redelivery when the worker
    is lost, a time limit the broker's visibility timeout covers, and (unless ``once=False``,
    for tasks that lease a database row themselves) a lease so it never runs twice at once.

    Works bare (``@reliable_task``) and with options (``@reliable_task(bind=True)``).
    """
    options.setdefault("acks_late", True)
    options.setdefault("reject_on_worker_lost", True)
    time_limit = options.get("time_limit") or settings.CELERY_TASK_TIME_LIMIT
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    if time_limit >= visibility:
        raise ImproperlyConfigured(
            f"time_limit {time_limit} s must stay below the broker's visibility timeout "
            f"({visibility} s), or Redis hands a running task to a second worker"
        )
    if once:
        options.setdefault("base", OnceTask)
        if once_key is not None:
            options["once_key"] = staticmethod(once_key)
    decorator = shared_task(**options)
    if len(args) == 1 and callable(args[0]) and not options.get("name"):
        return decorator(args[0])
    if args:
        raise TypeError("reliable_task takes the task function or keyword options only")
    return decorator

"""Sections of long PDFs rendered on the Celery worker pool, in parallel.

The engine (``reports.engine.sections``) asks an executor to render a list of sections. This
one, installed from ``ReportsConfig.ready()``, works like this:

* the process that renders the document (the *orchestrator*, usually the worker running the
  document job) stores each section's HTML in the private storage and puts one
  ``render_section_task`` per section on the queue;
* every section is *claimed* before it is rendered: ``cache.add`` of a claim key is atomic, so
  exactly one process renders it. The orchestrator claims sections too, so it never waits
  idle and a pool with no free worker still finishes (it renders everything itself);
* while a section renders, a heartbeat thread keeps its claim alive. A worker killed in the
  middle stops the heartbeat, the claim expires after ``SECTION_CLAIM_SECONDS`` and the
  section is claimed again (by the orchestrator or by Celery's redelivery of the message);
  after ``SECTION_MAX_ATTEMPTS`` claims it fails the document with a message naming it;
* a finished section leaves its PDF in storage and its layout (pages, anchors, headings) in
  the cache; the orchestrator reads them back and the engine joins. The orchestrator's own
  heartbeat (``alive``) tells late workers whether anyone still waits for a section.

Without a broker (the embedded default, tests) tasks are eager: sections render in process.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile

from reports.engine.base import Progress, _no_progress
from reports.engine.sections import (
    InlineExecutor,
    Section,
    SectionFailed,
    SectionResult,
    render_section,
)
from resursnaya_sreda.kernel.uploads import get_private_storage

logger = logging.getLogger(__name__)

#: A claim not renewed for this long belongs to a dead worker and may be taken again.
SECTION_CLAIM_SECONDS = getattr(settings, "REPORTS_SECTION_CLAIM_SECONDS", 15)
#: How many times one section is started before the document fails.
SECTION_MAX_ATTEMPTS = getattr(settings, "REPORTS_SECTION_MAX_ATTEMPTS", 3)
SECTION_SOFT_TIME_LIMIT = getattr(settings, "REPORTS_SECTION_SOFT_TIME_LIMIT", 120)
SECTION_HARD_TIME_LIMIT = getattr(settings, "REPORTS_SECTION_HARD_TIME_LIMIT", 150)
#: The orchestrator renews ``alive`` at least this often; late tasks skip a run not renewed.
ALIVE_SECONDS = 60
POLL_SECONDS = 0.05
RUN_TTL = 3600


def _key(run: str, *parts: Any) -> str:
    return ":".join(["rs-sections", run, *map(str, parts)])


def _folder(run: str) -> str:
    return f"documents/sections/{run}"


class _Heartbeat:
    """Renews a claim every third of its lifetime while the block runs."""

    def __init__(self, key: str, seconds: float) -> None:
        self.key, self.seconds = key, seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True, name="section-heartbeat")

    def _beat(self) -> None:
        while not self._stop.wait(self.seconds / 3):
            try:
                cache.touch(self.key, self.seconds)
            except Exception:  # a missed beat only risks a second render of the section
                logger.exception("Could not renew the claim %s", self.key)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def _fail(run: str, index: int, message: str) -> str:
    cache.set(_key(run, "failed", index), message, RUN_TTL)
    return "failed"


def claim_and_render(run: str, index: int, *, in_task: bool = True) -> str:
    """Render section ``index`` of ``run`` if nobody has or does: ``done``, ``taken``,
    ``skipped`` (the run is over or abandoned) or ``failed``.

    ``in_task`` is False in the orchestrator: its own time limit belongs to the whole
    document, so it is not mistaken for this section's.
    """
    meta = cache.get(_key(run, "meta"))
    if meta is None or cache.get(_key(run, "alive")) is None:
        return "skipped"
    if cache.get(_key(run, "done", index)) is not None:
        return "skipped"
    if cache.get(_key(run, "failed", index)) is not None:
        return "skipped"
    claim = _key(run, "claim", index)
    # The claim names its process: an operator (or the benchmark) sees who renders what.
    if not cache.add(claim, f"{os.getpid()}:{uuid.uuid4().hex}", SECTION_CLAIM_SECONDS):
        return "taken"
    title = meta["titles"][index]
    attempts_key = _key(run, "attempts", index)
    cache.add(attempts_key, 0, RUN_TTL)
    attempts = cache.incr(attempts_key)
    if attempts > SECTION_MAX_ATTEMPTS:
        return _fail(
            run,
            index,
            f"Раздел «{title}» не сформирован: обработчик останавливался на нём "
            f"{attempts - 1} раза. Документ не собран; повторите позже или сообщите "
            "администратору.",
        )
    storage = get_private_storage()
    try:
        with _Heartbeat(claim, SECTION_CLAIM_SECONDS):
            with storage.open(f"{_folder(run)}/{index}.html", "rb") as handle:
                html = handle.read().decode("utf-8")
            result = render_section(Section(key=meta["keys"][index], title=title, html=html))
    except SoftTimeLimitExceeded:
        if not in_task:
            raise
        return _fail(
            run,
            index,
            f"Раздел «{title}» формировался дольше {SECTION_SOFT_TIME_LIMIT} с и был остановлен.",
        )
    except SectionFailed as exc:
        return _fail(run, index, exc.message)
    except Exception as exc:
        logger.exception("Section %s of run %s failed", index, run)
        reason = type(exc).__name__
        return _fail(run, index, f"Раздел «{title}» не удалось сформировать ({reason}).")
    name = storage.save(f"{_folder(run)}/{index}.pdf", ContentFile(result.pdf))
    layout = result.layout()
    layout["file"] = name
    cache.set(_key(run, "done", index), layout, RUN_TTL)
    return "done"


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=SECTION_SOFT_TIME_LIMIT,
    time_limit=SECTION_HARD_TIME_LIMIT,
)
def render_section_task(run: str, index: int) -> str:
    """One section of a long PDF. Idempotent: a section done, failed or taken is left alone."""
    return claim_and_render(run, index)


def _eager() -> bool:
    from resursnaya_sreda.celery import app

    return bool(app.conf.task_always_eager)


class WorkerPoolExecutor:
    """Renders sections on the worker pool (and in this process), see the module docstring."""

    def __init__(self, *, dispatch: Any = None) -> None:
        # Tests replace how tasks are sent; the default puts them on the Celery queue.
        self.dispatch = dispatch or self._send

    @staticmethod
    def _send(run: str, index: int) -> None:
        render_section_task.apply_async(
            args=[run, index],
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0.1, "interval_step": 0.2},
        )

    def map(
        self, sections: Sequence[Section], *, progress: Progress = _no_progress
    ) -> list[SectionResult]:
        if not sections:
            return []
        if len(sections) == 1 or (_eager() and self.dispatch == self._send):
            return InlineExecutor().map(sections, progress=progress)
        run = uuid.uuid4().hex
        storage = get_private_storage()
        count = len(sections)
        # The biggest sections first: the pool ends together instead of waiting on a giant.
        order = sorted(range(count), key=lambda i: -len(sections[i].html))
        try:
            for index, section in enumerate(sections):
                storage.save(
                    f"{_folder(run)}/{index}.html", ContentFile(section.html.encode("utf-8"))
                )
            cache.set(
                _key(run, "meta"),
                {
                    "keys": [s.key for s in sections],
                    "titles": [s.title for s in sections],
                    "orchestrator": os.getpid(),
                },
                RUN_TTL,
            )
            cache.set(_key(run, "alive"), 1, ALIVE_SECONDS)
            for index in order:
                try:
                    self.dispatch(run, index)
                except Exception:  # the broker is away: this process renders them itself
                    logger.warning("Section %s of run %s not queued", index, run, exc_info=True)
            # «Someone still waits» must outlive a section the orchestrator renders itself
            # (a long one on a busy machine takes more than ALIVE_SECONDS): without this the
            # workers drop their sections as abandoned and the orchestrator, finding the run
            # no longer alive, waits for ever.
            with _Heartbeat(_key(run, "alive"), ALIVE_SECONDS):
                return self._collect(run, sections, order, progress)
        finally:
            self._cleanup(run, count)

    def _collect(
        self, run: str, sections: Sequence[Section], order: list[int], progress: Progress
    ) -> list[SectionResult]:
        storage = get_private_storage()
        results: dict[int, SectionResult] = {}
        renewed = time.monotonic()
        while len(results) < len(sections):
            if time.monotonic() - renewed > ALIVE_SECONDS / 4:
                cache.touch(_key(run, "alive"), ALIVE_SECONDS)
                renewed = time.monotonic()
            for index in order:
                if index in results:
                    continue
                failed = cache.get(_key(run, "failed", index))
                if failed is not None:
                    raise SectionFailed(failed)
                layout = cache.get(_key(run, "done", index))
                if layout is not None:
                    with storage.open(layout["file"], "rb") as handle:
                        results[index] = SectionResult.from_layout(layout, handle.read())
                    progress(len(results) / len(sections))
            if len(results) == len(sections):
                break
            # Rather than wait, render a section nobody holds (none taken yet, or one whose
            # worker died and whose claim ran out).
            for index in order:
                if index in results:
                    continue
                outcome = claim_and_render(run, index, in_task=False)
                if outcome in {"done", "failed"}:
                    break
            else:
                time.sleep(POLL_SECONDS)
        return [results[index] for index in range(len(sections))]

    @staticmethod
    def _cleanup(run: str, count: int) -> None:
        storage = get_private_storage()
        keys = [_key(run, "meta"), _key(run, "alive")]
        for index in range(count):
            for kind in ("claim", "attempts", "done", "failed"):
                keys.append(_key(run, kind, index))
            for extension in ("html", "pdf"):
                name = f"{_folder(run)}/{index}.{extension}"
                try:
                    if storage.exists(name):
                        storage.delete(name)
                except OSError:  # the orphan-file sweep removes what is left
                    logger.warning("Could not delete %s", name)
        cache.delete_many(keys)

#!/usr/bin/env python
"""The methodological collection: sections on two Celery workers against one WeasyPrint call.

    .venv/bin/python bench/bench_collection.py [--chapters 20] [--repeat 3] [--kill]

Builds a throw-away portal (SQLite file, its own media folder, a Redis database and queue of
its own) with a collection of ``--chapters`` chapters (about ten A5 pages each, two photos
each), then renders the same book

* **single**: the whole book as one HTML document in one WeasyPrint call, in a warm process
  of its own (the contents and the index by CSS ``target-counter``);
* **parallel**: a document job on a real ``celery worker --concurrency 2``: the job's process
  renders sections and so does the other worker process, the engine joins.

Both are timed from the request to the finished file (wall clock: on two cores the point is
the elapsed time), best of ``--repeat``. Peak memory is the high-water mark (VmHWM) of the
single process and of each worker process. ``--kill`` also kills one worker process in the
middle of a section and shows the document finishing anyway.

Needs Redis (``REDIS_URL``, default ``redis://127.0.0.1:6379/13``). Not a test: it prints
figures and the ratio against the goal (parallel ≤ 0.5 × single).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.5
PARAGRAPH = (
    "Практика объединяет школьников, их родителей и учителей разных национальностей вокруг "
    "совместных проектов: встреч, фестивалей, краеведческих походов и волонтёрских акций. "
    "Участники учатся вести диалог, договариваться и делать общее дело для своего города. "
)


def environment(workdir: Path, redis_url: str, queue: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "resursnaya_sreda.settings.dev",
            "VAR_DIR": str(workdir),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(workdir / "media"),
            "REDIS_URL": redis_url,
            "CELERY_QUEUE": queue,
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- Data ------------------------------------------------------------------------------------
def build_data(chapters: int) -> dict:
    """A programme, a federal editor and an edition with ``chapters`` chapters, frozen."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.utils import timezone
    from PIL import Image, ImageDraw

    from contest import book, services
    from contest.models import ChapterState, Consent, EditionState
    from practices.models import (
        Attachment,
        AttachmentKind,
        Decision,
        Direction,
        Outcome,
        Questionnaire,
    )
    from resursnaya_sreda.accounts.models import Membership, Role, User
    from resursnaya_sreda.kernel.models import Organisation, Programme, Region
    from resursnaya_sreda.kernel.uploads import IMAGES, PortalImageField

    call_command("migrate", verbosity=0)
    programme = Programme.objects.create(
        title="Ресурсная среда — замер", year=2020, is_current=True
    )
    federal = User.objects.create_user("bench@example.org", "bench-password-1", full_name="Замер")
    Membership.objects.create(user=federal, role=Role.FEDERAL)
    regions = list(Region.objects.order_by("code")[:6])
    directions = list(Direction.objects.order_by("position")[:4])
    field = PortalImageField(kinds=IMAGES)
    practices = []
    for n in range(chapters):
        organisation = Organisation.objects.create(
            name=f"АНО «Дом народов № {n + 1}»", kind="ngo", region=regions[n % len(regions)]
        )
        text = PARAGRAPH * 14
        questionnaire = Questionnaire.objects.create(
            programme=programme,
            organisation=organisation,
            state="submitted",
            title=f"Практика № {n + 1}: школа межнационального диалога",
            direction=directions[n % len(directions)],
            problem=text,
            goals=PARAGRAPH * 3,
            target_groups=PARAGRAPH,
            people_reached=100 + n,
            period="с 2018 года",
            geography=PARAGRAPH,
            resources=text[:3000],
            results_quantitative=text,
            results_qualitative=text,
            replication=text,
            partners_administration=PARAGRAPH,
        )
        Decision.objects.create(questionnaire=questionnaire, outcome=Outcome.BEST, reason="—")
        for k in range(2):
            image = Image.new("RGB", (1800, 1200), ((n * 37) % 200 + 30, 90 + k * 40, 140))
            draw = ImageDraw.Draw(image)
            for dot in range(9):
                draw.ellipse((100 + dot * 180, 500, 220 + dot * 180, 620), fill=(250, 250, 250))
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=85)
            attachment = Attachment(
                questionnaire=questionnaire,
                kind=AttachmentKind.PHOTO,
                caption=f"Встреча участников {n + 1}.{k + 1}",
            )
            attachment.attach(
                field.check(SimpleUploadedFile("фото.jpg", buffer.getvalue(), "image/jpeg"))
            )
            attachment.save()
        practices.append(questionnaire)
    edition = services.edition_create(
        by=federal, programme=programme, foreword=PARAGRAPH * 6, how_to_use=PARAGRAPH * 3
    )
    for questionnaire in practices:
        chapter = services.chapter_add(edition=edition, questionnaire=questionnaire, by=federal)
        chapter.photos.update(consent=Consent.YES)
        chapter.state = ChapterState.APPROVED
        chapter.contact_agreed = True
        chapter.save()
    edition.frozen = book.edition_content(edition)
    edition.state = EditionState.PUBLISHED
    edition.published_at = timezone.now()
    edition.save()
    return {"edition": edition.pk, "user": federal.pk}


# --- Measurements ------------------------------------------------------------------------------
def vm_hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def single(edition_id: int) -> dict:
    """One WeasyPrint call on the whole book, in this (warm) process."""
    import io
    import resource

    from contest.documents import CollectionPdf
    from contest.models import Edition
    from reports.engine.pdf import render_pdf

    document = CollectionPdf({"edition": Edition.objects.get(pk=edition_id)})
    render_pdf("<p>warm-up</p>", io.BytesIO())  # fonts and hyphenation loaded, as in a worker
    html = document.get_single_html()
    started, cpu = time.perf_counter(), time.process_time()
    out = io.BytesIO()
    pages = render_pdf(html, out).pages
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "pages": pages,
        "bytes": len(out.getvalue()),
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def section_worker_pid() -> int | None:
    """A worker process rendering a section of the running document that is not the process
    putting the document together (that one the job's own recovery takes care of)."""
    from django.core.cache import cache

    client = cache._cache.get_client()
    for raw in client.scan_iter("*rs-sections:*:meta"):
        run = raw.decode().split("rs-sections:", 1)[1].rsplit(":meta", 1)[0]
        meta = cache.get(f"rs-sections:{run}:meta") or {}
        for index in range(len(meta.get("keys", []))):
            holder = cache.get(f"rs-sections:{run}:claim:{index}")
            if holder and int(holder.split(":")[0]) != meta.get("orchestrator"):
                return int(holder.split(":")[0])
    return None


def parallel(edition_id: int, user_id: int, *, kill: bool = False, pool: list[int] = ()) -> dict:
    """A document job on the worker pool, from the request to the finished file, with the CPU
    time each worker process spent on it."""
    from reports import services
    from reports.models import DocumentJob
    from resursnaya_sreda.accounts.models import User

    user = User.objects.get(pk=user_id)
    before = {pid: cpu_seconds(pid) for pid in pool}
    started = time.perf_counter()
    outcome = services.document_job_request(
        user=user,
        kind="contest-collection",
        fmt="pdf",
        parameters={"edition": str(edition_id)},
    )
    killed = False
    while True:
        job = DocumentJob.objects.get(pk=outcome.job.pk)
        if kill and not killed and time.perf_counter() - started > 2.0:
            victim = section_worker_pid()
            if victim:
                os.kill(victim, signal.SIGKILL)  # a worker dies in the middle of a section
                killed = True
        if not job.is_active:
            break
        if time.perf_counter() - started > 600:
            raise SystemExit(f"Документ не готов за 10 минут: {job.status} {job.progress}%")
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    cpu = [cpu_seconds(pid) - start for pid, start in before.items()]
    return {
        "cpu": cpu,
        "seconds": elapsed,
        "status": job.status,
        "pages": job.pages,
        "bytes": job.size,
        "error": job.error,
        "killed": killed,
    }


def run_worker(env: dict[str, str], queue: str, log: Path) -> subprocess.Popen:
    # The log goes to a file: a pipe nobody reads would fill up and stall the worker.
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "resursnaya_sreda",
            "worker",
            "--concurrency",
            "2",
            "--pool",
            "prefork",
            "-Q",
            queue,
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def in_subprocess(env: dict[str, str], *args: str, script: str = __file__) -> dict:
    """Run ``script`` (this bench, or another that shares these helpers) with ``args`` in a
    fresh process; its last line of output is JSON."""
    done = subprocess.run(
        [sys.executable, script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def mib(kib: float) -> str:
    return f"{kib / 1024:.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chapters", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kill", action="store_true")
    parser.add_argument("--role", default="main")
    parser.add_argument("--edition", type=int, default=0)
    parser.add_argument("--user", type=int, default=0)
    args = parser.parse_args()

    if args.role != "main":
        setup_django()
        if args.role == "data":
            print(json.dumps(build_data(args.chapters)))
        elif args.role == "single":
            print(json.dumps(single(args.edition)))
        return

    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13")
    queue = f"rs-bench-collection-{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="rs-bench-collection-"))
    env = environment(workdir, redis_url, queue)
    os.environ.update(env)
    print(f"Каталог: {workdir}; очередь {queue} на {redis_url}", flush=True)
    ids = in_subprocess(env, "--role", "data", "--chapters", str(args.chapters))
    setup_django()

    singles = []
    for _ in range(args.repeat):
        singles.append(in_subprocess(env, "--role", "single", "--edition", str(ids["edition"])))
        print(
            f"  один вызов: {singles[-1]['seconds']:.2f} с (ЦП {singles[-1]['cpu']:.1f} с)",
            flush=True,
        )
    best_single = min(singles, key=lambda r: r["seconds"])

    worker = run_worker(env, queue, workdir / "worker.log")
    try:
        time.sleep(6)  # the worker starts and imports the portal
        parallel(ids["edition"], ids["user"])  # warm-up: workers load fonts and dictionaries
        workers = children(worker.pid)
        runs = []
        for _ in range(args.repeat):
            runs.append(parallel(ids["edition"], ids["user"], pool=workers))
            cpu = ", ".join(f"{c:.1f}" for c in runs[-1]["cpu"])
            print(
                f"  параллельно: {runs[-1]['seconds']:.2f} с (ЦП обработчиков {cpu} с)", flush=True
            )
        pool = [vm_hwm_kib(pid) for pid in children(worker.pid)]
        killed = parallel(ids["edition"], ids["user"], kill=True) if args.kill else None
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    failed = [r for r in runs if r["status"] != "done"]
    if failed:
        raise SystemExit(f"Параллельная сборка не удалась: {failed[0]['error']}")
    best = min(runs, key=lambda r: r["seconds"])
    ratio = best["seconds"] / best_single["seconds"]
    print(
        f"Сборник: {args.chapters} глав, {best['pages']} стр. "
        f"(одним вызовом {best_single['pages']} стр.)"
    )
    print(
        f"  один вызов WeasyPrint  {best_single['seconds']:6.2f} с   пик памяти "
        f"{mib(best_single['peak_kib'])}   файл {best_single['bytes'] / 1e6:.1f} МБ"
    )
    print(
        f"  разделы на 2 обработчиках {best['seconds']:6.2f} с   пик памяти на обработчик "
        + ", ".join(mib(k) for k in pool)
        + f"   файл {best['bytes'] / 1e6:.1f} МБ"
    )
    print(
        f"  все замеры, с: один вызов {[round(r['seconds'], 2) for r in singles]}, "
        f"параллельно {[round(r['seconds'], 2) for r in runs]}"
    )
    verdict = "OK" if ratio <= GOAL else "НЕ ДОСТИГНУТО"
    print(f"  параллельно ÷ один вызов (часы): {ratio:.2f} (цель ≤ {GOAL}) — {verdict}")
    # On a loaded machine the clock measures the neighbours too. The busier worker's CPU time
    # is what the parallel render takes on two free cores (its critical path, at least).
    cpu_single = min(r["cpu"] for r in singles)
    cpu_busiest = min(max(r["cpu"]) for r in runs)
    cpu_total = min(sum(r["cpu"]) for r in runs)
    print(
        f"  ЦП: один вызов {cpu_single:.1f} с; разделы — всего {cpu_total:.1f} с, "
        f"у более занятого обработчика {cpu_busiest:.1f} с → {cpu_busiest / cpu_single:.2f} "
        "от одного вызова"
    )
    load = os.getloadavg()
    print(f"  средняя нагрузка машины во время замера: {load[0]:.1f} (ядер: {os.cpu_count()})")
    if killed is not None:
        print(
            f"  обработчик убит посреди раздела: документ {killed['status']} за "
            f"{killed['seconds']:.1f} с{(' — ' + killed['error']) if killed['error'] else ''}"
        )


if __name__ == "__main__":
    main()

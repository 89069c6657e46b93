#!/usr/bin/env python
"""The consolidated report for all sites: sections on two Celery workers against one WeasyPrint
call, on the national-scale database of bench_scale.py.

    .venv/bin/python bench/bench_scale.py --prepare-only      # builds the databases once
    .venv/bin/python bench/bench_report.py [--scale national] [--repeat 2]

Renders the same report (every pilot site, the programme's start to today, as the federal
coordinator of the bench data)

* **single**: the whole report as one HTML document in one WeasyPrint call, in a warm process
  of its own (the report's data gathered before the clock starts, as the worker does);
* **parallel**: a document job on a real ``celery worker --concurrency 2``: the job gathers the
  data and renders sections, the other worker process renders sections too, the engine joins.

The machine is shared (two cores, other people's tests and benches), so besides the wall clock
it compares **CPU time**, as bench_collection.py does: the busier worker's CPU time (the
critical path of the parallel render on two free cores) ÷ the single call's. Needs Redis
(``REDIS_URL``, default ``redis://127.0.0.1:6379/13``) and the manifest bench_scale.py wrote
(``BENCH_DB_PREFIX`` as there). Not a test: it prints figures against the goal (≤ 0.5).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_collection import (  # noqa: E402
    children,
    cpu_seconds,
    mib,
    run_worker,
    vm_hwm_kib,
)
from bench.bench_collection import in_subprocess as _in_subprocess  # noqa: E402


def in_subprocess(env: dict[str, str], *args: str) -> dict:
    return _in_subprocess(env, *args, script=__file__)


GOAL = 0.5


def environment(workdir: Path, database: str, redis_url: str, queue: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "resursnaya_sreda.settings.dev",
            "VAR_DIR": str(workdir),
            "DATABASE_URL": database,
            "MEDIA_ROOT": str(workdir / "media"),
            "REDIS_URL": redis_url,
            "CELERY_QUEUE": queue,
            "LOG_LEVEL": "WARNING",
        }
    )
    # A report of a thousand pages on a shared machine may outlast the portal's five minutes:
    # the bench measures the render, not the limit.
    env.setdefault("REPORTS_SOFT_TIME_LIMIT", "1800")
    env.setdefault("REPORTS_HARD_TIME_LIMIT", "1900")
    return env


def setup_django() -> None:
    import django

    django.setup()


def period() -> tuple[datetime.date, datetime.date]:
    from django.utils import timezone

    from resursnaya_sreda.kernel.selectors import programme_current

    programme = programme_current()
    start = programme.steps.order_by("starts_on").values_list("starts_on", flat=True).first()
    return start, timezone.localdate()


def single(user_id: int) -> dict:
    """One WeasyPrint call on the whole report, in this (warm) process."""
    import io
    import resource

    from dashboard.documents import ConsolidatedReport
    from reports.engine.pdf import render_pdf
    from resursnaya_sreda.accounts.models import User

    starts_on, ends_on = period()
    user = User.objects.get(pk=user_id)
    render_pdf("<p>warm-up</p>", io.BytesIO())  # fonts and hyphenation loaded, as in a worker
    cpu_data = time.process_time()
    document = ConsolidatedReport(
        {"starts_on": starts_on, "ends_on": ends_on, "pilot_site": None}, user=user
    )
    html = document.get_single_html()
    cpu_data = time.process_time() - cpu_data
    started, cpu = time.perf_counter(), time.process_time()
    out = io.BytesIO()
    pages = render_pdf(html, out).pages
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "cpu_data": cpu_data,
        "pages": pages,
        "bytes": len(out.getvalue()),
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def parallel(user_id: int, *, pool: list[int] = ()) -> dict:
    """A document job on the worker pool, from the request to the finished file, with the CPU
    time each worker process spent on it."""
    from reports import services
    from reports.models import DocumentJob
    from resursnaya_sreda.accounts.models import User

    starts_on, ends_on = period()
    user = User.objects.get(pk=user_id)
    before = {pid: cpu_seconds(pid) for pid in pool}
    started = time.perf_counter()
    outcome = services.document_job_request(
        user=user,
        kind="dashboard-report",
        fmt="pdf",
        parameters={
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "pilot_site": "",
        },
    )
    while True:
        job = DocumentJob.objects.get(pk=outcome.job.pk)
        if not job.is_active:
            break
        if time.perf_counter() - started > 1200:
            raise SystemExit(f"Документ не готов за 20 минут: {job.status} {job.progress}%")
        time.sleep(0.1)
    return {
        "cpu": [cpu_seconds(pid) - start for pid, start in before.items()],
        "seconds": time.perf_counter() - started,
        "status": job.status,
        "pages": job.pages,
        "bytes": job.size,
        "error": job.error,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="national", choices=("pilot", "national"))
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--role", default="main")
    parser.add_argument("--user", type=int, default=0)
    parser.add_argument("--skip-single", action="store_true", help="only the worker pool")
    args = parser.parse_args()

    if args.role == "single":
        setup_django()
        print(json.dumps(single(args.user)))
        return

    prefix = os.environ.get("BENCH_DB_PREFIX", "rs_bench_")
    manifest = json.loads((ROOT / "var" / "bench" / f"{prefix}{args.scale}.json").read_text())
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13")
    queue = f"rs-bench-report-{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="rs-bench-report-"))
    env = environment(workdir, manifest["database"], redis_url, queue)
    os.environ.update(env)
    print(f"База {manifest['database']}; очередь {queue} на {redis_url}", flush=True)
    setup_django()
    from resursnaya_sreda.accounts.models import User

    user_id = User.objects.get(email=manifest["logins"]["federal"]).pk

    singles = []
    for _ in range(0 if args.skip_single else args.repeat):
        singles.append(in_subprocess(env, "--role", "single", "--user", str(user_id)))
        print(
            f"  один вызов: {singles[-1]['seconds']:.1f} с (ЦП {singles[-1]['cpu']:.1f} с; "
            f"данные {singles[-1]['cpu_data']:.1f} с ЦП), {singles[-1]['pages']} стр.",
            flush=True,
        )
    best_single = min(singles, key=lambda r: r["cpu"]) if singles else None

    worker = run_worker(env, queue, workdir / "worker.log")
    try:
        time.sleep(8)  # the worker starts and imports the portal
        workers = children(worker.pid)
        runs = []
        for _ in range(args.repeat):
            runs.append(parallel(user_id, pool=workers))
            cpu = ", ".join(f"{c:.1f}" for c in runs[-1]["cpu"])
            print(
                f"  параллельно: {runs[-1]['seconds']:.1f} с (ЦП обработчиков {cpu} с), "
                f"{runs[-1]['status']}",
                flush=True,
            )
        pool = [vm_hwm_kib(pid) for pid in children(worker.pid)]
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
    if best_single is None:
        print(
            f"Сводный отчёт, все площадки ({args.scale}): {best['pages']} стр., "
            f"{best['seconds']:.1f} с; ЦП обработчиков {[round(c, 1) for c in best['cpu']]} с"
        )
        return
    print(
        f"Сводный отчёт, все площадки ({args.scale}): {best['pages']} стр. "
        f"(одним вызовом {best_single['pages']} стр.)"
    )
    print(
        f"  один вызов WeasyPrint  {best_single['seconds']:6.1f} с   пик памяти "
        f"{mib(best_single['peak_kib'])}   файл {best_single['bytes'] / 1e6:.1f} МБ"
    )
    print(
        f"  разделы на 2 обработчиках {best['seconds']:6.1f} с (с данными)   пик памяти на "
        "обработчик " + ", ".join(mib(k) for k in pool) + f"   файл {best['bytes'] / 1e6:.1f} МБ"
    )
    print(f"  параллельно ÷ один вызов (часы): {best['seconds'] / best_single['seconds']:.2f}")
    cpu_single = best_single["cpu"]
    cpu_busiest = min(max(r["cpu"]) for r in runs)
    cpu_total = min(sum(r["cpu"]) for r in runs)
    ratio = cpu_busiest / cpu_single
    verdict = "OK" if ratio <= GOAL else "НЕ ДОСТИГНУТО"
    print(
        f"  ЦП: один вызов {cpu_single:.1f} с (+ данные {best_single['cpu_data']:.1f} с); "
        f"разделы — всего {cpu_total:.1f} с, у более занятого обработчика {cpu_busiest:.1f} с "
        f"→ {ratio:.2f} от одного вызова (цель ≤ {GOAL}) — {verdict}"
    )
    load = os.getloadavg()
    print(f"  средняя нагрузка машины во время замера: {load[0]:.1f} (ядер: {os.cpu_count()})")


if __name__ == "__main__":
    main()

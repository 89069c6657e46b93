#!/usr/bin/env python
"""Registration at the door: public registrations per second against a bare Django view, under
the same gunicorn.

    .venv/bin/python bench/bench_registration.py [--seconds 20] [--port 8741]

Uses the scale bench's pilot database (bench/bench_scale.py builds it when missing, same
BENCH_POSTGRES and BENCH_DB_PREFIX) and its production settings with one sync gunicorn worker.
For ``--seconds`` each, one client: (1) asks the bare view ``/bench/bare/`` over and over;
(2) registers new participants on an announced event — the public page (GET), then the form
sent (POST, answered by a redirect) — and prints requests per second, the pair's mean time and
the queries per request. The letters are queued for the worker (none runs here). Not a test.

``--in-process`` measures the same three requests without gunicorn or sockets, through
Django's test client in this process (same database and production settings, CSRF checked,
the confirmation queued on an in-memory broker unless REDIS_URL is set): mean ms and queries
for the bare view, the page (GET) and the form sent (POST). This is how the issue measured.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_scale as scale  # noqa: E402


def announced_event(url: str, capacity: int | None = None) -> int:
    """An announced event with online registration that has not ended, in that database, with
    that capacity (a large one keeps the capacity check in the measure)."""
    import os
    import subprocess

    code = (
        "import django;django.setup();from django.utils import timezone;"
        "from events.models import Event;"
        "e=Event.objects.filter(state='announced',registration_mode='online',"
        "ends_at__gt=timezone.now()).order_by('starts_at').first();"
        "import sys;e.capacity=int(sys.argv[1]) if sys.argv[1] else None;"
        "e.save(update_fields=['capacity']);print(e.pk)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "" if capacity is None else str(capacity)],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "resursnaya_sreda.settings.dev",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def post(client: scale.Client, path: str, fields: dict[str, str]) -> tuple[int, dict, float]:
    request = urllib.request.Request(
        client.base + path,
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Referer": client.base + path},
    )
    started = time.perf_counter()
    try:
        with client.opener.open(request, timeout=60) as response:
            status, headers = response.status, dict(response.headers)
            response.read()
    except urllib.error.HTTPError as error:
        status, headers = error.code, dict(error.headers)
    return status, headers, (time.perf_counter() - started) * 1000


def in_process(url: str, event_id: int, seconds: float) -> None:
    """Bare view, page and submit through django.test.Client in this process."""
    import os

    # One client from one address: the per-address limit on registrations (30 an hour) would
    # answer 429 after a few seconds, and it is not what is measured.
    os.environ.setdefault("RATELIMIT_EVENT_REGISTRATIONS_PER_ADDRESS", "1000000/h")
    static_root = Path(tempfile.mkdtemp(prefix="rs-bench-static-"))
    os.environ.update(scale.server_env(url, static_root))
    import django

    django.setup()
    from http.cookies import SimpleCookie

    from django.conf import settings
    from django.test import Client as DjangoClient

    from resursnaya_sreda.celery import app as celery_app

    if not os.environ.get("REDIS_URL"):
        # As under gunicorn the letter is only queued (no worker runs): an in-memory broker.
        celery_app.conf.task_always_eager = False
        celery_app.conf.broker_url = "memory://"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    cpu = {"bare": 0.0, "get": 0.0, "post": 0.0}

    def timed(call, what="bare"):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = call()
        cpu[what] += (time.process_time() - started_cpu) * 1000
        return response, (time.perf_counter() - started) * 1000

    def queries(response) -> int:
        return int(response.headers.get("X-Bench-Queries", 0))

    bare, bare_q = [], []
    visitor = DjangoClient()
    for n in range(-20, 100_000):  # the first 20 warm up
        response, ms = timed(lambda: visitor.get("/bench/bare/"))
        assert response.status_code == 200, response.status_code
        if n == 0:
            cpu["bare"] = 0.0
        if n >= 0:
            bare.append(ms)
            bare_q.append(queries(response))
            if sum(bare) > seconds * 1000:
                break
    shows, sends, show_q, send_q = [], [], [], []
    visitor = DjangoClient(enforce_csrf_checks=True)
    stamp = int(time.time())
    path = f"/events/{event_id}/"
    for n in range(-5, 100_000):
        # A new visitor each time, from an address of their own: no cookies yet, and the
        # per-address limit on registrations (30 an hour) is not what is measured. One client
        # (its handler loads the middleware once, as a server process does), cookies cleared.
        visitor.cookies = SimpleCookie()
        visitor.defaults["REMOTE_ADDR"] = f"10.{n % 250}.{n // 250 % 250}.{n // 62500 + 1}"
        if n == 0:
            cpu["get"] = cpu["post"] = 0.0
        response, ms_show = timed(lambda: visitor.get(path), "get")  # noqa: B023
        assert response.status_code == 200, response.status_code
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
        fields = {
            "csrfmiddlewaretoken": token,
            "full_name": f"Гостева Галина {stamp}-{n}",
            "organisation": "НКО «Дверь»",
            "category": "other",
            "email": f"door-{stamp}-{n}@bench.example.org",
            "consent_personal_data": "on",
        }
        body = urllib.parse.urlencode(fields)  # as a browser sends a form without files
        sent, ms_send = timed(
            lambda: visitor.post(path, body, "application/x-www-form-urlencoded"),  # noqa: B023
            "post",
        )
        if sent.status_code != 302:
            raise SystemExit(f"регистрация: ответ {sent.status_code}")
        if n >= 0:
            shows.append(ms_show)
            sends.append(ms_send)
            show_q.append(queries(response))
            send_q.append(queries(sent))
            if sum(shows) + sum(sends) > seconds * 1000:
                break
    print(
        f"В процессе (django.test.Client), DEBUG=0, база {url.rsplit('/', 1)[-1]}, "
        f"кэш {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; "
        f"{len(bare)} пустых запросов, {len(shows)} регистраций"
    )
    print("ЦП — время процессора этого процесса (без работы сервера базы данных)")
    print("| что | среднее, мс | медиана, мс | ЦП, мс | запросов к БД |")
    print("|---|---|---|---|---|")
    for title, times, what, counts in (
        ("пустое представление Django", bare, "bare", bare_q),
        ("страница регистрации (GET)", shows, "get", show_q),
        ("отправка регистрации (POST)", sends, "post", send_q),
    ):
        print(
            f"| {title} | {statistics.mean(times):.1f} | {statistics.median(times):.1f} | "
            f"{cpu[what] / len(times):.1f} | {statistics.median(counts):.0f} |"
        )
    pair = [a + b for a, b in zip(shows, sends, strict=True)]
    print(
        f"| регистрация целиком (GET + POST) | {statistics.mean(pair):.1f} | "
        f"{statistics.median(pair):.1f} | {(cpu['get'] + cpu['post']) / len(pair):.1f} | "
        f"{statistics.median(show_q) + statistics.median(send_q):.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--port", type=int, default=8741)
    parser.add_argument(
        "--in-process", action="store_true", help="django.test.Client in this process, no server"
    )
    parser.add_argument(
        "--capacity", type=int, default=None, help="the event's capacity (default: none)"
    )
    args = parser.parse_args()
    base = scale.postgres_base()
    manifest = scale.prepare("pilot", base, rebuild=False)
    url = manifest["database"]
    event_id = announced_event(url, args.capacity)
    if args.in_process:
        in_process(url, event_id, args.seconds)
        return
    # One client from one address: the per-address limit on registrations (30 an hour) would
    # answer 429 after a few seconds, and it is not what is measured.
    os.environ.setdefault("RATELIMIT_EVENT_REGISTRATIONS_PER_ADDRESS", "1000000/h")
    static_root = Path(tempfile.mkdtemp(prefix="rs-bench-static-"))
    scale.collect_static(static_root, url)
    log = scale.VAR / "gunicorn-registration.log"
    server = scale.start_server(url, args.port, static_root, log)
    address = f"http://127.0.0.1:{args.port}"
    try:
        scale.wait_until_up(address, server, log)
        client = scale.Client(address)
        bare, bare_queries = [], []
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline:
            status, _body, headers, ms = client.get("/bench/bare/")
            assert status == 200, status
            bare.append(ms)
            bare_queries.append(int(headers.get("X-Bench-Queries", 0)))
        pairs, shows, sends, show_q, send_q = [], [], [], [], []
        stamp = int(time.time())
        deadline = time.monotonic() + args.seconds
        n = 0
        while time.monotonic() < deadline:
            visitor = scale.Client(address)  # a new visitor each time: no session yet
            status, body, headers, ms_show = visitor.get(f"/events/{event_id}/")
            assert status == 200, status
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
            n += 1
            status, send_headers, ms_send = post(
                visitor,
                f"/events/{event_id}/",
                {
                    "csrfmiddlewaretoken": token.decode(),
                    "full_name": f"Гостева Галина {stamp}-{n}",
                    "organisation": "НКО «Дверь»",
                    "category": "other",
                    "email": f"door-{stamp}-{n}@bench.example.org",
                    "consent_personal_data": "on",
                },
            )
            if status != 302:
                raise SystemExit(f"регистрация: ответ {status}")
            shows.append(ms_show)
            sends.append(ms_send)
            pairs.append(ms_show + ms_send)
            show_q.append(int(headers.get("X-Bench-Queries", 0)))
            send_q.append(int(send_headers.get("X-Bench-Queries", 0)))
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"gunicorn, 1 процесс, DEBUG=0, одна база «пилот»; по {args.seconds:.0f} с на замер")
    print("| что | запросов/с | медиана, мс | запросов к БД |")
    print("|---|---|---|---|")
    print(
        f"| пустое представление Django | {len(bare) / (sum(bare) / 1000):.0f} | "
        f"{statistics.median(bare):.1f} | {statistics.median(bare_queries):.0f} |"
    )
    print(
        f"| страница регистрации (GET) | {len(shows) / (sum(shows) / 1000):.0f} | "
        f"{statistics.median(shows):.1f} | {statistics.median(show_q):.0f} |"
    )
    print(
        f"| отправка регистрации (POST) | {len(sends) / (sum(sends) / 1000):.0f} | "
        f"{statistics.median(sends):.1f} | {statistics.median(send_q):.0f} |"
    )
    queries = statistics.median(show_q) + statistics.median(send_q)
    print(
        f"| регистрация целиком (GET + POST) | {len(pairs) / (sum(pairs) / 1000):.1f} пар/с | "
        f"{statistics.median(pairs):.1f} | {queries:.0f} |"
    )


if __name__ == "__main__":
    main()

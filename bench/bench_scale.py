#!/usr/bin/env python
"""The portal at pilot and at national scale, side by side, under production settings.

    .venv/bin/python bench/bench_scale.py [--repeat 7] [--only ranking] [--rebuild]
    BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432 BENCH_DB_PREFIX=rs_bench_ \\
        .venv/bin/python bench/bench_scale.py

Builds two databases (bench/scale/data.py: 10 regions, 200 questionnaires, 600 reviews, 40
events and 2,000 registrations; 89 regions, 20,000, 60,000, 2,000 and 100,000) — once: they
are kept and reused until the generator changes or --rebuild is given — then serves each
with gunicorn (one sync worker each, DEBUG=0, production settings plus a query-count header)
on two ports, logs in as every role through the login form and requests every page of
bench/scale/pages.py, alternating the two servers, and prints per page the median time in ms
on each, their ratio, the queries per request and the HTML size. PostgreSQL (BENCH_POSTGRES,
by default the local server) is used when it answers, else two SQLite files under var/bench/.
REDIS_URL, if set, is passed to the servers. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale import data  # noqa: E402
from bench.scale.pages import PAGES, ROLES  # noqa: E402

VAR = ROOT / "var" / "bench"
SCALES = ("pilot", "national")
GOAL_RATIO = 1.5
GOAL_MS = 300


# --- Databases --------------------------------------------------------------------------
def postgres_base() -> str | None:
    base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    try:
        import psycopg

        psycopg.connect(f"{base}/postgres", connect_timeout=3).close()
    except Exception:
        return None
    return base


def database_url(scale: str, base: str | None) -> str:
    prefix = os.environ.get("BENCH_DB_PREFIX", "rs_bench_")
    if base:
        return f"{base}/{prefix}{scale}"
    return f"sqlite:///{VAR / f'{prefix}{scale}.sqlite3'}"


def recreate_database(url: str, base: str | None) -> None:
    if base:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


def manifest_path(scale: str) -> Path:
    return VAR / f"{os.environ.get('BENCH_DB_PREFIX', 'rs_bench_')}{scale}.json"


def prepare(scale: str, base: str | None, rebuild: bool) -> dict:
    """The scale's database, built (or rebuilt) when needed; returns its manifest."""
    path = manifest_path(scale)
    url = database_url(scale, base)
    if path.exists() and not rebuild:
        manifest = json.loads(path.read_text())
        if manifest.get("version") == data.VERSION and manifest.get("database") == url:
            return manifest
    print(f"Готовим данные «{scale}» в {url} …", flush=True)
    started = time.perf_counter()
    recreate_database(url, base)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "resursnaya_sreda.settings.dev",
    }
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    done = subprocess.run(
        [sys.executable, __file__, "--generate", scale],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"данные «{scale}» не построены")
    out = done.stdout
    manifest = json.loads(out.strip().splitlines()[-1])
    manifest["database"] = url
    if base:
        # Bulk-loaded tables get their statistics and visibility map now, as autovacuum
        # would give a live database: counts then read indexes only.
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    VAR.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    print(f"  готово за {time.perf_counter() - started:.0f} с: {manifest['counts']}", flush=True)
    return manifest


def generate(scale: str) -> None:
    """Runs in a subprocess with DATABASE_URL set: fill that database, print the manifest."""
    import django

    django.setup()
    from resursnaya_sreda.kernel.mail import muted

    with muted():
        manifest = data.generate(data.SCALES[scale])
    print(json.dumps(manifest, ensure_ascii=False))


# --- Servers ----------------------------------------------------------------------------
def server_env(url: str, static_root: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.scale.settings",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on the loopback: no redirect to HTTPS, cookies without «Secure».
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(static_root),
        "VAR_DIR": str(VAR / "var"),
        "LOG_LEVEL": "WARNING",
        "AXES_FAILURE_LIMIT": "1000",
    }
    env.pop("BENCH_SECRET_KEY", None)
    return env


def collect_static(static_root: Path, url: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=server_env(url, static_root),
        check=True,
    )


def start_server(url: str, port: int, static_root: Path, log: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [
            str(gunicorn),
            "resursnaya_sreda.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=server_env(url, static_root),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn остановился:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=30) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise SystemExit(f"{base} не ответил за минуту")


# --- Clients ----------------------------------------------------------------------------
#: Recovery codes given to every bench login (staff pass the second factor with one each).
STAFF_CODES = [f"benchcode{n:04d}" for n in range(200)]


def enrol_bench_codes(url: str) -> None:
    """Every staff account of the database gets a recovery-code device with STAFF_CODES, all
    of them afresh on every run (a login spends a code, and a reused database is measured
    again)."""
    code = (
        "import django,sys;django.setup();"
        "from django_otp.plugins.otp_static.models import StaticDevice, StaticToken;"
        "from resursnaya_sreda.accounts.models import User;"
        "codes=sys.argv[1].split(',');"
        "[(d.token_set.all().delete(), "
        "StaticToken.objects.bulk_create(StaticToken(device=d, token=c) for c in codes)) "
        "for d in (StaticDevice.objects.get_or_create(user=u, name='bench', "
        "defaults={'confirmed': True})[0] for u in User.objects.filter(memberships__isnull=False)"
        ".distinct())]"
    )
    subprocess.run(
        [sys.executable, "-c", code, ",".join(STAFF_CODES)],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "resursnaya_sreda.settings.dev",
        },
        check=True,
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A browser's cookies and a login, over urllib (no redirects followed)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def get(self, path: str) -> tuple[int, bytes, dict[str, str], float]:
        path = urllib.parse.quote(path, safe="/?&=%:+,")  # Cyrillic in queries
        request = urllib.request.Request(self.base + path, headers={"Accept": "text/html"})
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as response:
                body = response.read()
                status, headers = response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            body, status, headers = error.read(), error.code, dict(error.headers)
        return status, body, headers, (time.perf_counter() - started) * 1000

    def login(self, email: str, password: str) -> None:
        status, body, _headers, _ms = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": email, "password": password}
        ).encode()
        request = urllib.request.Request(
            self.base + "/accounts/login/",
            data=form,
            headers={"Referer": self.base + "/accounts/login/"},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 302:
            raise SystemExit(f"вход {email} на {self.base}: ответ {status}")
        status, body, _headers, _ms = self.get("/accounts/login/code/")
        if status != 200:
            return  # no second step for this role
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "code": STAFF_CODES.pop()}
        ).encode()
        request = urllib.request.Request(
            self.base + "/accounts/login/code/",
            data=form,
            headers={"Referer": self.base + "/accounts/login/code/"},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 302:
            raise SystemExit(f"второй шаг входа {email} на {self.base}: ответ {status}")


# --- Measuring --------------------------------------------------------------------------
def measure(clients: dict[str, dict[str, Client]], manifests: dict, repeat: int, only: str):
    rows = []
    for page in PAGES:
        if only and only.lower() not in page.title.lower() and only not in page.path:
            continue
        times: dict[str, list[float]] = {scale: [] for scale in SCALES}
        seen: dict[str, tuple[int, int, int]] = {}
        for scale in SCALES:  # warm both (caches, first query plans)
            clients[scale][page.role].get(page.url(manifests[scale]))
        for round_ in range(repeat):
            order = SCALES if round_ % 2 == 0 else SCALES[::-1]
            for scale in order:
                status, body, headers, ms = clients[scale][page.role].get(
                    page.url(manifests[scale])
                )
                times[scale].append(ms)
                seen[scale] = (status, int(headers.get("X-Bench-Queries", -1)), len(body))
        rows.append((page, {scale: statistics.median(times[scale]) for scale in SCALES}, seen))
        pilot, national = rows[-1][1]["pilot"], rows[-1][1]["national"]
        status = " ".join(str(seen[s][0]) for s in SCALES)
        print(
            f"{page.title[:44]:44} {pilot:8.1f} {national:9.1f} {national / pilot:6.2f}× "
            f"{seen['pilot'][1]:>4}/{seen['national'][1]:<4} "
            f"{seen['pilot'][2] / 1024:7.1f} {seen['national'][2] / 1024:8.1f}"
            + ("" if status == "200 200" else f"  (ответ {status})"),
            flush=True,
        )
    return rows


def markdown(rows) -> str:
    lines = [
        "| страница | роль | пилот, мс | страна, мс | страна ÷ пилот | запросов | HTML, КБ |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for page, ms, seen in rows:
        lines.append(
            f"| {page.title} | {page.role} | {ms['pilot']:.0f} | {ms['national']:.0f} | "
            f"{ms['national'] / ms['pilot']:.2f}× | {seen['pilot'][1]} / {seen['national'][1]} | "
            f"{seen['pilot'][2] / 1024:.0f} / {seen['national'][2] / 1024:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per page and scale")
    parser.add_argument("--only", default="", help="only pages whose title or path has this")
    parser.add_argument("--rebuild", action="store_true", help="rebuild both databases")
    parser.add_argument("--prepare-only", action="store_true", help="build the data and stop")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8731)))
    parser.add_argument("--markdown", type=Path, help="also write the table here as Markdown")
    parser.add_argument("--generate", choices=SCALES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.generate)
        return

    VAR.mkdir(parents=True, exist_ok=True)
    base = postgres_base()
    print(f"База: {'PostgreSQL ' + base if base else 'SQLite (PostgreSQL не ответил)'}")
    manifests = {scale: prepare(scale, base, args.rebuild) for scale in SCALES}
    if args.prepare_only:
        return
    static_root = Path(tempfile.mkdtemp(prefix="rs-bench-static-"))
    collect_static(static_root, manifests["pilot"]["database"])
    for scale in SCALES:
        enrol_bench_codes(manifests[scale]["database"])
    servers, logs = {}, {}
    try:
        for offset, scale in enumerate(SCALES):
            logs[scale] = VAR / f"gunicorn-{scale}.log"
            servers[scale] = start_server(
                manifests[scale]["database"], args.port + offset, static_root, logs[scale]
            )
        clients: dict[str, dict[str, Client]] = {}
        for offset, scale in enumerate(SCALES):
            url = f"http://127.0.0.1:{args.port + offset}"
            wait_until_up(url, servers[scale], logs[scale])
            clients[scale] = {}
            for role in ROLES:
                client = Client(url)
                if role != "anonymous":
                    client.login(manifests[scale]["logins"][role], manifests[scale]["password"])
                clients[scale][role] = client
        counts = {scale: manifests[scale]["counts"] for scale in SCALES}
        print(f"Пилот: {counts['pilot']}\nСтрана: {counts['national']}")
        print(
            f"Медиана из {args.repeat} запросов, gunicorn (1 процесс), DEBUG=0\n"
            f"{'страница':44} {'пилот,мс':>8} {'страна,мс':>9} {'÷':>7} {'запросы':>9} "
            f"{'КБ пилот':>7} {'КБ страна':>8}"
        )
        rows = measure(clients, manifests, args.repeat, args.only)
    finally:
        for server in servers.values():
            server.terminate()
        for server in servers.values():
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    slow = [p.title for p, ms, _s in rows if ms["national"] / ms["pilot"] > GOAL_RATIO]
    over = [p.title for p, ms, _s in rows if ms["national"] > GOAL_MS]
    print(f"\nЦель: страна ≤ {GOAL_RATIO}× пилота и < {GOAL_MS} мс.")
    print(f"Выше {GOAL_RATIO}×: {', '.join(slow) or 'нет'}")
    print(f"Дольше {GOAL_MS} мс: {', '.join(over) or 'нет'}")
    if args.markdown:
        args.markdown.write_text(markdown(rows) + "\n")


if __name__ == "__main__":
    main()

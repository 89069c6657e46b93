"""A 2 GB cut through the resumable upload, interrupted halfway, against gunicorn.

Run: ``.venv/bin/python bench/bench_videos_upload.py [size in MB, 2048 by default]``.

The portal runs in a gunicorn worker on a scratch SQLite database and media folder; the bench
logs a regional staff member in, creates the upload, sends 8 MB pieces, drops the connection
in the middle of a piece at half the file, asks the server where to resume (HEAD) and sends the
rest. It reports the worker's resident memory before the upload and its peak (VmHWM) after
every piece: flat memory means the peak does not grow with the file. Celery runs eagerly here,
so the last piece also joins the pieces and runs ffprobe in the same worker (on the worker in
production); that stage is reported separately.
"""

from __future__ import annotations

import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHUNK = 8 * 1024 * 1024
HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
MiB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss(pid: int) -> tuple[int, int]:
    """(current, peak) resident memory of a process, in bytes."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(rest.split()[0]) * 1024
    return values["VmRSS"], values["VmHWM"]


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def piece(offset: int, size: int) -> bytes:
    data = bytearray(size)
    if offset == 0:
        data[: len(HEAD)] = HEAD
    return bytes(data)


def setup_story(env: dict[str, str]) -> tuple[int, str]:
    """Migrate, then a site, a regional account in it and a story in filming; a session."""
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    import django

    from resursnaya_sreda.env import setup_settings_module

    setup_settings_module()

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from practices.models import PilotPractice, Questionnaire
    from resursnaya_sreda.accounts.models import Membership, Role, User
    from resursnaya_sreda.kernel import mail
    from resursnaya_sreda.kernel.models import Organisation, PilotSite, Programme, Region
    from videos import services
    from videos.models import Specification

    programme = Programme.objects.create(title="Бенчмарк", year=2020, is_current=True)
    region = Region.objects.get(code="16")
    centre = Organisation.objects.create(name="Центр", kind="resource_centre", region=region)
    site = PilotSite.objects.create(programme=programme, region=region, centre=centre)
    user = User.objects.create_user("bench@example.org", "bench-password", full_name="Бенч")
    federal = User.objects.create_user("fed@example.org", "bench-password", full_name="Фед")
    Membership.objects.create(user=user, role=Role.REGIONAL, pilot_site=site)
    Membership.objects.create(user=federal, role=Role.FEDERAL)
    ngo = Organisation.objects.create(name="НКО", kind="ngo", region=region)
    practice = Questionnaire.objects.create(
        programme=programme, organisation=ngo, title="Практика", state="submitted"
    )
    PilotPractice.objects.create(pilot_site=site, questionnaire=practice, slot=1)
    spec = Specification.objects.create(
        programme=programme, version=1, state="issued", text="…", issued_at=timezone.now()
    )
    with mail.muted():
        services.specification_acknowledge(spec=spec, site=site, by=user)
        story = services.story_create(
            site=site,
            by=user,
            data={"title": "Сюжет", "script_text": "…", "practices": [practice]},
        )
        story = services.story_script_submit(story=story, by=user)
        story = services.story_script_approve(story=story, by=federal)
        story = services.story_filming_start(story=story, by=user)
    client = Client()
    client.force_login(user)
    return story.pk, client.cookies["sessionid"].value


def main() -> int:
    size = int(sys.argv[1]) * MiB if len(sys.argv) > 1 else 2048 * MiB
    folder = Path(tempfile.mkdtemp(prefix="videos-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "VIDEOS_MAX_UPLOAD_MB": "8192",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    server = None
    try:
        story_pk, session = setup_story(env)
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "resursnaya_sreda.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "600",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        worker = worker_pid(server.pid)
        csrf = secrets.token_hex(16)
        headers = {
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Tus-Resumable": "1.0.0",
            "Host": f"127.0.0.1:{port}",
            "Referer": f"http://127.0.0.1:{port}/",
        }
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                connection.request("GET", "/healthz")
                connection.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        connection.request(
            "POST",
            f"/videos/manage/{story_pk}/uploads/",
            headers={**headers, "Upload-Length": str(size), "Content-Length": "0"},
        )
        response = connection.getresponse()
        response.read()
        assert response.status == 201, response.status
        location = response.getheader("Location").split(str(port), 1)[1]
        before, _ = rss(worker)
        started = time.perf_counter()
        offset = 0
        peaks = []
        dropped = False
        while offset < size:
            length = min(CHUNK, size - offset)
            if not dropped and offset >= size // 2:
                # The connection drops halfway through a piece.
                raw = socket.create_connection(("127.0.0.1", port))
                head = (
                    f"PATCH {location} HTTP/1.1\r\n"
                    + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
                    + "Content-Type: application/offset+octet-stream\r\n"
                    + f"Upload-Offset: {offset}\r\nContent-Length: {length}\r\n\r\n"
                )
                raw.sendall(head.encode("latin-1") + piece(offset, length // 2))
                raw.close()
                dropped = True
                time.sleep(0.5)
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                connection.request("HEAD", location, headers=headers)
                response = connection.getresponse()
                response.read()
                resumed = int(response.getheader("Upload-Offset"))
                print(
                    f"соединение оборвано на {offset / MiB:.0f} МиБ + полфрагмента; сервер "
                    f"получил {resumed / MiB:.1f} МиБ, продолжаем с этого места"
                )
                offset = resumed
                continue
            connection.request(
                "PATCH",
                location,
                body=piece(offset, length),
                headers={
                    **headers,
                    "Content-Type": "application/offset+octet-stream",
                    "Upload-Offset": str(offset),
                },
            )
            last = offset + length >= size
            t0 = time.perf_counter()
            response = connection.getresponse()
            response.read()
            assert response.status == 204, (response.status, offset)
            offset = int(response.getheader("Upload-Offset"))
            if last:
                finish = time.perf_counter() - t0
            else:
                peaks.append(rss(worker)[1])
        elapsed = time.perf_counter() - started
        after_receive = max(peaks) if peaks else before
        _, peak_all = rss(worker)
        print(
            f"{size / MiB:.0f} МиБ за {elapsed:.0f} с ({size / MiB / elapsed:.0f} МиБ/с) "
            f"фрагментами по {CHUNK // MiB} МиБ"
        )
        print(
            f"память процесса gunicorn: до загрузки {before / MiB:.0f} МиБ, пик за приём "
            f"{after_receive / MiB:.0f} МиБ (+{(after_receive - before) / MiB:.0f} МиБ)"
        )
        print(
            f"последний фрагмент со склейкой и ffprobe (в продакшне — в обработчике Celery): "
            f"{finish:.0f} с, пик {peak_all / MiB:.0f} МиБ"
        )
        growth = after_receive - before
        ok = growth < 64 * MiB
        print(f"рост памяти < 64 МиБ — {'OK' if ok else 'НЕТ'}")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())

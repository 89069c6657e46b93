"""``GET /healthz``: database, Redis and Celery workers, with Redis up and with Redis down.

"Up" uses the real Redis when the environment names one (CI, ``make test``) and a local fake of
redis-py's ``ping`` otherwise, so both cases run everywhere and none is skipped.
"""

from __future__ import annotations

import os
import time

import pytest
import redis

from resursnaya_sreda.kernel import health

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_up(settings, monkeypatch):
    """REDIS_URL pointing at a Redis that answers: the real one, or a fake ping."""
    real = os.environ.get("REDIS_URL")
    if real:
        settings.REDIS_URL = real
    else:
        settings.REDIS_URL = "redis://127.0.0.1:6399/13"
        monkeypatch.setattr(redis.Redis, "ping", lambda self, **kwargs: True)
    return settings.REDIS_URL


@pytest.fixture
def real_redis():
    """The real Redis named by the environment (CI and ``make test`` start one)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs REDIS_URL: counts heartbeats in a real Redis (CI runs it)")
    return url


@pytest.fixture
def workers(monkeypatch):
    """Pretend ``count`` Celery workers answer the ping; returns the URLs pinged."""
    pinged: list[str] = []

    def _set(count: int) -> list[str]:
        def _ping(url: str) -> int:
            pinged.append(url)
            return count

        monkeypatch.setattr(health, "celery_workers", _ping)
        return pinged

    return _set


def test_all_ok_when_database_redis_and_workers_answer(client, redis_up, workers):
    pinged = workers(2)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "redis": "ok",
        "celery": "ok",
        "workers": 2,
    }
    assert pinged == [redis_up]


def test_degraded_when_redis_answers_but_no_worker_does(client, redis_up, workers):
    workers(0)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["redis"] == "ok"
    assert body["celery"] == "down"
    assert body["workers"] == 0
    assert body["status"] == "degraded"


def test_redis_down_gives_503_and_skips_the_worker_ping(client, settings, workers):
    settings.REDIS_URL = CLOSED_PORT_URL
    pinged = workers(3)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "redis": "down",
        "celery": "down",
        "workers": 0,
    }
    assert pinged == []


def test_redis_down_is_seen_by_the_real_client(settings):
    assert health.redis_ok(CLOSED_PORT_URL) is False


def test_redis_up_is_seen_by_the_client(redis_up):
    assert health.redis_ok(redis_up) is True


def test_without_redis_the_embedded_setup_is_ok(client, settings):
    settings.REDIS_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "redis": "not configured",
        "celery": "not configured",
        "workers": 0,
    }


def test_database_down_means_down(client, settings, monkeypatch):
    settings.REDIS_URL = None
    monkeypatch.setattr(health, "database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["database"] == "down"


def test_workers_are_counted_from_fresh_heartbeats(real_redis, settings, monkeypatch):
    settings.CELERY_TASK_DEFAULT_QUEUE = f"rs-health-test-{os.getpid()}"
    client = redis.Redis.from_url(real_redis)
    client.delete(health.heartbeat_key())
    health.worker_heartbeat(real_redis, "celery@a")
    health.worker_heartbeat(real_redis, "celery@b")
    client.zadd(health.heartbeat_key(), {"celery@gone": time.time() - 3600})
    assert health.celery_workers(real_redis) == 2
    client.delete(health.heartbeat_key())


def test_celery_workers_is_zero_when_redis_is_down():
    assert health.celery_workers(CLOSED_PORT_URL) == 0


def test_healthz_answers_within_100_ms_with_redis_configured(client, settings):
    settings.REDIS_URL = os.environ.get("REDIS_URL") or CLOSED_PORT_URL
    client.get("/healthz")  # the first request loads code and opens the database
    started = time.perf_counter()
    client.get("/healthz")
    assert time.perf_counter() - started < 0.1


def test_answer_is_never_cached_and_needs_no_login(client, settings):
    settings.REDIS_URL = None
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert response.status_code == 200  # the anonymous test client got in


def test_only_get_and_head_are_allowed(client, settings):
    settings.REDIS_URL = None
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200

"""``GET /healthz``: the state of the database, Redis and the Celery workers, as JSON.

For load balancers and monitoring: no login, no cache, nothing about people. The answer takes a
few milliseconds: the database and Redis are pinged with short timeouts, and workers are not
pinged through the broker (a broadcast ping waits out its whole timeout) but counted from the
heartbeats they write into Redis (``worker_heartbeat`` below: on start and from a beat task
every ``HEARTBEAT_EVERY_SECONDS``). The answer is
200 only when every configured service is up, 503 otherwise; ``status`` is ``down`` when the
database is unreachable (nothing works) and ``degraded`` when only Redis or the workers are
(pages work, documents and e-mail wait).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

REDIS_TIMEOUT_SECONDS = 0.05
HEARTBEAT_EVERY_SECONDS = 30
#: A worker whose last heartbeat is older than this is counted as gone.
HEARTBEAT_FRESH_SECONDS = 3 * HEARTBEAT_EVERY_SECONDS

OK = "ok"
DOWN = "down"
NOT_CONFIGURED = "not configured"


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means the same thing here: no database
        logger.warning("healthz: database unreachable", exc_info=True)
        return False
    return True


def redis_ok(url: str) -> bool:
    client = _client(url)
    try:
        return bool(client.ping())
    except Exception:  # connection refused, timeout, auth: Redis is not usable
        logger.warning("healthz: Redis unreachable", exc_info=True)
        return False
    finally:
        client.close()


def heartbeat_key() -> str:
    # One sorted set per queue, so several portals (or engineers) can share one Redis.
    return f"resursnaya-sreda:workers:{settings.CELERY_TASK_DEFAULT_QUEUE}"


def _client(url: str):
    import redis

    return redis.Redis.from_url(
        url,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        retry_on_timeout=False,
    )


def worker_heartbeat(url: str, hostname: str) -> None:
    """Written by a worker: «``hostname`` was alive now»."""
    client = _client(url)
    try:
        now = time.time()
        pipe = client.pipeline()
        pipe.zadd(heartbeat_key(), {hostname: now})
        pipe.zremrangebyscore(heartbeat_key(), 0, now - 10 * HEARTBEAT_FRESH_SECONDS)
        pipe.expire(heartbeat_key(), 10 * HEARTBEAT_FRESH_SECONDS)
        pipe.execute()
    except Exception:
        logger.warning("heartbeat: Redis unreachable", exc_info=True)
    finally:
        client.close()


def celery_workers(url: str) -> int:
    """How many workers wrote a heartbeat in the last ``HEARTBEAT_FRESH_SECONDS``."""
    client = _client(url)
    try:
        return int(client.zcount(heartbeat_key(), time.time() - HEARTBEAT_FRESH_SECONDS, "+inf"))
    except Exception:
        logger.warning("healthz: cannot read worker heartbeats", exc_info=True)
        return 0
    finally:
        client.close()


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    database = OK if database_ok() else DOWN
    url = getattr(settings, "REDIS_URL", None)
    workers = 0
    if not url:
        redis_state = celery_state = NOT_CONFIGURED
    else:
        redis_state = OK if redis_ok(url) else DOWN
        workers = celery_workers(url) if redis_state == OK else 0
        celery_state = OK if workers else DOWN

    if database == DOWN:
        status = "down"
    elif DOWN in (redis_state, celery_state):
        status = "degraded"
    else:
        status = "ok"
    body = {
        "status": status,
        "database": database,
        "redis": redis_state,
        "celery": celery_state,
        "workers": workers,
    }
    return JsonResponse(body, status=200 if status == "ok" else 503)

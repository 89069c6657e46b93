"""``GET /healthz``: the state of the database, Redis and the Celery workers, as JSON.

For load balancers and monitoring: no login, no cache, nothing about people. Every probe has a
short timeout so the check answers in about a second even when a service hangs. The answer is
200 only when every configured service is up, 503 otherwise; ``status`` is ``down`` when the
database is unreachable (nothing works) and ``degraded`` when only Redis or the workers are
(pages work, documents and e-mail wait).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

REDIS_TIMEOUT_SECONDS = 1.0
CELERY_PING_TIMEOUT_SECONDS = 1.0

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
    import redis

    client = redis.Redis.from_url(
        url,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        retry_on_timeout=False,
    )
    try:
        return bool(client.ping())
    except Exception:  # connection refused, timeout, auth: Redis is not usable
        logger.warning("healthz: Redis unreachable", exc_info=True)
        return False
    finally:
        client.close()


def celery_workers(url: str) -> int:
    """How many Celery workers answer a broadcast ping through the broker at ``url``."""
    from resursnaya_sreda.celery import app

    try:
        with app.connection_for_write(url, connect_timeout=REDIS_TIMEOUT_SECONDS) as conn:
            replies = app.control.ping(timeout=CELERY_PING_TIMEOUT_SECONDS, connection=conn)
    except Exception:
        logger.warning("healthz: Celery ping failed", exc_info=True)
        return 0
    return len(replies or [])


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
        # Without the broker a ping can only wait for its timeout; say so at once.
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

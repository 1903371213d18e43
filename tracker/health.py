"""Probes for operators: /healthz (the process answers) and /readyz (it can do its work:
the database answers, the broker accepts connections, the media folder takes files).

Both are anonymous, cheap JSON answers: no session, no CSRF, no template. /readyz
answers 200 when every check passes and 503 otherwise, with each check's status and a
short detail. The broker check is skipped ("not used") when tasks run in the request
(CELERY_TASK_ALWAYS_EAGER) or on the in-memory broker; the embedded filesystem broker
is checked as a folder. The Redis helpers are shared with the metrics (config.ops).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

OK, FAILED, NOT_USED = "ok", "failed", "not used"
# kombu's Redis transport keeps a queue's priorities in their own lists: "celery" and
# "celery\x06\x163", "…6", "…9" (its default priority steps).
_PRIORITY_SEP = "\x06\x16"
_PRIORITY_STEPS = (3, 6, 9)


def _result(status: str, detail: str = "") -> dict:
    return {"status": status, "detail": detail} if detail else {"status": status}


def _timeout() -> float:
    return float(getattr(settings, "TRACKER_HEALTH_BROKER_TIMEOUT", 1.5))


def uses_redis_broker() -> bool:
    return str(settings.CELERY_BROKER_URL).startswith(("redis://", "rediss://"))


def redis_client():
    """A Redis client on the broker with short timeouts (a probe never hangs)."""
    import redis

    return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=_timeout(),
                                socket_timeout=_timeout())


def queue_depth() -> int | None:
    """Messages waiting in the default Celery queue (all its priority lists) on a Redis
    broker; None without a Redis broker or when Redis does not answer."""
    if not uses_redis_broker():
        return None
    import redis

    queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    keys = [queue] + [f"{queue}{_PRIORITY_SEP}{step}" for step in _PRIORITY_STEPS]
    try:
        client = redis_client()
        try:
            pipe = client.pipeline(transaction=False)
            for key in keys:
                pipe.llen(key)
            return sum(pipe.execute())
        finally:
            client.close()
    except (redis.RedisError, OSError):
        return None


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return _result(FAILED, f"database: {exc.__class__.__name__}: {exc}"[:300])
    return _result(OK)


def check_broker() -> dict:
    url = str(settings.CELERY_BROKER_URL)
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return _result(NOT_USED, "tasks run in the request (CELERY_TASK_ALWAYS_EAGER)")
    if url.startswith("memory"):
        return _result(NOT_USED, "in-memory broker")
    if url.startswith("filesystem"):
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("data_folder_in", "")
        if folder and Path(folder).is_dir() and not os.access(folder, os.W_OK):
            return _result(FAILED, f"embedded broker folder not writable: {folder}")
        return _result(OK, "embedded filesystem broker")
    if uses_redis_broker():
        import redis

        try:
            client = redis_client()
            try:
                client.ping()
            finally:
                client.close()
        except (redis.RedisError, OSError) as exc:
            return _result(FAILED, f"broker unreachable: {exc.__class__.__name__}: {exc}"[:300])
        return _result(OK)
    return _check_kombu(url)


def _check_kombu(url: str) -> dict:
    """Another transport (AMQP…): a kombu connection, one attempt."""
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=_timeout()) as conn:
            conn.ensure_connection(max_retries=1, timeout=_timeout())
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        return _result(FAILED, f"broker unreachable: {exc.__class__.__name__}: {exc}"[:300])
    return _result(OK)


def check_media() -> dict:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return _result(FAILED, f"MEDIA_ROOT does not exist: {root}")
    if not os.access(root, os.W_OK):
        return _result(FAILED, f"MEDIA_ROOT is not writable: {root}")
    free_mb = shutil.disk_usage(root).free // (1024 * 1024)
    minimum = int(getattr(settings, "TRACKER_HEALTH_MEDIA_MIN_FREE_MB", 500))
    if free_mb < minimum:
        return _result(FAILED, f"free space {free_mb} MB below {minimum} MB")
    return _result(OK, f"{free_mb} MB free")


CHECKS = {"database": check_database, "broker": check_broker, "media": check_media}


def readiness() -> dict[str, dict]:
    """Every check's result, by name."""
    return {name: check() for name, check in CHECKS.items()}


def is_ready(checks: dict[str, dict]) -> bool:
    return all(result["status"] != FAILED for result in checks.values())


@csrf_exempt
@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": OK})


@csrf_exempt
@never_cache
@require_safe
def readyz(request):
    checks = readiness()
    ready = is_ready(checks)
    return JsonResponse({"status": OK if ready else FAILED, "checks": checks},
                        status=200 if ready else 503)

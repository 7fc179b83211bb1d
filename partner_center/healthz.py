"""/healthz/: can this web process serve? Asked without a log-in by the container's healthcheck
(partner_center/probe.py) and by load balancers.

The checks are django-health-check's: the database (SELECT 1), the cache (a write and a read:
Redis in production) and, when REDIS_URL is set, a ping of Redis itself (the Celery broker).
200 when all pass, 503 when one fails. The answer names each check and says "ok" or "failing",
nothing more: the reasons (hosts, errors) go to the log, where django-health-check writes them.
"""

from __future__ import annotations

import asyncio

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.contrib.redis import Redis
from redis.asyncio import Redis as RedisClient

# Seconds: a probe that hangs is worse than one that fails.
REDIS_TIMEOUT = 1.0


def _redis_client() -> RedisClient:
    return RedisClient.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=REDIS_TIMEOUT,
        socket_timeout=REDIS_TIMEOUT,
    )


def health_checks() -> dict[str, HealthCheck]:
    checks: dict[str, HealthCheck] = {"database": Database(), "cache": Cache()}
    if settings.REDIS_URL:
        checks["redis"] = Redis(client_factory=_redis_client)
    return checks


@require_safe
async def healthz(request: HttpRequest) -> JsonResponse:
    checks = health_checks()
    results = await asyncio.gather(*(check.get_result() for check in checks.values()))
    verdicts = {
        name: "failing" if result.error else "ok"
        for name, result in zip(checks, results, strict=True)
    }
    healthy = "failing" not in verdicts.values()
    response = JsonResponse(verdicts, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response

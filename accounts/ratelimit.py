"""A small fixed-window rate limit per user, counted in Django's cache.

`@rate_limited("link-start", "LINK_SESSION_RATE")` reads a rate such as "10/m" from settings.
Over the limit the view answers 429: the 429 page, or a small fragment for htmx requests.
If the cache is unavailable (Redis down) the limit fails open: a missing counter must never
take a page down.
"""

from __future__ import annotations

import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MESSAGE = "You have made too many requests in a short time."


def parse_rate(rate: str) -> tuple[int, int]:
    """ "10/m" → (10, 60)."""
    count, _, unit = rate.partition("/")
    return int(count), PERIODS[unit.strip().lower()[:1]]


def allow(key: str, rate: str, *, now: float | None = None) -> bool:
    """Count one hit against `key` and say whether it is within `rate`."""
    limit, period = parse_rate(rate)
    window = int((time.time() if now is None else now) // period)
    cache_key = f"ratelimit:{key}:{window}"
    try:
        hits = _count_hit(cache_key, timeout=period + 1)
    except Exception:
        logger.warning("Rate limit cache unavailable; allowing %s", key, exc_info=True)
        return True
    return hits <= limit


def _count_hit(cache_key: str, *, timeout: int) -> int:
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One round trip on Redis (a poll is counted every 2 s): INCR and EXPIRE pipelined,
        # where add() + incr() through the cache API take three (incr checks EXISTS first).
        key = backend.make_and_validate_key(cache_key)
        pipe = backend._cache.get_client(key, write=True).pipeline()
        pipe.incr(key)
        pipe.expire(key, timeout, nx=True)
        hits, _ = pipe.execute()
        return hits
    backend.add(cache_key, 0, timeout=timeout)
    return backend.incr(cache_key)


def _requester(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def too_many_requests(request: HttpRequest) -> HttpResponse:
    if getattr(request, "htmx", False):
        return HttpResponse(
            format_html(
                '<p class="form-errors" role="alert">{} Try again in a minute.</p>', MESSAGE
            ),
            status=429,
        )
    return render(request, "429.html", {"message": MESSAGE}, status=429)


def rate_limited(scope: str, rate_setting: str):
    """Limit a view per user to the rate named by `rate_setting`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            rate = getattr(settings, rate_setting)
            if not allow(f"{scope}:{_requester(request)}", rate):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

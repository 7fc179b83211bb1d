"""A small fixed-window rate limit, counted in Django's cache (Redis in production, so every web
process counts the same hits).

`@rate_limited("link-start", "LINK_SESSION_RATE")` reads a rate such as "10/m" from settings
and counts per user; `keys=` counts per something else, e.g. `per_client` (the client's
address), and every key it names must be within the rate. Over the limit the view answers
429: the 429 page, or a small fragment for htmx requests. `LoginThrottle` counts failed log-ins
per username and client address instead (the simulated TikTok app's; Partner Center's own are
django-axes'). If the cache is unavailable (Redis down) the limits fail open: a missing counter
must never take a page down.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from django_redis.cache import RedisCache

from .htmx import HtmxHttpRequest, View

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MESSAGE = "You have made too many requests in a short time."


def parse_rate(rate: str) -> tuple[int, int]:
    """ "10/m" → (10, 60)."""
    count, _, unit = rate.partition("/")
    return int(count), PERIODS[unit.strip().lower()[:1]]


def allow(key: str, rate: str, *, now: float | None = None) -> bool:
    """Count one hit against `key` and say whether it is within `rate`."""
    allowed, _ = allow_and_read(key, rate, (), now=now)
    return allowed


def allow_and_read(
    key: str, rate: str, read: Sequence[str], *, now: float | None = None
) -> tuple[bool, dict[str, Any]]:
    """`allow`, and `cache.get_many(read)` in the same round trip on Redis: for a view that
    counts every request and reads the cache anyway (the link-status poll). With the cache
    down: allowed, and nothing read."""
    limit, period = parse_rate(rate)
    window = int((time.time() if now is None else now) // period)
    cache_key = f"ratelimit:{key}:{window}"
    try:
        hits, values = _count_hit(cache_key, timeout=period + 1, read=read)
    except Exception:
        logger.warning("Rate limit cache unavailable; allowing %s", key, exc_info=True)
        return True, {}
    return hits <= limit, values


def _count_hit(cache_key: str, *, timeout: int, read: Sequence[str]) -> tuple[int, dict]:
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        backend.add(cache_key, 0, timeout=timeout)
        return backend.incr(cache_key), backend.get_many(read) if read else {}
    # One round trip on Redis (a poll is counted every 2 s): INCR, EXPIRE and MGET pipelined,
    # where add() + incr() + get_many() through the cache API take four. django-redis hands
    # out its client, its keys and its decoding publicly (get_client, make_key, decode).
    # No MULTI/EXEC: EXPIRE NX only sets the window's end once, whatever runs between.
    client = backend.client
    key = client.make_key(cache_key)
    pipe = client.get_client(write=True).pipeline(transaction=False)
    pipe.incr(key)
    pipe.expire(key, timeout, nx=True)
    if read:
        pipe.mget([client.make_key(k) for k in read])
    hits, _, *found = pipe.execute()
    values = zip(read, found[0] if found else (), strict=True)
    return hits, {k: client.decode(value) for k, value in values if value is not None}


Keys = Callable[[HtmxHttpRequest], Sequence[str]]


def per_user(request: HtmxHttpRequest) -> list[str]:
    """For views behind Partner Center's login."""
    return [f"user:{request.user.pk}"]


def per_client(request: HttpRequest) -> list[str]:
    """The client's address (`client_ip`), whoever is logged in."""
    return [f"ip:{client_ip(request) or 'unknown'}"]


def too_many_requests(request: HtmxHttpRequest) -> HttpResponse:
    if request.htmx:
        return HttpResponse(
            format_html(
                '<p class="form-errors" role="alert">{} Try again in a minute.</p>', MESSAGE
            ),
            status=429,
        )
    return render(request, "429.html", {"message": MESSAGE}, status=429)


def rate_limited(scope: str, rate_setting: str, *, keys: Keys = per_user) -> Callable[[View], View]:
    """Limit a view to the rate named by `rate_setting` for each of `keys(request)`: a request
    over the limit of any of them answers 429 before the view runs."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            rate = getattr(settings, rate_setting)
            # Every key counts the hit, so none can be used to spare another.
            allowed = [allow(f"{scope}:{key}", rate) for key in keys(request)]
            if not all(allowed):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind the TLS proxy (TRUST_X_FORWARDED_FOR, on with
    TRUST_X_FORWARDED_PROTO) it is the last address of X-Forwarded-For, the one the proxy saw;
    otherwise the header is any client's to invent, so only the connection's own address
    counts. django-axes asks here too (AXES_CLIENT_IP_CALLABLE)."""
    candidates = [request.META.get("REMOTE_ADDR", "")]
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        candidates.insert(0, forwarded.rpartition(",")[2].strip())
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def minutes_left(seconds: float) -> int:
    """Seconds to wait as the whole minutes a person is told ("try again in 3 minutes")."""
    return max(1, math.ceil(seconds / 60))


class LoginThrottle:
    """After LOGIN_FAILURE_LIMIT failed log-ins for one username from one client within
    LOGIN_COOLOFF, that username is locked for that client for LOGIN_COOLOFF, the right
    password included; a success forgets the failures. Ask `wait()` before checking any
    password, so that a locked-out try costs no password hash."""

    def __init__(self, scope: str) -> None:
        self.scope = scope

    def wait(self, request: HttpRequest, username: str) -> int:
        """Seconds until `username` may try again from this client: 0 when it may now."""
        try:
            until = caches["default"].get(self._key(request, username, "locked"))
        except Exception:
            logger.warning("Login throttle cache unavailable; allowing", exc_info=True)
            return 0
        return max(0, math.ceil(until - time.time())) if until else 0

    def failed(self, request: HttpRequest, username: str) -> int:
        """Count a failure. The seconds to wait when this one reached the limit, else 0."""
        period = int(settings.LOGIN_COOLOFF.total_seconds())
        count_key = self._key(request, username, "failures")
        try:
            backend = caches["default"]
            backend.add(count_key, 0, timeout=period)
            if backend.incr(count_key) < settings.LOGIN_FAILURE_LIMIT:
                return 0
            backend.set(
                self._key(request, username, "locked"), time.time() + period, timeout=period
            )
            backend.delete(count_key)
        except Exception:
            logger.warning("Login throttle cache unavailable; not counting", exc_info=True)
            return 0
        return period

    def succeeded(self, request: HttpRequest, username: str) -> None:
        try:
            caches["default"].delete(self._key(request, username, "failures"))
        except Exception:
            logger.warning("Login throttle cache unavailable", exc_info=True)

    def _key(self, request: HttpRequest, username: str, what: str) -> str:
        # Hashed: a username is whatever was posted (any length, any character).
        raw = f"{username.strip().casefold()}\n{client_ip(request)}"
        digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
        return f"login:{self.scope}:{what}:{digest}"

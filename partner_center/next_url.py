"""Where to go next: the `next` parameter that flows (link flow, sign-up, remedies) carry, so
that each returns the user to where they were."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


def safe_next_url(request: HttpRequest, fallback: str) -> str:
    """The `next` parameter when it is a path on this site, else `fallback`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # Only paths: redirect() would read a bare word such as "abc" as a view name (a 500), and
    # a browser reads "//…" or "/\\…" as another host, even one that Django's check lets by.
    is_path = candidate.startswith("/") and not candidate.startswith(("//", "/\\"))
    if is_path and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def with_next(url: str, next_url: str) -> str:
    """`url` carrying `next_url` (a path on this site), if there is one."""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url

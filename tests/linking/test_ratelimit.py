from __future__ import annotations

import pytest
from django.test import RequestFactory

from partner_center import ratelimit


def test_it_parses_rates():
    assert ratelimit.parse_rate("10/m") == (10, 60)
    assert ratelimit.parse_rate("120/min") == (120, 60)
    assert ratelimit.parse_rate("5/s") == (5, 1)


def test_it_counts_per_key_within_a_window():
    now = 1_000_020.0
    assert [ratelimit.allow("a", "2/m", now=now) for _ in range(3)] == [True, True, False]
    assert ratelimit.allow("b", "2/m", now=now)
    assert ratelimit.allow("a", "2/m", now=now + 60)


def test_it_fails_open_when_the_cache_is_down(cache_down):
    assert all(ratelimit.allow("a", "1/m") for _ in range(5))


@pytest.mark.django_db
def test_the_decorator_answers_429_with_the_page_or_a_fragment(settings, staff):
    settings.LINK_SESSION_RATE = "1/m"
    view = ratelimit.rate_limited("test", "LINK_SESSION_RATE")(lambda request: "ok")
    request = RequestFactory().get("/")
    request.user = staff
    request.htmx = False
    assert view(request) == "ok"
    page = view(request)
    assert page.status_code == 429 and b"<html" in page.content
    request.htmx = True
    fragment = view(request)
    assert fragment.status_code == 429 and b"<html" not in fragment.content

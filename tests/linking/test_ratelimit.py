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


def test_a_view_limited_by_several_keys_counts_each_and_answers_429_when_one_is_over(settings):
    settings.LINK_SCAN_RATE = "2/m"

    def keys(request):
        return [f"ip:{request.META['REMOTE_ADDR']}", f"who:{request.GET['who']}"]

    view = ratelimit.rate_limited("test", "LINK_SCAN_RATE", keys=keys)(lambda request: "ok")

    def call(ip, who):
        request = RequestFactory().get("/", {"who": who}, REMOTE_ADDR=ip)
        request.htmx = False
        result = view(request)
        return result if result == "ok" else result.status_code

    assert [call("10.0.0.1", "a"), call("10.0.0.1", "b")] == ["ok", "ok"]
    assert call("10.0.0.1", "c") == 429  # the address is over, though "c" is new
    assert call("10.0.0.2", "a") == "ok"  # "a" has had two now, counted above
    assert call("10.0.0.3", "a") == 429


def test_the_client_address_is_the_connections_unless_behind_the_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    settings.TRUST_X_FORWARDED_FOR = False
    assert ratelimit.client_ip(request) == "127.0.0.1"
    assert ratelimit.per_client(request) == ["ip:127.0.0.1"]
    settings.TRUST_X_FORWARDED_FOR = True
    assert ratelimit.client_ip(request) == "6.6.6.6"
    request.META["HTTP_X_FORWARDED_FOR"] = "forged, 10.1.2.3"
    assert ratelimit.client_ip(request) == "10.1.2.3"
    request.META["HTTP_X_FORWARDED_FOR"] = "not an address"
    assert ratelimit.client_ip(request) == "127.0.0.1"
    request.META["REMOTE_ADDR"] = ""
    assert ratelimit.per_client(request) == ["ip:unknown"]

"""The TikTok app's log-in is throttled by the project's own limiter (its accounts are not
Django users): 5 failures for one handle from one address within 15 minutes lock that pair for
15 minutes, the right password included, counted in the cache (Redis in production, so every
web process sees them), before any password is checked; a success resets the count."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from tests.factories import TIKTOK_PASSWORD, TikTokAccountFactory
from tiktok.auth import SESSION_KEY

pytestmark = pytest.mark.django_db
LOCKED = "try again in 15 minutes"


@pytest.fixture
def account(db):
    return TikTokAccountFactory(handle="agency.official")


def _log_in(client, handle="agency.official", password=TIKTOK_PASSWORD, **extra):
    return client.post(reverse("tiktok:login"), {"handle": handle, "password": password}, **extra)


def _fail(client, times, handle="agency.official", **extra):
    return [_log_in(client, handle, "wrong", **extra).status_code for _ in range(times)]


def test_it_locks_out_after_5_failures_the_right_password_included(client, account):
    assert _fail(client, 4) == [200, 200, 200, 200]
    fifth = _log_in(client, password="wrong")
    assert fifth.status_code == 429
    assert LOCKED in fifth.text
    response = _log_in(client)
    assert response.status_code == 429
    assert LOCKED in response.text
    assert SESSION_KEY not in client.session


def test_it_answers_a_locked_out_try_without_checking_the_password(client, account):
    _fail(client, 5)
    with mock.patch.object(MD5PasswordHasher, "verify", side_effect=AssertionError):
        assert _log_in(client).status_code == 429


def test_it_counts_the_handle_however_it_is_typed(client, account):
    _fail(client, 2, "@Agency.Official")
    _fail(client, 3, " AGENCY.official")
    assert _log_in(client).status_code == 429


def test_it_locks_only_that_handle_from_that_address(client, account):
    TikTokAccountFactory(handle="other.one")
    _fail(client, 5)
    assert _log_in(client, "other.one").status_code == 302
    assert _log_in(Client(REMOTE_ADDR="203.0.113.9")).status_code == 302


def test_a_success_resets_the_count(client, account):
    _fail(client, 4)
    assert _log_in(client).status_code == 302
    assert _fail(client, 4) == [200, 200, 200, 200]
    assert _log_in(client).status_code == 302


def test_it_lets_in_after_the_cool_off(client, account):
    _fail(client, 5)
    with time_machine.travel(timedelta(minutes=10)):
        assert "try again in 5 minutes" in _log_in(client).text
    with time_machine.travel(timedelta(minutes=16)):
        assert _log_in(client).status_code == 302


def test_it_ignores_x_forwarded_for_without_a_trusted_proxy(client, account, settings):
    settings.TRUST_X_FORWARDED_FOR = False
    _fail(client, 5, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert _log_in(client, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


def test_it_fails_open_when_the_cache_is_down(client, account, cache_down):
    assert _fail(client, 6) == [200] * 6
    assert _log_in(client).status_code == 302


def test_it_refuses_other_methods(client):
    assert client.put(reverse("tiktok:login")).status_code == 405

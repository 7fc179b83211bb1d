"""Partner Center's log-in is throttled (django-axes): 5 failures for one username from one
address within 15 minutes lock that pair for 15 minutes, the right password included, counted
in the database so that every web process sees them; a success resets the count."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOCKED = "try again in 15 minutes"


def _log_in(client, username="staff", password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def _fail(client, times, username="staff", **extra):
    return [_log_in(client, username, "wrong", **extra).status_code for _ in range(times)]


def test_it_locks_out_after_5_failures_the_right_password_included(client, staff):
    assert _fail(client, 4) == [200, 200, 200, 200]
    fifth = _log_in(client, password="wrong")
    assert fifth.status_code == 429
    assert LOCKED in fifth.text
    response = _log_in(client)
    assert response.status_code == 429
    assert LOCKED in response.text
    assert "Forgot your password?" in response.text
    assert "_auth_user_id" not in client.session


def test_it_answers_a_locked_out_try_without_hashing_a_password(client, staff):
    _fail(client, 5)
    verify = mock.patch.object(MD5PasswordHasher, "verify", side_effect=AssertionError)
    encode = mock.patch.object(MD5PasswordHasher, "encode", side_effect=AssertionError)
    with verify, encode:
        assert _log_in(client).status_code == 429
        assert _log_in(client, password="wrong").status_code == 429


def test_it_counts_in_the_database_for_every_web_process(client, staff):
    _fail(client, 5)
    assert AccessAttempt.objects.get(username="staff").failures_since_start == 5
    # Another process, another browser: the same address is locked out all the same.
    assert _log_in(Client()).status_code == 429


def test_it_locks_only_that_username_from_that_address(client, staff, other_staff):
    _fail(client, 5)
    assert _log_in(client, "rival").status_code == 302
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert _log_in(elsewhere).status_code == 302


def test_a_success_resets_the_count(client, staff):
    _fail(client, 4)
    assert _log_in(client).status_code == 302
    client.post(reverse("accounts:logout"))
    assert _fail(client, 4) == [200, 200, 200, 200]
    assert _log_in(client).status_code == 302


def test_it_says_how_many_minutes_are_left_and_lets_in_after_them(client, staff):
    _fail(client, 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=10)
    )
    assert "try again in 5 minutes" in _log_in(client).text
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=6)
    )
    assert _log_in(client).status_code == 302


def test_it_ignores_x_forwarded_for_without_a_trusted_proxy(client, staff, settings):
    settings.TRUST_X_FORWARDED_FOR = False
    _fail(client, 5, HTTP_X_FORWARDED_FOR="198.51.100.1")
    # A client inventing another address is still the same client.
    assert _log_in(client, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


def test_it_tells_clients_apart_behind_the_trusted_proxy(client, staff, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    _fail(client, 5, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert _log_in(client, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    # The proxy appends the address it saw: the last one is the client's.
    other = _log_in(client, HTTP_X_FORWARDED_FOR="198.51.100.1, 198.51.100.2")
    assert other.status_code == 302


def test_the_admin_log_in_is_throttled_too(client):
    from tests.factories import AccountManagerFactory

    AccountManagerFactory(username="am")
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "am", "password": "wrong"})
    response = client.post(url, {"username": "am", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

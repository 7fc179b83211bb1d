"""/healthz/ (partner_center/healthz.py): 200 while the database, the cache and Redis answer,
503 when one does not; anyone may ask, and the answer tells only "ok" or "failing" per check."""

from __future__ import annotations

import contextlib

import pytest
from django.db import OperationalError, connections
from django.test import Client

from tests.conftest import STOPPED_REDIS

pytestmark = pytest.mark.django_db


def healthz():
    return Client(raise_request_exception=False).get("/healthz/")


def test_it_answers_200_to_anyone_while_everything_is_up(settings):
    response = healthz()
    assert response.status_code == 200
    expected = {"database": "ok", "cache": "ok"} | ({"redis": "ok"} if settings.REDIS_URL else {})
    assert response.json() == expected
    assert "no-store" in response["Cache-Control"]


def test_it_pings_redis_when_redis_is_configured(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    assert healthz().json()["redis"] == "ok"


def test_it_answers_503_when_the_cache_is_down(cache_down):
    response = healthz()
    assert response.status_code == 503
    assert response.json()["cache"] == "failing"
    assert response.json()["database"] == "ok"


def test_it_answers_503_when_redis_is_down(settings, cache_down):
    settings.REDIS_URL = STOPPED_REDIS
    response = healthz()
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failing", "redis": "failing"}
    assert b"127.0.0.1" not in response.content
    assert b":9" not in response.content


def test_it_answers_503_when_the_database_is_down(monkeypatch):
    @contextlib.contextmanager
    def unreachable(self):
        raise OperationalError('connection to server at "db.internal" port 5432 failed')
        yield

    # On the class: the check runs in another thread, with a connection object of its own.
    monkeypatch.setattr(type(connections["default"]), "temporary_connection", unreachable)
    response = healthz()
    assert response.status_code == 503
    assert response.json()["database"] == "failing"
    assert b"db.internal" not in response.content


def test_it_answers_only_get_and_head():
    client = Client()
    assert client.head("/healthz/").status_code == 200
    assert client.post("/healthz/").status_code == 405

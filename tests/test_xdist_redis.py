"""Parallel test workers never share a Redis database (tests/xdist_redis.py)."""

from __future__ import annotations

import pytest

from tests.xdist_redis import worker_redis_url


def test_each_worker_counts_down_from_the_configured_database():
    assert worker_redis_url("redis://127.0.0.1:6379/15", "gw0") == "redis://127.0.0.1:6379/15"
    assert worker_redis_url("redis://127.0.0.1:6379/15", "gw1") == "redis://127.0.0.1:6379/14"
    assert worker_redis_url("redis://:pw@cache:6380/3?timeout=1", "gw2") == (
        "redis://:pw@cache:6380/1?timeout=1"
    )


def test_it_refuses_to_wrap_round_to_a_database_someone_else_may_use():
    with pytest.raises(RuntimeError, match="no database for xdist worker gw1"):
        worker_redis_url("redis://127.0.0.1:6379", "gw1")

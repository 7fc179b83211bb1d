"""Processes a test starts against its own database: `manage.py` commands, and Celery workers
and beat over Redis that it can stop, kill with SIGKILL, and start again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

needs_postgres_and_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
    reason="needs REDIS_URL and DATABASE_URL pointing at PostgreSQL",
)


def database_url() -> str:
    """The test database (not the one DATABASE_URL names), for a process the test starts."""
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def environment(**overrides: str | None) -> dict[str, str]:
    """This process's environment on the test database, with `overrides` (None removes)."""
    env = {**os.environ, "DATABASE_URL": database_url()}
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage(*args: str, **env: str | None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


class CeleryProcess:
    """`celery worker` or `celery beat` for the project, logging to `log`."""

    def __init__(self, kind: str, log: Path, *, env: dict[str, str | None], args=()):
        self.kind, self.log, self.env, self.args = kind, log, env, list(args)
        self.process: subprocess.Popen | None = None

    def start(self) -> CeleryProcess:
        assert self.process is None, "already running"
        if self.kind == "worker":
            args = ["--pool=solo", "--without-heartbeat", "--without-gossip", "--without-mingle"]
        else:
            args = ["--schedule", str(self.log.with_suffix(".schedule"))]
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "partner_center",
                self.kind,
                *args,
                "--loglevel=INFO",
                *self.args,
            ],
            cwd=ROOT,
            env=environment(DJANGO_SETTINGS_MODULE="tests.worker_settings", **self.env),
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )
        return self

    def kill(self) -> None:
        """SIGKILL: no goodbye, nothing acknowledged, no transaction committed."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def wait_for(condition: Callable[[], object], *, timeout: float, every: float = 0.1):
    """Poll `condition` until it is truthy; its value, or a failure after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"still not true after {timeout:.0f} s: {condition.__doc__ or condition}")
        time.sleep(every)

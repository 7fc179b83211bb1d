"""`make run` is the whole product on one machine: it serves where it is told, and its worker
runs tasks over a broker that needs no server (kombu's filesystem transport)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from linking.models import LinkSession
from tests.factories import LinkSessionFactory
from tests.processes import database_url

ROOT = Path(__file__).resolve().parent.parent


def _environment(**values: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "SITE_URL", "HOST", "PORT"}
    }
    return {**env, **values}


def _setting(name: str, **env: str) -> str:
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_environment(DJANGO_SETTINGS_MODULE="partner_center.settings", **env),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_it_puts_the_port_it_serves_on_in_absolute_urls():
    assert _setting("SITE_URL", PORT="8123") == "http://127.0.0.1:8123"
    assert _setting("SITE_URL", HOST="0.0.0.0", PORT="9000") == "http://0.0.0.0:9000"
    assert "0.0.0.0" in _setting("ALLOWED_HOSTS", HOST="0.0.0.0")


def test_it_lets_site_url_win_when_it_is_set():
    assert _setting("SITE_URL", PORT="8123", SITE_URL="https://pc.example/") == "https://pc.example"


@pytest.mark.django_db(transaction=True)
def test_it_runs_tasks_on_a_real_worker_without_a_broker_server(tmp_path):
    session = LinkSessionFactory(expires_at=timezone.now() - timedelta(seconds=1))
    env = _environment(DATABASE_URL=database_url(), RUN_DIR=str(tmp_path / "run"))
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "partner_center",
            "worker",
            "--pool=solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        # Another process queues the task, as the web process does under `make run`.
        send = "from linking.tasks import expire_link_sessions; expire_link_sessions.delay()"
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", send],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            session.refresh_from_db()
            if session.status == LinkSession.Status.EXPIRED:
                break
            time.sleep(0.5)
        assert session.status == LinkSession.Status.EXPIRED, (tmp_path / "worker.log").read_text()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()

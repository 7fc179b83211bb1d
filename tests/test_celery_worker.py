"""A task really runs on a Celery worker over Redis (only where REDIS_URL and PostgreSQL are set)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from linking.models import LinkSession
from linking.tasks import expire_link_sessions
from partner_center.celery import app
from tests.factories import LinkSessionFactory
from tests.processes import database_url

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
    reason="needs REDIS_URL and DATABASE_URL pointing at PostgreSQL",
)


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_task_on_a_worker_over_redis(tmp_path):
    session = LinkSessionFactory(expires_at=timezone.now() - timedelta(seconds=1))
    queue = f"test-{os.getpid()}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "partner_center",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        env={**os.environ, "DATABASE_URL": database_url()},
        stdout=(tmp_path / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    app.conf.task_always_eager = False
    try:
        result = expire_link_sessions.apply_async(queue=queue, ignore_result=False)
        assert result.get(timeout=60) == 1
        session.refresh_from_db()
        assert session.status == LinkSession.Status.EXPIRED
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        if worker.returncode not in (0, -15):
            print((tmp_path / "worker.log").read_text())

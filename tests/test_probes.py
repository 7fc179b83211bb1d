"""The containers' healthchecks (docker-compose.yml) against real processes: beat's heartbeat
(partner_center/beat.py, probe.py) and the worker's `celery inspect ping`. The web probe is
run against gunicorn in tests/test_production.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from partner_center import probe
from tests.env_settings import clean_environment

ROOT = Path(__file__).resolve().parent.parent


def celery(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "celery", "-A", "partner_center", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_it_calls_beat_healthy_only_while_its_heartbeat_is_fresh(settings, tmp_path):
    settings.BEAT_HEARTBEAT_FILE = str(tmp_path / "heartbeat")
    assert not probe.beat_is_healthy()
    Path(settings.BEAT_HEARTBEAT_FILE).touch()
    assert probe.beat_is_healthy()
    stale = time.time() - 3 * settings.CELERY_BEAT_MAX_LOOP_INTERVAL - 5
    os.utime(settings.BEAT_HEARTBEAT_FILE, (stale, stale))
    assert not probe.beat_is_healthy()


def test_it_sees_a_running_beat_as_healthy(tmp_path):
    heartbeat = tmp_path / "heartbeat"
    # The in-memory broker: the tasks beat queues go nowhere.
    env = {**clean_environment(), "BEAT_HEARTBEAT_FILE": str(heartbeat), "REDIS_URL": ""}
    command = [sys.executable, "-m", "celery", "-A", "partner_center", "beat"]
    beat = subprocess.Popen(
        [*command, "--schedule", str(tmp_path / "schedule"), "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "beat.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not heartbeat.exists() and beat.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert heartbeat.exists(), (tmp_path / "beat.log").read_text()
        result = subprocess.run(
            [sys.executable, "-m", "partner_center.probe", "beat"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    finally:
        stop(beat)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_it_pings_a_running_worker_as_the_worker_healthcheck_does(tmp_path):
    env = clean_environment()
    node = f"probe-{os.getpid()}@{socket.gethostname()}"
    options = ["--pool=solo", "-n", node, "-Q", f"probe-{os.getpid()}", "--loglevel=WARNING"]
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "partner_center", "worker", *options],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            ping = celery("inspect", "ping", "--destination", node, "--timeout", "2", env=env)
            if ping.returncode == 0 or time.monotonic() > deadline or worker.poll() is not None:
                break
        assert ping.returncode == 0, (
            ping.stdout + ping.stderr + (tmp_path / "worker.log").read_text()
        )
        assert "pong" in ping.stdout
        absent = celery("inspect", "ping", "--destination", f"x{node}", "--timeout", "1", env=env)
        assert absent.returncode != 0
    finally:
        stop(worker)

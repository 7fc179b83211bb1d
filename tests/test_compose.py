"""docker-compose.yml and the Dockerfile as an operator runs them: a one-off migrate that the
app's services wait for, demo data only when asked, no secret in the file, healthchecks, a
non-root user and an image without local clutter. (Docker itself is not run here.)"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")
REQUIRED = {
    "SECRET_KEY": "compose-test-not-a-secret",
    "SITE_URL": "https://partner-center.example",
    "ALLOWED_HOSTS": "partner-center.example",
    "EMAIL_URL": "smtp://smtp.partner-center.example:587?tls=1",
}


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def docker_compose(env: dict[str, str]) -> subprocess.CompletedProcess:
    if not shutil.which("docker-compose"):
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    return subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config", "--quiet"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_starts_the_app_only_after_migrate_succeeded(services):
    for name in APP_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
    assert "migrate --noinput" in " ".join(services["migrate"]["command"])
    assert services["migrate"]["restart"] == "no"


def test_it_seeds_demo_data_only_when_asked(services):
    for name in APP_SERVICES:
        assert "seed_demo" not in str(services[name].get("command", "")), name
    assert 'if [ "${SEED_DEMO:-0}" = 1 ]; then python manage.py seed_demo' in " ".join(
        services["migrate"]["command"]
    )


def test_it_runs_production_settings_with_healthchecks(services):
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["DEBUG"] == "0"
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
        assert environment["EMAIL_URL"].startswith("${EMAIL_URL:?")
        assert environment["TRUST_X_FORWARDED_PROTO"] == "${TRUST_X_FORWARDED_PROTO:-1}"
        assert services[name]["healthcheck"]["test"], name
    assert services["web"]["healthcheck"]["test"][-2:] == ["partner_center.probe", "web"]
    assert "inspect ping" in services["worker"]["healthcheck"]["test"][1]
    assert services["beat"]["healthcheck"]["test"][-2:] == ["partner_center.probe", "beat"]


def test_it_refuses_to_start_without_a_secret_key():
    result = docker_compose({k: v for k, v in REQUIRED.items() if k != "SECRET_KEY"})
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_it_validates_with_the_variables_it_needs():
    result = docker_compose(REQUIRED)
    assert result.returncode == 0, result.stderr


def test_it_runs_the_image_as_a_user_that_is_not_root():
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert lines.index(f"USER {users[-1]}") > max(
        i for i, line in enumerate(lines) if line.startswith("RUN ")
    )


def test_it_keeps_local_clutter_out_of_the_image():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", "db.sqlite3", "staticfiles", "media", "**/__pycache__"} <= ignored
    assert {"test-db.sqlite3*", ".pytest_cache", "test-results", ".env"} <= ignored

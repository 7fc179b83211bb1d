"""DEBUG=0 serves every page from an image built as the Dockerfile builds it: the Dockerfile's own
collectstatic command is run (into a temporary STATIC_ROOT), then gunicorn is started with
production settings behind a pretend TLS proxy, and pages and hashed static files answer 200.
gunicorn started with the Dockerfile's own command writes each log line once."""

from __future__ import annotations

import http.client
import json
import re
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")
PROXIED = {"X-Forwarded-Proto": "https"}


def dockerfile_collectstatic() -> str:
    """The Dockerfile's RUN instruction that collects static files, as its shell runs it."""
    joined = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    [command] = [
        line.removeprefix("RUN ")
        for line in joined.splitlines()
        if line.startswith("RUN ") and "collectstatic" in line
    ]
    return command


def dockerfile_command() -> list[str]:
    """The Dockerfile's CMD, in its exec form."""
    [line] = [
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD ")
    ]
    return json.loads(line.removeprefix("CMD "))


def build_environment(static_root: Path) -> dict[str, str]:
    """What a `docker build` step sees: the image's ENV, nothing of ours."""
    return {
        "PATH": f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "STATIC_ROOT": str(static_root),
    }


class Server:
    def __init__(self, port: int, env: dict[str, str]) -> None:
        self.port, self.env = port, env

    def get(self, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(
            "GET", path, headers={"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        )
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        return response


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(server: Server, gunicorn: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if gunicorn.poll() is not None:
            pytest.fail(f"gunicorn exited {gunicorn.returncode}:\n{log.read_text()}")
        try:
            server.get("/healthz/")
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within 60 s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    static = tmp_path_factory.mktemp("staticfiles")
    result = subprocess.run(
        ["sh", "-c", dockerfile_collectstatic()],
        cwd=ROOT,
        env=build_environment(static),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return static


def production_environment(static_root: Path, home: Path, port: int) -> dict[str, str]:
    return {
        **build_environment(static_root),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "TRUST_X_FORWARDED_PROTO": "1",
        "EMAIL_URL": "smtp://smtp.invalid:587?tls=1",
        "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
    }


@contextmanager
def running(options: list[str], env: dict[str, str], port: int, log: Path):
    """gunicorn with `options`, its output (stdout and stderr) in `log`, until the block ends.
    No control socket: its path is one per machine, and tests may run side by side."""
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *options, "--no-control-socket"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        server = Server(port, env)
        _wait_until_up(server, gunicorn, log)
        yield server
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


@pytest.fixture(scope="module")
def server(static_root, tmp_path_factory):
    home = tmp_path_factory.mktemp("run")
    port = _free_port()
    env = production_environment(static_root, home, port)
    options = ["partner_center.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    with running([*options, "--error-logfile", "-"], env, port, home / "gunicorn.log") as server:
        yield server


def test_it_collects_a_hashed_manifest_as_the_dockerfile_does(static_root):
    assert "DEBUG=0" in dockerfile_collectstatic()
    assert (static_root / "staticfiles.json").is_file()
    assert list(static_root.glob("css/app.*.css.gz"))


@pytest.mark.parametrize("path", ["/login/", "/tiktok/"])
def test_it_serves_pages_with_debug_off(server, path):
    response = server.get(path, PROXIED)
    assert response.status == 200, response.body[:2000]
    # Pages are kept by no cache; the static files they name are (next test: immutable).
    directives = {d.strip() for d in response.getheader("Cache-Control").split(",")}
    assert {"private", "no-store"} <= directives


def test_it_serves_the_hashed_static_files_the_pages_name(server):
    page = server.get("/login/", PROXIED).body.decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert assets
    for asset in assets:
        assert HASHED.search(asset), asset
        response = server.get(asset, {**PROXIED, "Accept-Encoding": "gzip"})
        assert response.status == 200, asset
        if asset.endswith((".css", ".js")):  # a small SVG gains nothing and is kept plain
            assert response.getheader("Content-Encoding") == "gzip", asset
        assert "immutable" in response.getheader("Cache-Control"), asset


def test_it_redirects_what_did_not_come_through_the_tls_proxy(server):
    response = server.get("/login/")
    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{server.port}/login/"


def test_it_passes_the_web_containers_healthcheck(server):
    result = subprocess.run(
        [sys.executable, "-m", "partner_center.probe", "web", "--port", str(server.port)],
        cwd=ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"database": "ok"' in result.stdout


def test_favicon_ico_moves_to_the_hashed_icon_whitenoise_serves(server):
    response = server.get("/favicon.ico", PROXIED)
    assert response.status == 301
    assert response.getheader("Cache-Control") == "public, max-age=86400"
    icon = response.getheader("Location")
    assert re.fullmatch(r"/static/favicon\.[0-9a-f]{12}\.svg", icon), icon
    served = server.get(icon, PROXIED)
    assert served.status == 200
    assert served.getheader("Content-Type").startswith("image/svg+xml")
    assert "immutable" in served.getheader("Cache-Control")


@pytest.mark.parametrize("debug", ["0", "1"])
def test_the_dockerfiles_gunicorn_writes_each_log_line_once(static_root, tmp_path, debug):
    port = _free_port()
    env = production_environment(static_root, tmp_path, port) | {"DEBUG": debug}
    command = dockerfile_command()
    assert command[:2] == ["gunicorn", "partner_center.wsgi"]
    options = [f"127.0.0.1:{port}" if o == "0.0.0.0:8000" else o for o in command[1:]]
    log = tmp_path / "gunicorn.log"
    with running(options, env, port, log) as server:
        assert server.get("/no-such-page/", PROXIED).status == 404
    lines = log.read_text().splitlines()
    access = [line for line in lines if '"GET /no-such-page/ HTTP/1.1" 404' in line]
    assert len(access) == 1, "\n".join(lines)
    warnings = [line for line in lines if "Not Found: /no-such-page/" in line]
    assert len(warnings) == 1, "\n".join(lines)

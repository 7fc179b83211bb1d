"""What docker-compose.yml runs, read from it for .ci/smoke.sh, so that the smoke starts what
compose starts rather than a copy that drifts. Values are interpolated from this process's
environment as compose interpolates them (`$$`, `${VAR}`, `${VAR:-default}`, `${VAR:?error}`).
Output is NUL-separated, for bash's `mapfile -d ''`.

    python .ci/compose.py environment web   the service's environment, KEY=VALUE each
    python .ci/compose.py command web       its command, or else the Dockerfile's CMD
    python .ci/compose.py healthcheck beat  its healthcheck test, as compose executes it
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[^}]*)\}|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)
BRACED = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:-|-|:\?|\?)(?P<arg>.*))?$")


def interpolate(value: str) -> str:
    def substitute(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        if match["named"]:
            return os.environ.get(match["named"], "")
        braced = BRACED.match(match["braced"])
        if braced is None:
            raise SystemExit(f"compose.py: cannot interpolate {match[0]!r}")
        name, op, arg = braced["name"], braced["op"], braced["arg"]
        value = os.environ.get(name)
        missing = value is None or (value == "" and op and op.startswith(":"))
        if missing and op in (":?", "?"):
            raise SystemExit(f"compose.py: {name} is required: {arg}")
        if missing and op in (":-", "-"):
            return arg
        return value or ""

    return VARIABLE.sub(substitute, value)


def service(name: str) -> dict:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    return services[name]


def dockerfile_cmd() -> list[str]:
    [line] = [
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD ")
    ]
    return json.loads(line.removeprefix("CMD "))


def environment(name: str) -> list[str]:
    env = service(name).get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return [f"{key}={interpolate(str(value))}" for key, value in env.items()]


def command(name: str) -> list[str]:
    cmd = service(name).get("command")
    if cmd is None:
        return dockerfile_cmd()
    if isinstance(cmd, str):
        return shlex.split(interpolate(cmd))
    return [interpolate(str(arg)) for arg in cmd]


def healthcheck(name: str) -> list[str]:
    test = service(name)["healthcheck"]["test"]
    if isinstance(test, str):
        test = ["CMD-SHELL", test]
    kind, *args = (interpolate(str(arg)) for arg in test)
    if kind == "CMD-SHELL":
        return ["/bin/sh", "-c", *args]
    if kind == "CMD":
        return args
    raise SystemExit(f"compose.py: {name}'s healthcheck is {kind}")


WHAT = {"environment": environment, "command": command, "healthcheck": healthcheck}

if __name__ == "__main__":
    what, name = sys.argv[1:]
    sys.stdout.write("".join(f"{part}\0" for part in WHAT[what](name)))

"""partner_center/settings.py imported afresh under a chosen environment, apart from the settings
the tests run with: what a process started with that environment would get."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "partner_center" / "settings.py"
# What the developer's, CI's or the test run's own environment must not bring in (DATABASE_URL
# and REDIS_URL may).
CLEARED = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "DEFAULT_FROM_EMAIL",
    "STATIC_ROOT",
    "BEAT_HEARTBEAT_FILE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)
CLEARED_PREFIXES = (
    "EMAIL_",
    "SECURE_",
    "TRUST_X_FORWARDED_PROTO",
    "SESSION_COOKIE_",
    "CSRF_COOKIE_",
)
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "test-" + "k" * 50, "EMAIL_URL": "smtp://mail.example"}


def clean_environment() -> dict[str, str]:
    return {
        name: value
        for name, value in os.environ.items()
        if name not in CLEARED and not name.startswith(CLEARED_PREFIXES)
    }


def load_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    for name in set(os.environ) - set(clean_environment()):
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_under_test", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

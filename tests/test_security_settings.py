"""HTTPS behind a TLS proxy: each variable of settings.py's "Security" block, its production
default (DEBUG=0) and its development default, what trusting X-Forwarded-Proto does to a
request, and `check --deploy` staying quiet with the production defaults."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from tests.env_settings import PRODUCTION, clean_environment, load_settings

ROOT = Path(__file__).resolve().parent.parent
PROXY_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
ONE_YEAR = 31536000


def test_it_trusts_x_forwarded_proto_only_when_told(monkeypatch):
    assert not hasattr(load_settings(monkeypatch, **PRODUCTION), "SECURE_PROXY_SSL_HEADER")
    module = load_settings(monkeypatch, **PRODUCTION, TRUST_X_FORWARDED_PROTO="1")
    assert module.SECURE_PROXY_SSL_HEADER == PROXY_HEADER
    module = load_settings(monkeypatch, **PRODUCTION, TRUST_X_FORWARDED_PROTO="0")
    assert not hasattr(module, "SECURE_PROXY_SSL_HEADER")


@pytest.mark.parametrize(
    ("variable", "production", "development", "set_to", "becomes"),
    [
        ("SECURE_SSL_REDIRECT", True, False, "0", False),
        ("SECURE_HSTS_SECONDS", ONE_YEAR, 0, "3600", 3600),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", False, False, "1", True),
        ("SECURE_HSTS_PRELOAD", False, False, "1", True),
        ("SESSION_COOKIE_SECURE", True, False, "0", False),
        ("CSRF_COOKIE_SECURE", True, False, "0", False),
    ],
)
def test_it_takes_each_security_setting_from_the_environment(
    monkeypatch, variable, production, development, set_to, becomes
):
    assert getattr(load_settings(monkeypatch, **PRODUCTION), variable) == production
    assert getattr(load_settings(monkeypatch), variable) == development
    assert (
        getattr(load_settings(monkeypatch, **PRODUCTION, **{variable: set_to}), variable) == becomes
    )
    assert getattr(load_settings(monkeypatch, **{variable: set_to}), variable) == becomes


def test_it_silences_the_hsts_warnings_only_while_those_options_are_off(monkeypatch):
    module = load_settings(monkeypatch, **PRODUCTION)
    assert module.SILENCED_SYSTEM_CHECKS == ["security.W005", "security.W021"]
    module = load_settings(
        monkeypatch, **PRODUCTION, SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1"
    )
    assert module.SILENCED_SYSTEM_CHECKS == []


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=PROXY_HEADER)
def test_it_serves_what_the_proxy_says_came_over_https_and_redirects_the_rest():
    client = Client()
    plain = client.get("/login/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/login/"
    proxied = client.get("/login/", headers={"X-Forwarded-Proto": "https"})
    assert proxied.status_code == 200
    assert proxied.wsgi_request.is_secure()


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_it_redirects_a_forged_header_when_no_proxy_is_trusted():
    response = Client().get("/login/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 301


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_it_answers_health_probes_over_plain_http():
    assert Client().get("/healthz/").status_code == 200


def test_it_passes_check_deploy_with_the_production_defaults():
    env = {
        **clean_environment(),
        **PRODUCTION,
        "ALLOWED_HOSTS": "partner-center.example",
        "SITE_URL": "https://partner-center.example",
        "TRUST_X_FORWARDED_PROTO": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

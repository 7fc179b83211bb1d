"""E-mail from the environment (partner_center/mail.py): EMAIL_URL or the EMAIL_* variables
become Django 6.1's MAILERS["default"]; with DEBUG off and neither set, start-up fails naming
them; and a creator's invitation really leaves through SMTP."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import mailers
from django.urls import reverse

from creators import services
from partner_center.mail import (
    CONSOLE_BACKEND,
    DEFAULT_TIMEOUT,
    SMTP_BACKEND,
    mailer_from_environment,
    mailer_from_url,
)
from tests import factories
from tests.env_settings import PRODUCTION, clean_environment, load_settings

ROOT = Path(__file__).resolve().parent.parent


def smtp(**options) -> dict:
    return {
        "BACKEND": SMTP_BACKEND,
        "OPTIONS": {"use_tls": False, "use_ssl": False, "timeout": DEFAULT_TIMEOUT, **options},
    }


# --- EMAIL_URL ---------------------------------------------------------------------------


def test_it_reads_user_password_host_port_and_starttls_from_a_url():
    assert mailer_from_url("smtp://apikey:s%40cret%2Fx@smtp.example.com:587?tls=1") == smtp(
        host="smtp.example.com", port=587, username="apikey", password="s@cret/x", use_tls=True
    )


def test_it_reads_smtps_as_ssl_and_leaves_the_port_to_the_backend():
    assert mailer_from_url("smtps://u:p@smtp.example.com") == smtp(
        host="smtp.example.com", username="u", password="p", use_ssl=True
    )


def test_it_reads_a_relay_without_log_in_and_a_timeout():
    assert mailer_from_url("smtp://relay.internal:25?timeout=3") == smtp(
        host="relay.internal", port=25, timeout=3.0
    )


def test_it_reads_ssl_from_the_query_and_an_ipv6_host():
    assert mailer_from_url("smtp://[::1]:2465?ssl=yes") == smtp(host="::1", port=2465, use_ssl=True)


def test_it_reads_console():
    assert mailer_from_url("console://") == {"BACKEND": CONSOLE_BACKEND}


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("http://smtp.example.com", "unknown scheme"),
        ("smtp.example.com:587", "unknown scheme"),
        ("smtp://", "names no host"),
        ("smtp://smtp.example.com:99999", "port"),
        ("smtp://smtp.example.com:abc", "port"),
        ("smtp://smtp.example.com?tls=maybe", "not a yes/no"),
        ("smtp://smtp.example.com?starttls=1", "unknown option(s) starttls"),
        ("smtp://smtp.example.com?timeout=0", "seconds above 0"),
        ("smtps://smtp.example.com?tls=1", "not both"),
    ],
)
def test_it_refuses_a_url_it_cannot_read_and_says_why(url, complaint):
    with pytest.raises(ImproperlyConfigured, match=re.escape(complaint)):
        mailer_from_url(url)


# --- EMAIL_* variables and what happens without any --------------------------------------


def test_it_reads_the_usual_email_variables():
    environ = {
        "EMAIL_HOST": "smtp.example.com",
        "EMAIL_PORT": "2525",
        "EMAIL_HOST_USER": "partner",
        "EMAIL_HOST_PASSWORD": "pw",
        "EMAIL_USE_TLS": "1",
        "EMAIL_TIMEOUT": "5",
    }
    assert mailer_from_environment(environ, debug=False) == smtp(
        host="smtp.example.com", port=2525, username="partner", password="pw", use_tls=True,
        timeout=5.0,
    )  # fmt: skip


def test_it_reads_email_use_ssl():
    environ = {"EMAIL_HOST": "smtp.example.com", "EMAIL_USE_SSL": "true"}
    assert mailer_from_environment(environ, debug=False) == smtp(
        host="smtp.example.com", use_ssl=True
    )


def test_it_refuses_email_url_together_with_email_variables():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL and EMAIL_HOST are both set"):
        mailer_from_environment({"EMAIL_URL": "console://", "EMAIL_HOST": "h"}, debug=True)


def test_it_refuses_email_variables_without_a_host():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT set without EMAIL_HOST"):
        mailer_from_environment({"EMAIL_PORT": "587"}, debug=True)


def test_it_prints_mail_with_debug_on_and_nothing_set():
    assert mailer_from_environment({}, debug=True) == {"BACKEND": CONSOLE_BACKEND}


def test_it_refuses_to_start_with_debug_off_and_no_mail_server(monkeypatch):
    production = {k: v for k, v in PRODUCTION.items() if k != "EMAIL_URL"}
    with pytest.raises(ImproperlyConfigured, match=r"set EMAIL_URL .* or EMAIL_HOST"):
        load_settings(monkeypatch, **production)


def test_it_fails_at_start_up_not_later(tmp_path):
    """The real start-up path: manage.py exits at once, naming the variables to set."""
    env = {**clean_environment(), "DEBUG": "0", "SECRET_KEY": PRODUCTION["SECRET_KEY"]}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "No e-mail server is configured and DEBUG is off: set EMAIL_URL" in result.stderr


def test_it_makes_the_default_mailer_from_the_environment(monkeypatch):
    url = "smtp://u:p@smtp.example.com:587?tls=1"
    module = load_settings(monkeypatch, **{**PRODUCTION, "EMAIL_URL": url})
    assert module.MAILERS.keys() == {"default"}
    assert module.MAILERS["default"] == mailer_from_url(url)
    module = load_settings(monkeypatch, **PRODUCTION, DEFAULT_FROM_EMAIL="PC <pc@mail.example>")
    assert module.DEFAULT_FROM_EMAIL == "PC <pc@mail.example>"


# --- A creator's invitation through a real SMTP server ------------------------------------


class Inbox:
    """aiosmtpd handler: keeps every message it is given."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    """An SMTP server on loopback that insists on logging in as partner / s@cret."""
    inbox = Inbox()

    def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = (auth_data.login, auth_data.password) == (b"partner", b"s@cret")
        return AuthResult(success=ok)

    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


# A loopback server: no one can read the password on the way.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_it_sends_a_creator_invitation_through_smtp(db, settings, smtp_server):
    controller, inbox = smtp_server
    settings.MAILERS = {
        "default": mailer_from_url(f"smtp://partner:s%40cret@127.0.0.1:{controller.port}")
    }
    settings.DEFAULT_FROM_EMAIL = "Partner Center <no-reply@mail.example>"
    assert type(mailers.default).__module__ == "django.core.mail.backends.smtp"
    invitation = factories.InvitationFactory(creator__user__email="mia@creators.example")

    assert services.proposals_notify(kind="invitation", ids=[invitation.pk]) == 1

    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["mia@creators.example"]
    assert envelope.mail_from == "no-reply@mail.example"
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["To"] == "mia@creators.example"
    assert message["Subject"] == f"{invitation.partner} sent you an invitation"
    link = settings.SITE_URL + reverse("creator:invitation", args=[invitation.code])
    assert link in message.get_body(("plain",)).get_content()

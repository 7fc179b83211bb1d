"""The default mailer (Django 6.1's `MAILERS["default"]`) from the environment.

Either one `EMAIL_URL`:

    smtp://user:password@smtp.example.com:587?tls=1   SMTP, then STARTTLS (port 587 by default)
    smtps://user:password@smtp.example.com            SMTP over TLS from the start (port 465)
    smtp://relay.internal:25                          plain SMTP, no log-in (port 25 by default)
    console://                                        print each message (development)

(user and password percent-encoded: `p@ss` is `p%40ss`; `timeout=SECONDS` may be added to the
query) or the usual EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
EMAIL_USE_SSL, EMAIL_TIMEOUT. Nothing set: the console with DEBUG on, and an error naming what
to set with DEBUG off, so that a server never starts unable to send its notifications.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Seconds. Without one, a mail server that stops answering holds a Celery worker forever.
DEFAULT_TIMEOUT = 10.0
URL_OPTIONS = {"tls", "ssl", "timeout"}
SMTP_VARIABLES = (
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_TIMEOUT",
)
WHAT_TO_SET = (
    "set EMAIL_URL (e.g. smtp://user:password@smtp.example.com:587?tls=1, or smtps://… for "
    "SSL) or EMAIL_HOST with EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and "
    "EMAIL_USE_TLS or EMAIL_USE_SSL"
)
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def parse_bool(value: str, *, name: str) -> bool:
    word = value.strip().lower()
    if word in TRUE | FALSE:
        return word in TRUE
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value (use 1 or 0).")


def parse_timeout(value: str, *, name: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if seconds <= 0:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number of seconds above 0.")
    return seconds


def smtp_mailer(
    *,
    host: str,
    port: int | None = None,
    username: str | None = None,
    password: str | None = None,
    use_tls: bool = False,
    use_ssl: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """A MAILERS entry for Django's SMTP backend. Its OPTIONS are the backend's own keyword
    arguments; a port left out is chosen by the backend (465 with SSL, 587 with STARTTLS, else
    25)."""
    if use_tls and use_ssl:
        raise ImproperlyConfigured(
            "E-mail: choose STARTTLS (tls=1, EMAIL_USE_TLS) or SSL (smtps://, EMAIL_USE_SSL), "
            "not both."
        )
    options: dict[str, Any] = {
        "host": host,
        "use_tls": use_tls,
        "use_ssl": use_ssl,
        "timeout": timeout,
    }
    if port is not None:
        options["port"] = port
    if username:
        options["username"] = username
        options["password"] = password or ""
    return {"BACKEND": SMTP_BACKEND, "OPTIONS": options}


def mailer_from_url(url: str) -> dict[str, Any]:
    """A MAILERS entry for an EMAIL_URL (see the module's docstring)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"BACKEND": CONSOLE_BACKEND}
    if scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown scheme {parts.scheme!r}; use smtp://, smtps:// or console://."
        )
    if not parts.hostname:
        raise ImproperlyConfigured(f"EMAIL_URL names no host: {WHAT_TO_SET}.")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL: the port is not a number from 1 to 65535.") from None
    query = {
        key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()
    }
    if unknown := sorted(query.keys() - URL_OPTIONS):
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown option(s) {', '.join(unknown)}; known: tls, ssl, timeout."
        )
    return smtp_mailer(
        host=parts.hostname,
        port=port or None,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_tls=parse_bool(query.get("tls", ""), name="EMAIL_URL tls"),
        use_ssl=scheme == "smtps" or parse_bool(query.get("ssl", ""), name="EMAIL_URL ssl"),
        timeout=(
            parse_timeout(query["timeout"], name="EMAIL_URL timeout")
            if "timeout" in query
            else DEFAULT_TIMEOUT
        ),
    )


def mailer_from_environment(environ: Mapping[str, str], *, debug: bool) -> dict[str, Any]:
    """The default mailer: EMAIL_URL, or EMAIL_HOST and its companions, or (DEBUG only) the
    console. Raises ImproperlyConfigured naming what to set."""
    url = environ.get("EMAIL_URL", "").strip()
    given = [name for name in SMTP_VARIABLES if environ.get(name, "").strip()]
    if url and given:
        raise ImproperlyConfigured(
            f"EMAIL_URL and {', '.join(given)} are both set: keep EMAIL_URL alone, or the "
            "EMAIL_* variables alone."
        )
    if url:
        return mailer_from_url(url)
    if "EMAIL_HOST" in given:
        port = environ.get("EMAIL_PORT", "").strip()
        if port and not (port.isdigit() and 0 < int(port) < 65536):
            raise ImproperlyConfigured(f"EMAIL_PORT={port!r} is not a number from 1 to 65535.")
        timeout = environ.get("EMAIL_TIMEOUT", "").strip()
        return smtp_mailer(
            host=environ["EMAIL_HOST"].strip(),
            port=int(port) if port else None,
            username=environ.get("EMAIL_HOST_USER") or None,
            password=environ.get("EMAIL_HOST_PASSWORD") or None,
            use_tls=parse_bool(environ.get("EMAIL_USE_TLS", ""), name="EMAIL_USE_TLS"),
            use_ssl=parse_bool(environ.get("EMAIL_USE_SSL", ""), name="EMAIL_USE_SSL"),
            timeout=parse_timeout(timeout, name="EMAIL_TIMEOUT") if timeout else DEFAULT_TIMEOUT,
        )
    if given:
        raise ImproperlyConfigured(f"{', '.join(given)} set without EMAIL_HOST: {WHAT_TO_SET}.")
    if debug:
        return {"BACKEND": CONSOLE_BACKEND}
    raise ImproperlyConfigured(f"No e-mail server is configured and DEBUG is off: {WHAT_TO_SET}.")

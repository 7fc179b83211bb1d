"""Settings for Celery processes that tests start (tests/processes.py): the project's, with
e-mail sent to the test's SMTP server when TEST_SMTP_PORT is set."""

from __future__ import annotations

import os

from partner_center.settings import *  # noqa: F403

if os.environ.get("TEST_SMTP_PORT"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "127.0.0.1",
                "port": int(os.environ["TEST_SMTP_PORT"]),
                "timeout": 5,
            },
        }
    }

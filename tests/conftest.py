"""Fixtures shared by every test: people of each role, logged-in clients, and the browser."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager

import pytest
from django.test import Client, override_settings

from tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Uploaded files (agency logos) go to a folder of the test's own, never the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


STOPPED_REDIS = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


@pytest.fixture
def cache_down():
    """Django's cache points at a Redis that is not there."""
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": STOPPED_REDIS,
                "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
            }
        }
    ):
        yield


@contextmanager
def broker_at(url: str):
    """Celery in this process sends to the broker at `url` (tasks no longer run in-process)."""
    from partner_center.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    # Celery has no public way to drop the connections it pooled for the old URL.
    app._after_fork()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        app._after_fork()


@pytest.fixture
def broker_down():
    """Celery sends to a Redis that is not there (tasks no longer run in-process)."""
    with broker_at(STOPPED_REDIS):
        yield


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 (tests/smtp.py), where this process's e-mail goes."""
    from tests.smtp import SmtpServer

    server = SmtpServer()
    server.start()
    settings.MAILERS = {"default": server.mailer()}
    yield server
    server.stop()


@pytest.fixture
def partner(db):
    return factories.PartnerFactory(name="Northstar Creators")


@pytest.fixture
def staff(partner):
    return factories.MembershipFactory(partner=partner, user__username="staff").user


@pytest.fixture
def other_partner(db):
    return factories.PartnerFactory(name="Rival Agency")


@pytest.fixture
def other_staff(other_partner):
    return factories.MembershipFactory(partner=other_partner, user__username="rival").user


@pytest.fixture
def creator(db):
    return factories.CreatorFactory(user__username="creator")


@pytest.fixture
def seller(db):
    return factories.SellerFactory(user__username="seller")


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff):
    return _client_for(staff)


@pytest.fixture
def other_staff_client(other_staff):
    return _client_for(other_staff)


@pytest.fixture
def creator_client(creator):
    return _client_for(creator.user)


@pytest.fixture
def seller_client(seller):
    return _client_for(seller.user)


# --- Browser tests -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is not installed (apt-get install -y chromium)"
        if REQUIRE_BROWSER:
            pytest.fail(message + " and REQUIRE_BROWSER=1 forbids skipping.")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def log_in(live_server):
    """Log a Playwright page in through the real login form."""

    def log_in(page, username: str, password: str = factories.PASSWORD) -> None:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()

    return log_in


@pytest.fixture(autouse=True)
def _tasks_run_in_process(settings):
    """Tests see a task's effect at once; tests/test_celery_worker.py runs a real worker."""
    from partner_center.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture
def latest_migrations_afterwards():
    """Leave every app at its latest migration for the tests that follow, after a test that
    migrated to older ones (tests.migrations.migrate_to)."""
    from tests.migrations import migrate_to

    yield
    migrate_to([])

"""The whole background stack as in production, on PostgreSQL and Redis: this process serves
requests, Celery workers and beat run as processes of their own, and every one of them reaches
Redis through a proxy the test can take down or freeze (tests/netfaults.py). E-mail goes to a
real SMTP server (tests/smtp.py). Skipped unless DATABASE_URL and REDIS_URL point at
PostgreSQL and Redis."""

from __future__ import annotations

import os
from datetime import date

import pytest
import redis as redis_client
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from creators.models import Category, Creator
from tests.conftest import broker_at
from tests.netfaults import RedisProxy
from tests.processes import CeleryProcess, wait_for
from tiktok.models import TikTokAccount


@pytest.fixture
def redis(settings):
    """REDIS_URL's Redis behind a proxy, emptied first (no task left by an earlier test); this
    process's broker and cache go through the proxy, as do the processes `celery` starts."""
    real = os.environ["REDIS_URL"]
    redis_client.Redis.from_url(real).flushdb()
    proxy = RedisProxy(real)
    cache = {"default": {**settings.CACHES["default"], "LOCATION": proxy.url}}
    with override_settings(CACHES=cache), broker_at(proxy.url):
        yield proxy
    proxy.close()
    redis_client.Redis.from_url(real).flushdb()


@pytest.fixture
def celery(tmp_path, redis, smtp_server):
    """start("worker") or start("beat"): a Celery process over the proxy, mailing to
    `smtp_server` (or, `smtp=False`, printing its mail to its log, which is faster). Every
    process is stopped at the end, and its log printed."""
    processes: list[CeleryProcess] = []

    def start(kind: str = "worker", *, smtp: bool = True) -> CeleryProcess:
        log = tmp_path / f"{kind}-{len(processes)}.log"
        env = {"REDIS_URL": redis.url, "TEST_SMTP_PORT": str(smtp_server.port) if smtp else None}
        process = CeleryProcess(kind, log, env=env).start()
        processes.append(process)
        if kind == "worker":

            def ready():
                """the worker says it is ready"""
                return " ready." in log.read_text()

            wait_for(ready, timeout=60)
        return process

    yield start
    for process in processes:
        process.stop()
        print(f"--- {process.log.name}\n{process.log.read_text()[-5000:]}")


def bulk_creators(count: int) -> list[Creator]:
    """`count` creators who log in with an e-mail address, inserted in bulk."""
    tag = timezone.now().strftime("%H%M%S%f")
    accounts = TikTokAccount.objects.bulk_create(
        TikTokAccount(
            handle=f"f{tag}_{n}"[:24], display_name=f"Creator {n}", birth_date=date(1990, 1, 1)
        )
        for n in range(count)
    )
    users = User.objects.bulk_create(
        User(username=f"f{tag}_{n}", email=f"creator{n}.{tag}@example.com") for n in range(count)
    )
    return Creator.objects.bulk_create(
        Creator(tiktok_account=account, user=user, category=Category.BEAUTY, market="US")
        for account, user in zip(accounts, users, strict=True)
    )

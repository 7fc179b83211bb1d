"""The mail server down, then back, under a real worker: the e-mail is retried with backoff
and arrives once."""

from __future__ import annotations

import pytest

from tests.processes import needs_postgres_and_redis, wait_for

from .conftest import bulk_creators

pytestmark = [needs_postgres_and_redis, pytest.mark.django_db(transaction=True)]

INVITE = {"message": "Hi", "purpose": "distribution", "contact_email": "team@agency.example"}


def test_smtp_down_then_back(celery, smtp_server, staff_client):
    worker = celery("worker")
    creators = bulk_creators(2)
    smtp_server.stop()

    query = "&".join(f"creators={c.code}" for c in creators)
    assert staff_client.post(f"/creators/invite/?{query}", INVITE).status_code == 302

    def retrying():
        """the worker has failed to send and will retry"""
        return "Retry in" in worker.log.read_text()

    wait_for(retrying, timeout=60, every=0.05)
    smtp_server.start()

    def mailed():
        """the creators have their e-mail"""
        return len(smtp_server.recipients()) == 2

    wait_for(mailed, timeout=60)
    assert smtp_server.recipients() == {c.user.email: 1 for c in creators}

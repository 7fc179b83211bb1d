"""Redis down, or frozen (accepting connections, answering nothing), for the web process, the
worker and beat at once: pages answer, an invite answers at once (no 500), its e-mail waits in
the outbox, and once Redis is back beat's sweep sends it — once."""

from __future__ import annotations

import threading

import pytest

from outbox.models import OutboxMessage
from tests.processes import needs_postgres_and_redis, wait_for

from .conftest import bulk_creators

pytestmark = [needs_postgres_and_redis, pytest.mark.django_db(transaction=True)]

INVITE = {"message": "Hi", "purpose": "distribution", "contact_email": "team@agency.example"}


def _invite(client, creators):
    query = "&".join(f"creators={c.code}" for c in creators)
    return client.post(f"/creators/invite/?{query}", INVITE)


def _mailed_once(smtp_server, creators):
    def mailed():
        """the creators have their e-mail"""
        return len(smtp_server.recipients()) == len(creators)

    wait_for(mailed, timeout=60)
    assert smtp_server.recipients() == {c.user.email: 1 for c in creators}
    assert OutboxMessage.objects.get(task_name="creators.tasks.notify_creators").state == "sent"


def test_redis_down_then_back(celery, redis, smtp_server, staff_client):
    celery("beat")
    celery("worker")
    creators = bulk_creators(2)

    redis.down()
    assert staff_client.get("/creators/find/").status_code == 200
    assert _invite(staff_client, creators).status_code == 302
    waiting = OutboxMessage.objects.get(task_name="creators.tasks.notify_creators")
    assert (waiting.state, waiting.attempts) == ("waiting", 1)
    assert "Connection refused" in waiting.last_error

    redis.up()
    _mailed_once(smtp_server, creators)


def test_redis_frozen_costs_an_invite_one_timeout_and_loses_nothing(
    celery, redis, smtp_server, staff_client
):
    celery("beat")
    celery("worker")
    creators = bulk_creators(2)

    redis.freeze()
    answered = {}
    request = threading.Thread(target=lambda: answered.update(r=_invite(staff_client, creators)))
    request.start()
    request.join(timeout=30)  # without socket timeouts it would wait forever
    assert not request.is_alive(), "the invite hung on a frozen Redis"
    assert answered["r"].status_code == 302
    waiting = OutboxMessage.objects.get(task_name="creators.tasks.notify_creators")
    assert waiting.state == "waiting"
    assert "Timeout" in waiting.last_error

    redis.up()
    _mailed_once(smtp_server, creators)

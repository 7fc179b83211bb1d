"""When the broker is down, queued work waits in the outbox and is sent once it is back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from linking.models import LinkSession
from linking.tasks import expire_link_sessions
from outbox.models import OutboxMessage
from outbox.services import outbox_flush
from partner_center.queue import enqueue_on_commit
from tests.factories import LinkSessionFactory

pytestmark = pytest.mark.django_db


def test_it_keeps_a_task_the_broker_could_not_take(django_capture_on_commit_callbacks, broker_down):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(expire_link_sessions)
    message = OutboxMessage.objects.get()
    assert message.task_name == "linking.tasks.expire_link_sessions"
    assert message.sent_at is None
    assert "6379" not in message.last_error  # the error names the broker that failed

    assert outbox_flush() == 0  # still down: kept, not lost
    message.refresh_from_db()
    assert message.sent_at is None
    assert message.attempts == 1


def test_it_sends_what_was_kept_once_the_broker_is_back():
    session = LinkSessionFactory(expires_at=timezone.now() - timedelta(seconds=1))
    OutboxMessage.objects.create(task_name="linking.tasks.expire_link_sessions", kwargs={})

    assert outbox_flush() == 1  # tasks run in-process here, so the effect is visible at once
    session.refresh_from_db()
    assert session.status == LinkSession.Status.EXPIRED
    assert OutboxMessage.objects.get().sent_at is not None
    assert outbox_flush() == 0  # sent once


def test_it_queues_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(expire_link_sessions)
    assert len(callbacks) == 1
    assert not OutboxMessage.objects.exists()

"""`manage.py flush_outbox` sends what waits, in a process that imported no app's tasks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from linking.models import LinkSession
from outbox.models import OutboxMessage
from tests.factories import LinkSessionFactory
from tests.processes import manage

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_relays_a_task_of_an_app_nothing_imported():
    session = LinkSessionFactory(expires_at=timezone.now() - timedelta(seconds=1))
    message = OutboxMessage.objects.create(task_name="linking.tasks.expire_link_sessions")
    dead = OutboxMessage.objects.create(task_name="gone.tasks.nothing")

    # The command's process runs the task itself (eager): its effect shows here.
    result = manage("flush_outbox", CELERY_TASK_ALWAYS_EAGER="1")

    assert result.returncode == 0, result.stderr
    assert "Sent 1 task(s); 0 waiting, 1 dead." in result.stdout
    message.refresh_from_db()
    assert message.state == "sent"
    session.refresh_from_db()
    assert session.status == LinkSession.Status.EXPIRED
    dead.refresh_from_db()
    assert dead.state == "dead"

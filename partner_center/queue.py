"""Queueing Celery tasks: always after the transaction commits, so a worker never sees rows
that were rolled back, nor misses rows not yet committed; and never lost when the broker is
down — the task waits in the outbox (`outbox` app) and is sent once the broker is back.
Tasks are safe to run twice, so sending again is harmless."""

from __future__ import annotations

import logging

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

log = logging.getLogger(__name__)


def enqueue_on_commit(task: Task, **kwargs) -> None:
    """Queue `task` with keyword arguments (ids, not objects) once the current transaction
    commits; at once when there is none."""
    transaction.on_commit(lambda: send_or_keep(task, kwargs))


def send_or_keep(task: Task, kwargs: dict) -> bool:
    """Send `task` to the broker; if the broker is down, keep it in the outbox.
    True when it was sent."""
    from outbox.models import OutboxMessage

    try:
        task.apply_async(kwargs=kwargs)
    except BrokerUnavailable as error:
        log.warning("Broker unavailable; %s kept in the outbox: %s", task.name, error)
        OutboxMessage.objects.create(task_name=task.name, kwargs=kwargs, last_error=str(error))
        return False
    return True

"""Queueing Celery tasks through the transactional outbox (the `outbox` app): the task is
written as a row in the same transaction as the change that needs it, and sent to the broker
once that transaction commits. A worker never sees rows that were rolled back, nor misses rows
not yet committed; and a task is never lost — if the broker is down, or the process dies
between the commit and the send, the row waits and beat's sweep sends it. Tasks are safe to
run twice, so a row sent again after a crash is harmless."""

from __future__ import annotations

from functools import partial

from celery import Task
from django.db import transaction


def enqueue_on_commit(task: Task, **kwargs) -> None:
    """Queue `task` with keyword arguments (ids, not objects: they are stored as JSON) with
    the current transaction; at once when there is none."""
    from outbox import services as outbox

    message = outbox.outbox_message_create(task_name=task.name, kwargs=kwargs)
    # Robust: the change is committed whatever happens to the send, which the sweep retries.
    transaction.on_commit(partial(outbox.outbox_message_send, message_id=message.pk), robust=True)

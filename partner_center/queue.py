"""Queueing Celery tasks: always after the transaction commits, so a worker never sees rows
that were rolled back, nor misses rows not yet committed."""

from __future__ import annotations

from celery import Task
from django.db import transaction


def enqueue_on_commit(task: Task, **kwargs) -> None:
    """Queue `task` with keyword arguments (ids, not objects) once the current transaction
    commits; at once when there is none."""
    transaction.on_commit(lambda: task.apply_async(kwargs=kwargs))

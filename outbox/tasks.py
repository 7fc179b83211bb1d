from __future__ import annotations

from celery import shared_task

from .services import outbox_flush, outbox_prune


@shared_task
def flush_outbox() -> int:
    return outbox_flush()


@shared_task
def prune_outbox() -> int:
    return outbox_prune()

"""Relaying the outbox to the broker.

`partner_center.queue.enqueue_on_commit` writes a row in the transaction of the change that
needs the task, and asks for `outbox_message_send` once it commits: the fast path. Whatever
that misses (the broker was down, the process died between the commit and the send) is sent
by `outbox_flush`, which beat runs every few seconds. Each row is sent in a transaction of
its own that holds its lock, so two relays never send one row together; a row whose task is
unknown or whose arguments do not fit is marked dead and the relay goes on with the others.
A process may die after a send and before its commit: the row is then sent again, which is
harmless because every task is safe to run twice.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from celery import Task
from celery.exceptions import NotRegistered
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from partner_center.celery import app

from .models import OutboxMessage

log = logging.getLogger(__name__)

# The sweep leaves rows this young to the fast path, which is about to send them.
FAST_PATH_GRACE = timedelta(seconds=5)
SENT_KEPT_FOR = timedelta(days=7)


class Outcome(enum.Enum):
    SENT = "sent"
    WAITING = "waiting"  # the broker did not take it: try again later
    DEAD = "dead"


def outbox_message_create(*, task_name: str, kwargs: dict) -> OutboxMessage:
    """Write the task in the current transaction; it is sent once that commits."""
    return OutboxMessage.objects.create(task_name=task_name, kwargs=kwargs)


def outbox_message_send(*, message_id: int) -> Outcome | None:
    """The fast path: send one row right after the commit that wrote it. None when it is no
    longer waiting, or another relay holds it."""
    with transaction.atomic():
        message = _waiting().filter(pk=message_id).first()
        return _relay(message) if message else None


def outbox_flush(*, limit: int = 500, min_age: timedelta = FAST_PATH_GRACE) -> int:
    """The sweep: send waiting rows at least `min_age` old, oldest first, each in its own
    transaction; dead rows are skipped, and the sweep stops at the first broker failure (the
    row keeps waiting, its attempt counted). Returns how many were sent."""
    before = timezone.now() - min_age
    sent = 0
    for _ in range(limit):
        with transaction.atomic():
            message = _waiting().filter(created_at__lte=before).order_by("created_at", "pk")
            message = message.first()
            if message is None:
                break
            outcome = _relay(message)
        if outcome is Outcome.WAITING:
            break
        sent += outcome is Outcome.SENT
    return sent


def outbox_prune() -> int:
    """Forget rows sent more than a week ago. Returns how many were deleted."""
    cutoff = timezone.now() - SENT_KEPT_FOR
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()
    return deleted


def outbox_messages_retry(*, ids: Iterable[int]) -> int:
    """Give dead rows another go (once their task exists, or its code was fixed): they wait
    again and are sent after the commit. Returns how many were revived."""
    with transaction.atomic():
        dead = list(
            OutboxMessage.objects.select_for_update()
            .filter(pk__in=list(ids), dead_at__isnull=False)
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=dead).update(dead_at=None)
        for pk in dead:
            transaction.on_commit(partial(outbox_message_send, message_id=pk), robust=True)
    return len(dead)


def _waiting():
    return OutboxMessage.objects.select_for_update(skip_locked=True).filter(
        sent_at__isnull=True, dead_at__isnull=True
    )


def _relay(message: OutboxMessage) -> Outcome:
    """Send `message`, locked by the caller's transaction, and record how it went."""
    message.attempts += 1
    try:
        task = _registered(message.task_name)
    except NotRegistered as error:
        return _bury(message, error)
    try:
        # A savepoint: where tasks run in-process (no broker), the task's own writes stay
        # apart from the transaction that records its row.
        with transaction.atomic():
            task.apply_async(kwargs=message.kwargs)
    except _broker_errors() as error:
        log.warning("Broker unavailable; %s waits in the outbox: %s", message.task_name, error)
        message.last_error = _describe(error)
        message.save(update_fields=["attempts", "last_error"])
        return Outcome.WAITING
    except Exception as error:
        # Arguments the task's signature refuses (Celery checks them before sending), or
        # kwargs the broker cannot encode: sending again would fail again.
        return _bury(message, error)
    message.sent_at = timezone.now()
    message.save(update_fields=["attempts", "sent_at"])
    return Outcome.SENT


def _bury(message: OutboxMessage, error: Exception) -> Outcome:
    log.error("Outbox row %s (%s) is dead: %s", message.pk, message.task_name, error)
    message.last_error = _describe(error)
    message.dead_at = timezone.now()
    message.save(update_fields=["attempts", "last_error", "dead_at"])
    return Outcome.DEAD


def _registered(name: str) -> Task:
    """The task called `name`. A process that never imported an app's tasks module (a
    management command, a web process) has not registered its tasks: discover them all."""
    if name not in app.tasks:
        app.autodiscover_tasks(force=True)
    return app.tasks[name]


def _broker_errors() -> tuple[type[BaseException], ...]:
    """What the broker's client raises when the broker is down or does not answer (for
    Redis these include OSError and KeyError: a task must be looked up before sending)."""
    if app.conf.task_always_eager:
        return ()  # tasks run in-process: no broker to fail
    with app.connection_for_write() as connection:
        return (OperationalError, *connection.connection_errors, *connection.channel_errors)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"

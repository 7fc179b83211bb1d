"""Sending what `partner_center.queue` kept while the broker was down."""

from __future__ import annotations

from celery import current_app
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from .models import OutboxMessage


def outbox_flush(*, limit: int = 500) -> int:
    """Send waiting tasks, oldest first; stop at the first broker failure. Returns how many
    were sent."""
    sent = 0
    with transaction.atomic():
        waiting = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True)
            .order_by("created_at")[:limit]
        )
        for message in waiting:
            message.attempts += 1
            try:
                current_app.tasks[message.task_name].apply_async(kwargs=message.kwargs)
            except BrokerUnavailable as error:
                message.last_error = str(error)
                message.save(update_fields=["attempts", "last_error"])
                break
            message.sent_at = timezone.now()
            message.save(update_fields=["attempts", "sent_at"])
            sent += 1
    return sent

"""The transactional outbox: each task a change needs, written in the change's own transaction,
then relayed to the broker (outbox.services). A row waits until it is sent, or is dead: its
task is unknown or its arguments do not fit, and only a person can tell what to do with it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    dead_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sent_at__isnull=True) | models.Q(dead_at__isnull=True),
                name="outbox_message_sent_or_dead",
                violation_error_message="A task is either sent or dead, not both.",
            )
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True, dead_at__isnull=True),
                name="outbox_waiting",
            ),
            models.Index(
                fields=["sent_at"], condition=models.Q(sent_at__isnull=False), name="outbox_sent"
            ),
            models.Index(
                fields=["dead_at"], condition=models.Q(dead_at__isnull=False), name="outbox_dead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_name} ({self.state})"

    @property
    def state(self) -> str:
        if self.sent_at:
            return "sent"
        if self.dead_at:
            return "dead"
        return "waiting"

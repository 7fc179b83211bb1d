from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand

from outbox.models import OutboxMessage
from outbox.services import outbox_flush


class Command(BaseCommand):
    help = "Send every task waiting in the outbox now (beat does it every few seconds)."

    def handle(self, *args, **options):
        sent = outbox_flush(min_age=timedelta(0))
        waiting = OutboxMessage.objects.filter(sent_at=None, dead_at=None).count()
        dead = OutboxMessage.objects.exclude(dead_at=None).count()
        self.stdout.write(f"Sent {sent} task(s); {waiting} waiting, {dead} dead.")

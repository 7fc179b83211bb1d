from __future__ import annotations

from django.core.management.base import BaseCommand

from outbox.services import outbox_flush


class Command(BaseCommand):
    help = "Send the tasks kept in the outbox while the broker was down."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {outbox_flush()} task(s).")

"""Writes for linking: each state change runs in a transaction that locks what it changes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import LinkSession


def link_sessions_expire() -> int:
    """Mark open sessions past their time as expired. Housekeeping only: sessions already
    read as expired the moment their time passes."""
    now = timezone.now()
    with transaction.atomic():
        return LinkSession.objects.filter(
            status__in=LinkSession.OPEN_STATUSES, expires_at__lte=now
        ).update(status=LinkSession.Status.EXPIRED, finished_at=now)

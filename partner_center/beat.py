"""Celery beat that shows it is alive: each tick of its loop touches a heartbeat file, and the
container's healthcheck (`python -m partner_center.probe beat`) reads how old that file is.

A tick happens at least every CELERY_BEAT_MAX_LOOP_INTERVAL seconds while beat's loop runs, so a
file older than a few of those means beat is stuck or gone, whatever its process says.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from celery.beat import PersistentScheduler
from django.conf import settings

logger = logging.getLogger(__name__)


def heartbeat_file() -> Path:
    return Path(settings.BEAT_HEARTBEAT_FILE)


def heartbeat_age() -> float | None:
    """Seconds since beat last ticked, or None if it never has."""
    try:
        return time.time() - heartbeat_file().stat().st_mtime
    except FileNotFoundError:
        return None


class HeartbeatScheduler(PersistentScheduler):
    def tick(self, *args, **kwargs) -> float:
        interval = super().tick(*args, **kwargs)
        try:
            heartbeat_file().touch()
        except OSError:
            # Beat keeps scheduling; only its healthcheck will say it is unhealthy.
            logger.exception("Cannot write the beat heartbeat file %s", heartbeat_file())
        return interval

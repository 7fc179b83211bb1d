"""Background work for Insights. Thin, and safe to run twice: the service does the work."""

from __future__ import annotations

from celery import shared_task


@shared_task
def rollup_days() -> int:
    from .services import days_roll_up

    return days_roll_up()

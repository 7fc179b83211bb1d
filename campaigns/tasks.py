"""Periodic work for campaigns. Thin: each task calls one function and is safe to run twice."""

from __future__ import annotations

from celery import shared_task

from . import agency_figures


@shared_task
def refresh_agency_figures() -> int:
    return agency_figures.refresh_all()

"""Periodic housekeeping for linking. Thin: each task calls a service and is safe to run twice."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def expire_link_sessions() -> int:
    return services.link_sessions_expire()


@shared_task
def refresh_linked_profiles() -> int:
    return services.linked_profiles_refresh()


@shared_task
def expire_unlink_requests() -> int:
    return services.unlink_requests_expire()

"""Background work for creator management. Thin: each task takes ids, calls a service, and is
safe to run twice."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def notify_creators(kind: str, ids: list[int]) -> int:
    return services.proposals_notify(kind=kind, ids=ids)


@shared_task
def run_bulk_invite_job(job_id: int) -> int:
    return services.bulk_invite_job_run(job_id=job_id).invited


@shared_task
def expire_invitations_and_requests() -> int:
    return services.proposals_expire()


@shared_task
def refresh_directory_copies() -> int:
    return services.creators_sync_from_tiktok()

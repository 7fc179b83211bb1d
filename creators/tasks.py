"""Background work for creator management. Thin: each task takes ids, calls a service, and is
safe to run twice. Services queue these tasks, so each task imports its service when it runs
(as the HackSoft styleguide does) and the two modules never import each other at load."""

from __future__ import annotations

from celery import shared_task


@shared_task
def notify_creators(kind: str, ids: list[int]) -> int:
    from .services import proposals_notify

    return proposals_notify(kind=kind, ids=ids)


@shared_task
def run_bulk_invite_job(job_id: int) -> int:
    from .services import bulk_invite_job_run

    return bulk_invite_job_run(job_id=job_id).invited


@shared_task
def expire_invitations_and_requests() -> int:
    from .services import proposals_expire

    return proposals_expire()


@shared_task
def refresh_directory_copies() -> int:
    from .services import creators_sync_from_tiktok

    return creators_sync_from_tiktok()

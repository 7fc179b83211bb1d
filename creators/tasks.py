"""Background work for creator management. Thin: each task takes ids, calls a service, and is
safe to run twice. Services queue these tasks, so each task imports its service when it runs
(as the HackSoft styleguide does) and the two modules never import each other at load."""

from __future__ import annotations

import smtplib

from celery import shared_task


@shared_task(
    # SMTP errors are OSErrors too; so are refused and timed-out connections.
    autoretry_for=(smtplib.SMTPException, OSError),
    max_retries=5,
    retry_backoff=True,
    # 1, 2, 4, 8, 16 s (jittered): every countdown well under the broker's visibility timeout,
    # which would otherwise hand a waiting retry to a second worker. Then the sweep takes over.
    retry_backoff_max=30,
    retry_jitter=True,
)
def notify_creators(kind: str, ids: list[int]) -> int:
    from .services import proposals_notify

    return proposals_notify(kind=kind, ids=ids)


@shared_task
def notify_unnotified() -> int:
    from .services import proposals_notify_unnotified

    return proposals_notify_unnotified()


# Acknowledged once it has run, and given back to the queue if its worker dies: a killed
# worker's send resumes where its last chunk's commit left it.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_outreaches(partner_id: int) -> int:
    from .services import OUTREACH_TASK_SECONDS, outreaches_send

    return outreaches_send(partner_id=partner_id, max_seconds=OUTREACH_TASK_SECONDS)


@shared_task
def send_outreaches() -> int:
    from .services import outreaches_queue_sends

    return outreaches_queue_sends()


@shared_task
def expire_invitations_and_requests() -> int:
    from .services import proposals_expire

    return proposals_expire()


@shared_task
def refresh_directory_copies() -> int:
    from .services import creators_sync_from_tiktok

    return creators_sync_from_tiktok()


@shared_task
def settle_links() -> int:
    from .services import links_settle

    return links_settle()


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    max_retries=5,
    retry_backoff=True,
    retry_backoff_max=30,
    retry_jitter=True,
)
def email_unlink_request(link_id: int) -> bool:
    from .services import link_unlink_request_email

    return link_unlink_request_email(link_id=link_id)

"""Background work for accounts. Thin: each task takes ids, calls a service, and is safe to run
twice (each notice is stamped `emailed_at` with its send). The services queue these tasks, so
each task imports its service when it runs and the two modules never import each other."""

from __future__ import annotations

import smtplib

from celery import shared_task

# What a mail server or the network can answer: worth trying again later.
MAIL_ERRORS = (smtplib.SMTPException, OSError)
MAIL_RETRY = {
    "autoretry_for": MAIL_ERRORS,
    "retry_backoff": True,  # 1 s, 2 s, 4 s… with jitter
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(**MAIL_RETRY)
def email_notifications(ids: list[int]) -> int:
    from .notifications import notification_emails_send

    return notification_emails_send(ids=ids)


@shared_task
def email_unsent_notifications() -> int:
    """The sweep (beat): whatever the task above gave up on. Not retried: the next sweep is
    its retry."""
    from .notifications import notification_emails_send

    return notification_emails_send()


@shared_task(**MAIL_RETRY)
def email_team_invitation(member_id: int, nonce: str) -> bool:
    from .team import team_invitation_email_send

    return team_invitation_email_send(member_id=member_id, nonce=nonce)

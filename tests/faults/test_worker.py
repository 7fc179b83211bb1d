"""A worker that is down, or killed with SIGKILL in the middle of a bulk invite: nothing is
lost, nobody is invited twice, and the job resumes within 2 minutes of a worker being back."""

from __future__ import annotations

import time

import pytest
from django.db.models import Count

from creators import services
from creators.models import BulkInviteJob, Invitation
from creators.tasks import notify_creators, run_bulk_invite_job
from outbox.models import OutboxMessage
from tests.processes import needs_postgres_and_redis, wait_for

from .conftest import bulk_creators

pytestmark = [needs_postgres_and_redis, pytest.mark.django_db(transaction=True)]

TERMS = services.InviteTerms(
    purpose="distribution",
    message="Hello",
    attach_profile=False,
    contact_email="team@agency.example",
)
INVITE = {"message": "Hi", "purpose": "distribution", "contact_email": "team@agency.example"}


def test_a_worker_killed_mid_job_resumes_it_within_two_minutes_inviting_everyone_once(
    celery, partner, staff
):
    creators = bulk_creators(2_000)
    job = services.invitations_send(
        partner=partner, sent_by=staff, creator_ids=[c.pk for c in creators], terms=TERMS
    )
    # Beat too, as in production: killed after a chunk's commit and before the send of the
    # next chunk's task, the worker leaves that task in the outbox for beat's sweep.
    celery("beat")
    worker = celery("worker", smtp=False)  # mail printed: thousands over SMTP take minutes

    def started():
        """the job has done its first chunk"""
        return BulkInviteJob.objects.get(pk=job.pk).processed > 0

    wait_for(started, timeout=60, every=0.02)
    worker.kill()
    job.refresh_from_db()
    assert 0 < job.processed < job.total, "the worker was not killed in the middle of the job"

    celery("worker", smtp=False)
    back = time.monotonic()

    def done():
        """the job is done"""
        return BulkInviteJob.objects.get(pk=job.pk).is_done

    wait_for(done, timeout=120, every=0.5)
    assert time.monotonic() - back < 120

    job.refresh_from_db()
    assert (job.processed, job.invited, job.skipped, job.failed) == (2_000, 2_000, 0, 0)
    per_creator = (
        Invitation.objects.filter(partner=partner).values("creator").annotate(n=Count("pk"))
    )
    assert per_creator.count() == 2_000
    assert {row["n"] for row in per_creator} == {1}

    def notified():
        """every creator has had their e-mail"""
        return not Invitation.objects.filter(partner=partner, notified_at=None).exists()

    wait_for(notified, timeout=120, every=0.5)


def test_work_queued_while_no_worker_runs_is_done_once_one_is_back(
    celery, smtp_server, staff_client, partner
):
    creators = bulk_creators(3)
    query = "&".join(f"creators={c.code}" for c in creators)
    response = staff_client.post(f"/creators/invite/?{query}", INVITE)
    assert response.status_code == 302
    (notify,) = OutboxMessage.objects.filter(task_name="creators.tasks.notify_creators")
    assert notify.state == "sent"  # to the broker, where it waits for a worker
    # Delivered twice more (a redelivery, a second relay): a task run twice has one effect.
    notify_creators.apply_async(kwargs=notify.kwargs)
    notify_creators.apply_async(kwargs=notify.kwargs)
    time.sleep(1)
    assert smtp_server.recipients() == {}

    celery("worker")

    def mailed():
        """the three creators have their e-mail"""
        return len(smtp_server.recipients()) == 3

    wait_for(mailed, timeout=60)
    time.sleep(2)  # the duplicates have been run too
    assert smtp_server.recipients() == {c.user.email: 1 for c in creators}


def test_a_bulk_job_task_delivered_twice_invites_once(celery, partner, staff):
    creators = bulk_creators(600)
    job = services.invitations_send(
        partner=partner, sent_by=staff, creator_ids=[c.pk for c in creators], terms=TERMS
    )
    run_bulk_invite_job.apply_async(kwargs={"job_id": job.pk})
    run_bulk_invite_job.apply_async(kwargs={"job_id": job.pk})
    celery("worker")

    def done():
        """the job is done"""
        return BulkInviteJob.objects.get(pk=job.pk).is_done

    wait_for(done, timeout=60)
    job.refresh_from_db()
    assert (job.processed, job.invited) == (600, 600)
    assert Invitation.objects.filter(partner=partner).count() == 600

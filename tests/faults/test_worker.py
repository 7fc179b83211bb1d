"""A worker that is down, or killed with SIGKILL in the middle of an outreach's send: nothing
is lost, nobody is invited twice, and the send resumes within 2 minutes of a worker being
back."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from creators import services
from creators.models import Invitation, Outreach, OutreachCreator
from creators.tasks import notify_creators, run_outreaches
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


def _outreach(partner, staff, *, recent: int, fresh: int) -> Outreach:
    """An outreach whose first `recent` creators were invited 3 days ago (skipped: they take no
    place in the quota, so a send works through many chunks) and then `fresh` ones."""
    old, new = bulk_creators(recent), bulk_creators(fresh)
    ago = timezone.now() - timedelta(days=3)
    Invitation.objects.bulk_create(
        Invitation(
            partner=partner,
            creator=c,
            sent_by=staff,
            contact_email="team@agency.example",
            status="declined",
            created_at=ago,
            expires_at=ago + timedelta(days=7),
        )
        for c in old
    )
    outreach = Outreach.objects.create(
        partner=partner,
        created_by=staff,
        contact_email="team@agency.example",
        total=len(old) + len(new),
    )
    OutreachCreator.objects.bulk_create(
        OutreachCreator(outreach=outreach, creator=c) for c in [*old, *new]
    )
    return outreach


def test_a_worker_killed_mid_send_resumes_it_within_two_minutes_inviting_everyone_once(
    celery, partner, staff
):
    outreach = _outreach(partner, staff, recent=4_000, fresh=100)
    run_outreaches.apply_async(kwargs={"partner_id": partner.pk})
    celery("beat")
    worker = celery("worker", smtp=False)  # mail printed: thousands over SMTP take minutes

    def started():
        """the send has done its first chunk"""
        return Outreach.objects.get(pk=outreach.pk).skipped > 0

    wait_for(started, timeout=60, every=0.02)
    worker.kill()
    outreach.refresh_from_db()
    assert outreach.status == "active", "the worker was not killed in the middle of the send"

    celery("worker", smtp=False)
    back = time.monotonic()

    def done():
        """the outreach has finished"""
        return Outreach.objects.get(pk=outreach.pk).status == "finished"

    wait_for(done, timeout=120, every=0.5)
    assert time.monotonic() - back < 120

    outreach.refresh_from_db()
    assert (outreach.total, outreach.sent, outreach.skipped) == (4_100, 100, 4_000)
    today = Invitation.objects.filter(partner=partner, created_at__gte=outreach.created_at)
    per_creator = today.values("creator").annotate(n=Count("pk"))
    assert per_creator.count() == 100
    assert {row["n"] for row in per_creator} == {1}


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


def test_an_outreach_send_delivered_twice_sends_the_day_s_quota_once(celery, partner, staff):
    outreach = _outreach(partner, staff, recent=0, fresh=300)
    run_outreaches.apply_async(kwargs={"partner_id": partner.pk})
    run_outreaches.apply_async(kwargs={"partner_id": partner.pk})
    celery("worker")

    def sent():
        """today's quota is sent"""
        return Outreach.objects.get(pk=outreach.pk).sent == 100

    wait_for(sent, timeout=60)
    time.sleep(2)  # the second delivery has run too
    outreach.refresh_from_db()
    assert (outreach.sent, outreach.status) == (100, "active")
    assert Invitation.objects.filter(partner=partner).count() == 100

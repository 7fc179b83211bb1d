"""Bulk invite jobs that survive a lost worker: a task runs for a bounded time and queues the
rest with its last chunk's commit, a second run carries on without inviting twice, stalled
jobs are queued again by beat, and a form submitted twice makes one job."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from creators import services
from creators.models import BulkInviteJob, Invitation
from outbox.models import OutboxMessage

from .conftest import make_creators

pytestmark = pytest.mark.django_db

TERMS = services.InviteTerms(
    purpose="distribution",
    message="Hello",
    attach_profile=False,
    contact_email="team@agency.example",
)
RUN = "creators.tasks.run_bulk_invite_job"


@pytest.fixture
def job(partner, staff):
    creators = make_creators(5)
    return BulkInviteJob.objects.create(
        partner=partner,
        created_by=staff,
        contact_email="team@agency.example",
        creator_ids=[c.pk for c in creators],
        total=5,
    )


def _runs_queued() -> list[dict]:
    return list(OutboxMessage.objects.filter(task_name=RUN).values_list("kwargs", flat=True))


def test_a_run_out_of_time_stops_after_its_chunk_and_queues_the_rest_with_it(job):
    before = timezone.now()
    job = services.bulk_invite_job_run(job_id=job.pk, chunk_size=2, max_seconds=0)
    assert (job.processed, job.invited, job.status) == (2, 2, "running")
    assert job.updated_at >= before
    assert _runs_queued() == [{"job_id": job.pk}]


def test_a_run_with_time_left_does_the_whole_job(job):
    job = services.bulk_invite_job_run(job_id=job.pk, chunk_size=2, max_seconds=60)
    assert (job.processed, job.invited, job.status) == (5, 5, "done")
    assert _runs_queued() == []


def test_a_second_run_of_a_job_carries_on_and_invites_nobody_twice(job):
    services.bulk_invite_job_run(job_id=job.pk, chunk_size=2, max_seconds=0)
    services.bulk_invite_job_run(job_id=job.pk, chunk_size=2, max_seconds=0)  # a redelivery
    services.bulk_invite_job_run(job_id=job.pk, chunk_size=2)
    again = services.bulk_invite_job_run(job_id=job.pk, chunk_size=2)
    assert (again.processed, again.invited, again.status) == (5, 5, "done")
    assert Invitation.objects.count() == 5


def test_the_task_chain_finishes_the_job_inviting_and_mailing_each_creator_once(
    partner, staff, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "INVITE_NOW_LIMIT", 2)  # 8 creators make a job
    monkeypatch.setattr(services, "BULK_CHUNK_SIZE", 3)
    monkeypatch.setattr(services, "BULK_TASK_SECONDS", 0)  # one chunk a task
    creators = make_creators(8)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.invitations_send(
            partner=partner, sent_by=staff, creator_ids=[c.pk for c in creators], terms=TERMS
        )
    job.refresh_from_db()
    assert (job.status, job.processed, job.invited) == ("done", 8, 8)
    assert len(_runs_queued()) == 3
    assert not OutboxMessage.objects.filter(sent_at=None).exists()
    assert Counter(m.to[0] for m in mail.outbox) == {c.user.email: 1 for c in creators}


def test_beat_queues_a_stalled_job_again_once(job, partner, staff):
    services.bulk_invite_job_run(job_id=job.pk, chunk_size=2, max_seconds=0)
    OutboxMessage.objects.all().delete()  # the broker lost the rest
    long_ago = timezone.now() - services.BULK_RESUME_AFTER
    BulkInviteJob.objects.filter(pk=job.pk).update(updated_at=long_ago)
    moving = BulkInviteJob.objects.create(
        partner=partner, created_by=staff, commission_rate=10, products="x", validity_days=7
    )
    BulkInviteJob.objects.create(
        partner=partner,
        created_by=staff,
        contact_email="team@agency.example",
        status="done",
        updated_at=long_ago,
    )

    assert services.bulk_invite_jobs_resume() == 1
    assert services.bulk_invite_jobs_resume() == 0  # moved: left alone for a while
    assert _runs_queued() == [{"job_id": job.pk}]
    assert moving.pk not in [k["job_id"] for k in _runs_queued()]


def test_one_submission_key_makes_one_job(
    partner, staff, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "INVITE_NOW_LIMIT", 2)  # 3 creators make a job
    ids = [c.pk for c in make_creators(3)]
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=False):
        first = services.invitations_send(
            partner=partner, sent_by=staff, creator_ids=ids, terms=TERMS, idempotency_key=key
        )
        second = services.invitations_send(
            partner=partner, sent_by=staff, creator_ids=ids, terms=TERMS, idempotency_key=key
        )
        other = services.invitations_send(
            partner=partner, sent_by=staff, creator_ids=ids, terms=TERMS
        )
    assert first == second != other
    assert BulkInviteJob.objects.count() == 2
    assert len(_runs_queued()) == 2


def test_the_database_refuses_two_jobs_for_one_submission(partner, staff):
    from django.db import IntegrityError, transaction

    key = uuid.uuid4()
    fields = dict(partner=partner, created_by=staff, commission_rate=10, products="x")
    BulkInviteJob.objects.create(validity_days=7, idempotency_key=key, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        BulkInviteJob.objects.create(validity_days=7, idempotency_key=key, **fields)


def test_a_stalled_job_reads_as_waiting_for_a_worker(job):
    assert not job.is_waiting_for_worker
    job.updated_at = timezone.now() - timedelta(seconds=30)
    assert job.is_waiting_for_worker
    job.status = BulkInviteJob.Status.DONE
    assert not job.is_waiting_for_worker

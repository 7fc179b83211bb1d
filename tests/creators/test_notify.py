"""Creators' e-mails against a real SMTP server that refuses: each is retried with backoff
until it goes through, arrives once, and what the retries could not send, the sweep sends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from creators import services
from creators.models import Invitation
from creators.tasks import notify_creators
from outbox.models import OutboxMessage
from tests import factories

from .conftest import make_creators

pytestmark = pytest.mark.django_db

TERMS = services.InviteTerms(
    purpose="distribution",
    message="Hello",
    attach_profile=False,
    contact_email="team@agency.example",
)
LATER = "451 4.3.0 Try again later"


@pytest.fixture
def invite(partner, staff, django_capture_on_commit_callbacks):
    """Invite creators as the Invite form does; their notification runs (in-process)."""

    def invite(creators):
        with django_capture_on_commit_callbacks(execute=True):
            services.invitations_send(
                partner=partner, sent_by=staff, creator_ids=[c.pk for c in creators], terms=TERMS
            )
        return list(Invitation.objects.filter(creator__in=creators))

    return invite


def emails(creators) -> dict[str, int]:
    return {c.user.email: 1 for c in creators}


def test_a_mail_the_server_refuses_for_now_is_retried_and_arrives_once(smtp_server, invite):
    creators = make_creators(1)
    smtp_server.refuse("DATA", LATER, LATER)

    (invitation,) = invite(creators)

    assert smtp_server.recipients() == emails(creators)
    assert invitation.notified_at is not None
    assert OutboxMessage.objects.get().state == "sent"


def test_a_refusal_in_the_middle_of_a_batch_resends_only_the_rest(smtp_server, invite):
    creators = make_creators(3)
    smtp_server.refuse("DATA", None, LATER)  # the first goes through, the second is refused

    invitations = invite(creators)

    assert smtp_server.recipients() == emails(creators)  # each once, the first not again
    assert all(i.notified_at for i in invitations)


@pytest.mark.parametrize("reply", ["450 4.2.1 Mailbox busy", "421 4.7.0 Closing connection"])
def test_a_recipient_refused_for_now_is_retried(smtp_server, invite, reply):
    creators = make_creators(2)
    smtp_server.refuse("RCPT", reply)

    invite(creators)

    assert smtp_server.recipients() == emails(creators)


def test_a_recipient_refused_for_good_does_not_hold_up_the_others(smtp_server, invite):
    first, gone, last = make_creators(3)
    smtp_server.refuse_for_good(gone.user.email)

    invitations = invite([first, gone, last])

    assert smtp_server.recipients() == emails([first, last])
    notified = {i.creator_id: i.notified_at is not None for i in invitations}
    assert notified == {first.pk: True, gone.pk: False, last.pk: True}
    assert OutboxMessage.objects.get().state == "sent"  # no error left to retry


def test_smtp_down_then_back_the_sweep_sends_what_the_retries_could_not(smtp_server, invite):
    creators = make_creators(2)
    smtp_server.stop()  # connections refused, through every retry

    invitations = invite(creators)

    assert all(i.notified_at is None for i in invitations)
    assert smtp_server.recipients() == {}

    smtp_server.start()
    Invitation.objects.update(created_at=timezone.now() - services.NOTIFY_SWEEP_AFTER)
    assert services.proposals_notify_unnotified() == 2
    assert services.proposals_notify_unnotified() == 0
    assert smtp_server.recipients() == emails(creators)


def test_the_sweep_leaves_recent_and_closed_proposals_alone(smtp_server, partner):
    old = timezone.now() - timedelta(minutes=10)
    due = factories.InvitationFactory(partner=partner, created_at=old)
    due_request = factories.BindingRequestFactory(partner=partner, created_at=old)
    factories.InvitationFactory(partner=partner)  # its task has not had its chance yet
    factories.InvitationFactory(partner=partner, created_at=old, status="cancelled")
    factories.InvitationFactory(
        partner=partner, created_at=old, expires_at=timezone.now() - timedelta(seconds=1)
    )
    factories.InvitationFactory(partner=partner, created_at=old, notified_at=old)

    assert services.proposals_notify_unnotified() == 2

    assert smtp_server.recipients() == {
        due.creator.user.email: 1,
        due_request.creator.user.email: 1,
    }


def test_the_task_run_twice_sends_one_mail(smtp_server):
    invitation = factories.InvitationFactory()
    assert notify_creators.apply(kwargs={"kind": "invitation", "ids": [invitation.pk]}).get() == 1
    assert notify_creators.apply(kwargs={"kind": "invitation", "ids": [invitation.pk]}).get() == 0
    assert smtp_server.recipients() == {invitation.creator.user.email: 1}


def test_the_task_retries_with_backoff_on_smtp_and_network_errors():
    assert notify_creators.autoretry_for == (__import__("smtplib").SMTPException, OSError)
    assert notify_creators.retry_backoff and notify_creators.max_retries == 5

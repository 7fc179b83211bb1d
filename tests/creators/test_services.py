from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from creators import invitation_rules, services
from creators.models import BindingRequest, Creator, Invitation, Outreach
from creators.services import InviteTerms, ProposalError
from tests import factories
from tiktok.models import TikTokAccount

from .conftest import make_creators

pytestmark = pytest.mark.django_db

TERMS = InviteTerms(
    purpose="distribution",
    message="Hello",
    attach_profile=True,
    contact_email="team@agency.example",
)


def _send(partner, staff, creators, terms=TERMS):
    return services.invitations_send(
        partner=partner, sent_by=staff, creator_ids=[c.pk for c in creators], terms=terms
    )


def test_it_sends_invitations_and_mails_each_creator(
    partner, staff, link, django_capture_on_commit_callbacks
):
    creators = make_creators(3)
    with django_capture_on_commit_callbacks(execute=True):
        result = _send(partner, staff, creators)
    assert (result.sent, result.skipped) == (3, 0)
    invitations = Invitation.objects.filter(partner=partner)
    assert invitations.count() == 3
    assert all(i.attach_profile and i.notified_at for i in invitations)
    first = invitations.first()
    assert first.expires_at - first.created_at == timedelta(days=7)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.user.email for c in creators)
    assert "/creator/invitations/" in mail.outbox[0].body


def test_it_never_attaches_a_profile_while_unlinked(partner, staff):
    _send(partner, staff, make_creators(1))
    assert not Invitation.objects.get().attach_profile


def test_it_skips_creators_already_holding_an_open_invitation(partner, staff):
    creators = make_creators(2)
    _send(partner, staff, creators[:1])
    result = _send(partner, staff, creators)
    assert (result.sent, result.skipped) == (1, 1)
    handle = creators[0].tiktok_account.handle
    assert result.skipped_handles == {services.SkipReason.INVITED: (handle,)}
    assert Invitation.objects.filter(partner=partner).count() == 2


def test_it_lets_another_partner_invite_the_same_creator(
    partner, staff, other_partner, other_staff
):
    creator = factories.CreatorFactory()
    _send(partner, staff, [creator])
    assert _send(other_partner, other_staff, [creator]).sent == 1


def test_it_expires_a_stale_pending_invitation_so_it_does_not_block(partner, staff):
    sent = timezone.now() - timedelta(days=7, minutes=1)
    stale = factories.InvitationFactory(
        partner=partner, created_at=sent, expires_at=sent + timedelta(days=7)
    )
    result = _send(partner, staff, [stale.creator])
    assert result.sent == 1
    stale.refresh_from_db()
    assert stale.status == Invitation.Status.EXPIRED


def test_the_database_refuses_two_open_invitations(partner):
    first = factories.InvitationFactory(partner=partner)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.InvitationFactory(partner=partner, creator=first.creator)


def test_it_refuses_an_empty_selection(partner, staff):
    with pytest.raises(ProposalError, match="at least one"):
        _send(partner, staff, [])
    assert not Invitation.objects.exists()


def test_it_counts_vanished_creators_as_failed(partner, staff):
    creator = factories.CreatorFactory()
    result = services.invitations_send(
        partner=partner, sent_by=staff, creator_ids=[creator.pk, 999_999], terms=TERMS
    )
    assert (result.sent, result.skipped, result.failed) == (1, 0, 1)


def test_it_invites_a_hundred_creators_at_once(
    partner, staff, link, django_capture_on_commit_callbacks
):
    creators = factories.CreatorFactory.create_batch(invitation_rules.DAILY_INVITATIONS)
    with django_capture_on_commit_callbacks(execute=True):
        result = _send(partner, staff, creators)
    assert result == services.SendResult(sent=100, skipped=0, failed=0)
    assert not Outreach.objects.exists()
    assert Invitation.objects.filter(partner=partner, attach_profile=True).count() == 100
    assert len(mail.outbox) == 100


def test_a_hundred_and_one_creators_make_an_outreach_that_sends_today_s_hundred(
    partner, staff, link, django_capture_on_commit_callbacks
):
    creators = factories.CreatorFactory.create_batch(invitation_rules.DAILY_INVITATIONS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        outreach = _send(partner, staff, [*creators, creators[0]])  # a duplicate counts once
    assert isinstance(outreach, Outreach)
    assert (outreach.total, outreach.sent, outreach.status) == (101, 100, "active")
    assert outreach.attach_profile
    assert Invitation.objects.filter(partner=partner).count() == 100
    assert list(outreach.creators.filter(status="queued").values_list("creator_id", flat=True)) == [
        creators[-1].pk
    ]


def test_an_outreach_never_attaches_a_profile_while_unlinked(partner, staff):
    creators = make_creators(3)
    _use_quota(partner, invitation_rules.DAILY_INVITATIONS - 2)
    outreach = services.invitations_send(
        partner=partner,
        sent_by=staff,
        creator_ids=[*[c.pk for c in creators], *range(900_000, 900_200)],
        terms=TERMS,
    )
    assert isinstance(outreach, Outreach)
    assert not outreach.attach_profile
    assert outreach.total == 3  # only creators still in the directory


def _use_quota(partner, count):
    factories.InvitationFactory.create_batch(count, partner=partner)


def test_it_refuses_more_creators_than_an_outreach_takes(partner, staff):
    with pytest.raises(ProposalError, match="100,000"):
        services.invitations_send(
            partner=partner,
            sent_by=staff,
            creator_ids=range(1, Outreach.MAX_CREATORS + 2),
            terms=TERMS,
        )
    assert not Outreach.objects.exists()
    assert not Invitation.objects.exists()


def _bind(partner, staff, creators, attach=True, days=30):
    return services.link_requests_send(
        partner=partner,
        sent_by=staff,
        creators=creators,
        message="Join us",
        last_day=(timezone.now() + timedelta(days=days)).date(),
        attach_profile=attach,
    )


def test_it_sends_link_requests_that_expire_in_seven_days(
    partner, staff, link, django_capture_on_commit_callbacks
):
    creators = make_creators(2)
    with django_capture_on_commit_callbacks(execute=True):
        result = _bind(partner, staff, creators)
    assert result.sent == 2
    request = BindingRequest.objects.first()
    assert request.attach_profile
    assert request.expires_at - request.created_at == timedelta(days=7)
    assert len(mail.outbox) == 2


def test_it_skips_creators_pending_or_bound(partner, staff):
    pending, bound, fresh = make_creators(3)
    factories.BindingRequestFactory(partner=partner, creator=pending)
    factories.LinkFactory(partner=partner, creator=bound)
    result = _bind(partner, staff, [pending, bound, fresh])
    assert (result.sent, result.skipped) == (1, 2)
    assert result.skipped_handles == {
        services.SkipReason.ASKED: (pending.tiktok_account.handle,),
        services.SkipReason.BOUND: (bound.tiktok_account.handle,),
    }


@pytest.mark.parametrize(
    ("answer", "status"),
    [(services.invitation_accept, "accepted"), (services.invitation_decline, "declined")],
)
def test_it_answers_an_invitation(answer, status):
    invitation = factories.InvitationFactory()
    answer(invitation=invitation, creator=invitation.creator)
    invitation.refresh_from_db()
    assert invitation.status == status
    assert invitation.answered_at is not None


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (services.binding_request_accept, "accepted"),
        (services.binding_request_decline, "declined"),
    ],
)
def test_it_answers_a_binding_request(answer, status):
    request = factories.BindingRequestFactory()
    answer(binding_request=request, creator=request.creator)
    request.refresh_from_db()
    assert request.status == status


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "accepted"}, "already been accepted"),
        ({"status": "declined"}, "already been declined"),
        ({"status": "cancelled"}, "cancelled"),
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "expired"),
    ],
)
def test_it_refuses_to_answer_what_is_closed(fields, message):
    invitation = factories.InvitationFactory(**fields)
    with pytest.raises(ProposalError, match=message):
        services.invitation_accept(invitation=invitation, creator=invitation.creator)
    fresh = Invitation.objects.get(pk=invitation.pk)
    assert (fresh.status, fresh.answered_at) == (invitation.status, None)


def test_it_refuses_another_creators_answer():
    invitation = factories.InvitationFactory()
    with pytest.raises(Invitation.DoesNotExist):
        services.invitation_accept(invitation=invitation, creator=factories.CreatorFactory())


def test_it_cancels_a_pending_request_only(partner):
    request = factories.BindingRequestFactory(partner=partner)
    services.binding_request_cancel(binding_request=request, partner=partner)
    request.refresh_from_db()
    assert request.status == "cancelled"
    with pytest.raises(ProposalError):
        services.binding_request_cancel(binding_request=request, partner=partner)


def test_it_expires_pending_rows_past_their_time():
    past = timezone.now() - timedelta(seconds=1)
    old_invitation = factories.InvitationFactory(expires_at=past)
    old_request = factories.BindingRequestFactory(expires_at=past)
    fresh = factories.InvitationFactory()
    answered = factories.InvitationFactory(expires_at=past, status="accepted")
    assert old_invitation.current_status == "expired"  # before any task runs
    assert services.proposals_expire() == 2
    assert services.proposals_expire() == 0
    statuses = {
        i.pk: i.status
        for i in Invitation.objects.filter(pk__in=[old_invitation.pk, fresh.pk, answered.pk])
    }
    assert statuses == {old_invitation.pk: "expired", fresh.pk: "pending", answered.pk: "accepted"}
    assert BindingRequest.objects.get(pk=old_request.pk).status == "expired"


def test_notifying_twice_sends_one_mail():
    invitation = factories.InvitationFactory()
    assert services.proposals_notify(kind="invitation", ids=[invitation.pk]) == 1
    assert services.proposals_notify(kind="invitation", ids=[invitation.pk]) == 0
    assert len(mail.outbox) == 1
    assert invitation.partner.name in mail.outbox[0].subject


def test_it_skips_creators_without_a_login_or_email():
    no_user = factories.InvitationFactory(creator__user=None)
    no_email = factories.InvitationFactory(creator__user__email="")
    sent = services.proposals_notify(kind="invitation", ids=[no_user.pk, no_email.pk])
    assert sent == 0
    assert mail.outbox == []


def test_it_syncs_the_directory_copies_from_tiktok():
    creator = factories.CreatorFactory(
        tiktok_account__handle="New.Handle", tiktok_account__display_name="Nova Star"
    )
    untouched = factories.CreatorFactory()
    Creator.objects.filter(pk=creator.pk).update(followers=0, search_text="")
    assert services.creators_sync_from_tiktok() == 1
    creator.refresh_from_db()
    assert creator.followers == creator.tiktok_account.followers
    assert creator.search_text == "new.handle nova star"
    assert Creator.objects.get(pk=untouched.pk).search_text == untouched.search_text


def test_the_directory_follows_tiktok_accounts_that_changed(staff_client):
    from creators.tasks import refresh_directory_copies

    creator = factories.CreatorFactory(tiktok_account__handle="old.name")
    TikTokAccount.objects.filter(pk=creator.tiktok_account_id).update(
        handle="renamed", followers=123_456
    )
    assert refresh_directory_copies.delay().get() == 1
    assert refresh_directory_copies.delay().get() == 0
    page = staff_client.get(reverse("creators:find"), {"q": "renamed"})
    assert [c.pk for c in page.context["result"].page.items] == [creator.pk]
    assert b"123,456" in page.content


def test_the_periodic_task_expires_and_is_safe_to_run_twice():
    from creators.tasks import expire_invitations_and_requests

    factories.BindingRequestFactory(expires_at=timezone.now() - timedelta(seconds=1))
    assert expire_invitations_and_requests.delay().get() == 1
    assert expire_invitations_and_requests.delay().get() == 0

"""Resend: the rule (invitation_rules.resend_from) at both sides of the 7-day window and with
an open invitation, and the service, which sends through invitations_send."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.permissions import PermissionDenied
from creators import invitation_rules, services
from creators.models import Invitation
from tests import factories

T = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
WEEK = timedelta(days=7)
SECOND = timedelta(seconds=1)


# --- The rule ---------------------------------------------------------------------------


def test_resend_opens_seven_days_after_the_last_invitation():
    assert invitation_rules.resend_from(last_sent_at=T, open_until=None) == T + WEEK


def test_an_open_invitation_keeps_resend_closed_until_it_expires():
    later = T + WEEK + timedelta(days=3)  # sent with a longer validity (an old bulk job)
    assert invitation_rules.resend_from(last_sent_at=T, open_until=later) == later
    assert invitation_rules.resend_from(last_sent_at=T, open_until=T + WEEK) == T + WEEK


@pytest.mark.parametrize(
    "offset, allowed", [(-SECOND, False), (timedelta(0), True), (SECOND, True)]
)
def test_the_rule_agrees_with_the_send_paths_window(offset, allowed):
    """Resend is offered exactly when invitations_send stops skipping the creator as recent."""
    now = T + WEEK + offset
    assert (now >= invitation_rules.resend_from(last_sent_at=T, open_until=None)) is allowed
    assert (invitation_rules.reinvite_window_start(now) < T) is not allowed


# --- The service --------------------------------------------------------------------------


def _sent(partner, staff, *, days_ago: float, **kwargs) -> Invitation:
    at = timezone.now() - timedelta(days=days_ago)
    defaults = {
        "purpose": "partnership",
        "message": "Grow with us",
        "contact_whatsapp": "+1 415 555 0100",
        "contact_email": "",
        "attach_profile": True,
        "status": "declined",
        "answered_at": at + timedelta(hours=1),
    }
    return factories.InvitationFactory(
        partner=partner,
        sent_by=staff,
        created_at=at,
        expires_at=at + WEEK,
        **(defaults | kwargs),
    )


@pytest.mark.django_db
def test_it_sends_the_same_terms_again_after_the_window(
    partner, staff, link, creator, smtp_server, django_capture_on_commit_callbacks
):
    old = _sent(partner, staff, days_ago=8, creator=creator)
    colleague = factories.MembershipFactory(partner=partner).user
    with django_capture_on_commit_callbacks(execute=True):
        new = services.invitation_resend(invitation=old, user=colleague, partner=partner)
    assert new.pk != old.pk and new.creator == creator
    assert new.status == "pending" and new.sent_by == colleague
    terms = ("purpose", "message", "contact_whatsapp", "contact_email", "contact_phone")
    assert [getattr(new, f) for f in terms] == [getattr(old, f) for f in terms]
    assert new.attach_profile is True
    assert new.expires_at - new.created_at == WEEK
    # The creator is told, as for any invitation.
    assert smtp_server.recipients() == {creator.user.email: 1}


@pytest.mark.django_db
def test_it_attaches_no_profile_once_the_agency_is_unlinked(partner, staff, creator):
    old = _sent(partner, staff, days_ago=8, creator=creator)
    new = services.invitation_resend(invitation=old, user=staff, partner=partner)
    assert new.attach_profile is False


@pytest.mark.django_db
@pytest.mark.parametrize("days_ago", [6.99, 1])
def test_it_refuses_inside_the_window(partner, staff, creator, days_ago):
    old = _sent(partner, staff, days_ago=days_ago, creator=creator)
    with pytest.raises(services.ProposalError, match="you can resend from"):
        services.invitation_resend(invitation=old, user=staff, partner=partner)
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_it_counts_the_window_from_the_last_invitation_not_this_one(partner, staff, creator):
    old = _sent(partner, staff, days_ago=20, creator=creator)
    _sent(partner, staff, days_ago=3, creator=creator)
    with pytest.raises(services.ProposalError, match="less than 7 days ago"):
        services.invitation_resend(invitation=old, user=staff, partner=partner)


@pytest.mark.django_db
def test_it_refuses_while_another_invitation_is_open(partner, staff, creator):
    old = _sent(partner, staff, days_ago=20, creator=creator)
    # Sent 8 days ago by a bulk job with a 14-day validity: still open.
    at = timezone.now() - timedelta(days=8)
    factories.InvitationFactory(
        partner=partner, creator=creator, created_at=at, expires_at=at + timedelta(days=14)
    )
    with pytest.raises(services.ProposalError, match="has not answered yet"):
        services.invitation_resend(invitation=old, user=staff, partner=partner)
    assert Invitation.objects.filter(status="pending").count() == 1


@pytest.mark.django_db
def test_it_refuses_terms_the_agency_can_no_longer_send(partner, staff, creator):
    partner.is_cap = False
    partner.save()
    old = _sent(partner, staff, days_ago=8, creator=creator)
    with pytest.raises(services.ProposalError, match="Choose a purpose"):
        services.invitation_resend(invitation=old, user=staff, partner=partner)
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_a_member_without_find_creators_and_another_agency(partner, staff, creator):
    old = _sent(partner, staff, days_ago=8, creator=creator)
    role = factories.TeamRoleFactory(partner=partner, find_creators=False)
    member = factories.MembershipFactory(partner=partner, team_role=role).user
    with pytest.raises(PermissionDenied):
        services.invitation_resend(invitation=old, user=member, partner=partner)
    rival = factories.MembershipFactory().partner
    rival_staff = rival.memberships.get().user
    with pytest.raises(services.ProposalError, match="not your agency's"):
        services.invitation_resend(invitation=old, user=rival_staff, partner=rival)
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_it_explains_why_an_older_invitation_cannot_be_sent_as_it_was(partner, staff, creator):
    """Invitations from before the agency invitation had a commission and no contact."""
    old = _sent(
        partner, staff, days_ago=30, creator=creator, contact_whatsapp="", commission_rate=12
    )
    with pytest.raises(services.ProposalError, match="cannot be sent again as it was: Give at"):
        services.invitation_resend(invitation=old, user=staff, partner=partner)
    assert Invitation.objects.count() == 1

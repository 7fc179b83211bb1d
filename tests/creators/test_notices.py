"""The agency is told of every answer to its invitations and binding requests, and when a bulk
invitation is done: a notice to each staff member, by e-mail to those who asked for it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.notifications import notification_preferences_set
from creators import services
from tests import factories

from .conftest import make_creators

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


@pytest.fixture
def creator(db):
    return factories.CreatorFactory(
        user__username="mia",
        tiktok_account__handle="mia.makes",
        tiktok_account__display_name="Mia Makes",
    )


def _answer(creator_client, proposal, url_name):
    response = creator_client.post(reverse(url_name, args=[proposal.code]))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ("accept", "is interested in your invitation: contact them at {email}."),
        ("decline", "is not interested in your invitation."),
    ],
)
def test_an_answered_invitation_tells_the_agency_and_an_interested_creator_gives_a_contact(
    creator_client, creator, partner, staff, answer, said
):
    invitation = factories.InvitationFactory(partner=partner, creator=creator, sent_by=staff)
    _answer(creator_client, invitation, f"creator:invitation_{answer}")
    notice = Notification.objects.get(recipient=staff)
    assert notice.kind == Kind.INVITATION_ANSWERED
    said = said.format(email=creator.user.email)
    assert notice.text == f"@mia.makes (Mia Makes) {said} Sent by {staff}."
    assert notice.url == f"{reverse('creators:find')}?q=mia.makes"


@pytest.mark.parametrize(
    ("answer", "said", "tab"),
    [
        ("accept", "approved your link request: linked until", "linked"),
        ("decline", "declined your link request", "not_linked"),
    ],
)
def test_an_answered_link_request_tells_the_agency(
    creator_client, creator, partner, staff, answer, said, tab
):
    request = factories.BindingRequestFactory(partner=partner, creator=creator, sent_by=staff)
    _answer(creator_client, request, f"creator:request_{answer}")
    notice = Notification.objects.get(recipient=staff)
    assert notice.kind == Kind.BINDING_REQUEST_ANSWERED
    assert f"@mia.makes (Mia Makes) {said}" in notice.text
    assert notice.url == f"{reverse('creators:partnerships')}?tab={tab}"


def test_an_answer_shows_up_in_the_staff_members_bell_and_list(
    creator_client, creator, partner, staff, staff_client
):
    invitation = factories.InvitationFactory(partner=partner, creator=creator)
    _answer(creator_client, invitation, "creator:invitation_accept")
    page = staff_client.get(reverse("accounts:notifications")).text
    assert "@mia.makes (Mia Makes) is interested in your invitation" in page
    assert "1 unread" in page


def test_an_answer_that_is_refused_tells_no_one(creator_client, creator, partner, staff):
    invitation = factories.InvitationFactory(partner=partner, creator=creator, status="declined")
    _answer(creator_client, invitation, "creator:invitation_accept")
    assert not Notification.objects.exists()


def test_a_creator_cannot_answer_for_another_and_no_one_is_told(creator_client, partner, staff):
    someone_elses = factories.InvitationFactory(partner=partner)
    url = reverse("creator:invitation_accept", args=[someone_elses.code])
    assert creator_client.post(url).status_code == 404
    assert not Notification.objects.exists()


def test_an_answer_is_emailed_to_staff_who_asked(
    creator, partner, staff, django_capture_on_commit_callbacks
):
    colleague = factories.MembershipFactory(partner=partner).user
    notification_preferences_set(user=staff, email_kinds=[Kind.BINDING_REQUEST_ANSWERED])
    request = factories.BindingRequestFactory(partner=partner, creator=creator)
    with django_capture_on_commit_callbacks(execute=True):
        services.binding_request_accept(binding_request=request, creator=creator)
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "@mia.makes (Mia Makes) approved your link request" in mail.outbox[0].body
    assert Notification.objects.filter(recipient=colleague).count() == 1  # in the list only


def test_a_finished_outreach_tells_the_agency_its_counts(partner, staff):
    creators = make_creators(5)
    factories.InvitationFactory(partner=partner, creator=creators[0])  # already invited
    factories.InvitationFactory.create_batch(97, partner=partner)  # 2 left today
    outreach = services.invitations_send(
        partner=partner,
        sent_by=staff,
        creator_ids=[c.pk for c in creators],
        terms=services.InviteTerms(
            purpose="distribution", message="Hi", attach_profile=False, contact_email="a@b.example"
        ),
    )
    assert not Notification.objects.filter(kind=Kind.OUTREACH_FINISHED).exists()
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        services.outreaches_send(partner_id=partner.pk)
        services.outreaches_send(partner_id=partner.pk)  # a second run tells nobody again
    notice = Notification.objects.get(recipient=staff, kind=Kind.OUTREACH_FINISHED)
    assert "outreach of 5 creators has finished: 4 invited, 1 skipped" in notice.text
    assert notice.url == reverse("creators:outreach", args=[outreach.code])

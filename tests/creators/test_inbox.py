from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from creators.models import BindingRequest, Invitation
from tests import factories

pytestmark = pytest.mark.django_db
INBOX = reverse("creator:inbox")


def test_it_lists_the_creators_items_newest_first(creator_client, creator, partner):
    now = timezone.now()
    old = factories.InvitationFactory(
        creator=creator, partner=partner, created_at=now - timedelta(days=2)
    )
    new = factories.BindingRequestFactory(creator=creator, created_at=now - timedelta(days=1))
    expired = factories.InvitationFactory(
        creator=creator, created_at=now, expires_at=now - timedelta(seconds=1)
    )
    factories.InvitationFactory()  # someone else's
    response = creator_client.get(INBOX)
    items = response.context["page"].items
    assert [i.proposal.pk for i in items] == [expired.pk, new.pk, old.pk]
    assert [i.kind for i in items] == ["Invitation", "Account linking request", "Invitation"]
    html = response.content.decode()
    assert "status-expired" in html  # reads as expired at once, no task needed
    assert "Northstar Creators" in html


@pytest.mark.parametrize("rows", [10, 200])
def test_it_costs_the_same_queries_at_any_page_size(
    creator_client, creator, rows, django_assert_num_queries, link, partner
):
    factories.InvitationFactory.create_batch(
        rows // 2, creator=creator, partner=partner, attach_profile=True, status="accepted"
    )
    factories.BindingRequestFactory.create_batch(rows // 2, creator=creator)
    # session, user, creator, invitations, link requests, extension requests, linked profiles
    with django_assert_num_queries(7):
        response = creator_client.get(INBOX, {"per_page": 200})
    assert len(response.context["page"].items) == rows


def test_it_pages_through_both_kinds(creator_client, creator):
    factories.InvitationFactory.create_batch(15, creator=creator)
    factories.BindingRequestFactory.create_batch(10, creator=creator)
    first = creator_client.get(INBOX).context["page"]
    second = creator_client.get(INBOX, {"page": 2}).context["page"]
    assert (len(first.items), first.has_next) == (20, True)
    assert (len(second.items), second.has_next) == (5, False)
    seen = {i.proposal.code for i in first.items} | {i.proposal.code for i in second.items}
    assert len(seen) == 25


def test_it_is_for_creators_only(client, staff_client, seller_client):
    assert client.get(INBOX).status_code == 302
    assert staff_client.get(INBOX).status_code == 403
    assert seller_client.get(INBOX).status_code == 403


def test_it_refuses_post(creator_client):
    assert creator_client.post(INBOX).status_code == 405


# --- Opening one --------------------------------------------------------------------------


def _url(proposal):
    name = "creator:invitation" if isinstance(proposal, Invitation) else "creator:request"
    return reverse(name, args=[proposal.code])


@pytest.mark.parametrize("factory", [factories.InvitationFactory, factories.BindingRequestFactory])
def test_it_shows_the_agency_profile_card_when_attached_and_linked(
    creator_client, creator, partner, link, factory
):
    proposal = factory(creator=creator, partner=partner, attach_profile=True)
    html = creator_client.get(_url(proposal)).content.decode()
    assert 'aria-label="Agency TikTok profile"' in html
    assert 'href="/tiktok/@northstar.official/"' in html
    assert "Northstar HQ" in html
    assert "Creator Agency Partner" in html
    assert "48,200 followers" in html


def test_the_card_says_one_follower_in_the_singular(creator_client, creator, partner):
    factories.TikTokLinkFactory(
        partner=partner, tiktok_account=factories.TikTokAccountFactory(followers=1)
    )
    invitation = factories.InvitationFactory(creator=creator, partner=partner, attach_profile=True)
    assert ">1 follower</p>" in creator_client.get(_url(invitation)).content.decode()


def test_the_card_disappears_once_the_partner_is_unlinked(creator_client, creator, partner, link):
    invitation = factories.InvitationFactory(creator=creator, partner=partner, attach_profile=True)
    link.delete()
    html = creator_client.get(_url(invitation)).content.decode()
    assert "Agency TikTok profile" not in html
    assert "northstar.official" not in html
    assert "Northstar Creators" in html


def test_it_shows_no_card_when_not_attached(creator_client, creator, partner, link):
    invitation = factories.InvitationFactory(creator=creator, partner=partner)
    assert b"Agency TikTok profile" not in creator_client.get(_url(invitation)).content


def test_it_shows_the_terms(creator_client, creator):
    invitation = factories.InvitationFactory(
        creator=creator, commission_rate="17.5", products="Serum\nCream"
    )
    html = creator_client.get(_url(invitation)).content.decode()
    assert "17.5 %" in html
    assert "<li>Serum</li>" in html and "<li>Cream</li>" in html


@pytest.mark.parametrize("factory", [factories.InvitationFactory, factories.BindingRequestFactory])
def test_another_creators_item_is_not_found(creator_client, factory):
    proposal = factory()
    assert creator_client.get(_url(proposal)).status_code == 404
    assert creator_client.post(_url(proposal) + "accept/").status_code == 404
    assert type(proposal).objects.get(pk=proposal.pk).status == "pending"


def test_staff_cannot_open_a_creators_item(staff_client, partner):
    invitation = factories.InvitationFactory(partner=partner)
    assert staff_client.get(_url(invitation)).status_code == 403


# --- Answering ----------------------------------------------------------------------------


@pytest.mark.parametrize(("answer", "status"), [("accept", "accepted"), ("decline", "declined")])
@pytest.mark.parametrize("factory", [factories.InvitationFactory, factories.BindingRequestFactory])
def test_it_answers(creator_client, creator, factory, answer, status):
    proposal = factory(creator=creator)
    response = creator_client.post(_url(proposal) + f"{answer}/", follow=True)
    assert f": {status}.".encode() in response.content
    proposal.refresh_from_db()
    assert proposal.status == status
    assert b">Accept</button>" not in response.content


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "accepted"}, "already been accepted"),
        ({"status": "cancelled"}, "The agency cancelled this."),
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "expired"),
    ],
)
def test_it_refuses_to_answer_what_is_closed(creator_client, creator, fields, message):
    request = factories.BindingRequestFactory(creator=creator, **fields)
    response = creator_client.post(_url(request) + "accept/", follow=True)
    assert message in response.content.decode()
    fresh = BindingRequest.objects.get(pk=request.pk)
    assert (fresh.status, fresh.answered_at) == (request.status, None)


def test_answering_refuses_get(creator_client, creator):
    invitation = factories.InvitationFactory(creator=creator)
    assert creator_client.get(_url(invitation) + "accept/").status_code == 405

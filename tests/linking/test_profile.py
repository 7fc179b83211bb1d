from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from linking.models import UnlinkRequest
from linking.notices import day
from tests.factories import AccountManagerFactory, TikTokLinkFactory, UnlinkRequestFactory

pytestmark = pytest.mark.django_db
URL = reverse("linking:profile")


def test_it_shows_the_partner_and_a_link_button_when_unlinked(staff_client, partner):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert "Northstar Creators" in response.text
    assert partner.get_market_display() in response.text
    assert "CAP + TAP" in response.text
    assert partner.account_manager.email in response.text
    assert "Link TikTok Account" in response.text
    assert f"{reverse('linking:start')}?next=/account/profile/" in response.text


def test_it_shows_the_linked_account_and_who_to_contact(staff_client, partner):
    link = TikTokLinkFactory(partner=partner, tiktok_account__handle="north.hq")
    response = staff_client.get(URL)
    assert "@north.hq" in response.text
    assert link.tiktok_account.display_name in response.text
    assert "Creator Agency Partner" in response.text
    assert "Linked since" in response.text
    assert "To unlink or change it, contact your account manager" in response.text
    assert f'href="mailto:{partner.account_manager.email}"' in response.text
    assert "Link TikTok Account</a>" not in response.text
    # Partners cannot unlink: they can only ask.
    assert "Request unlink or change" in response.text
    assert "/admin/" not in response.text and ">Unlink<" not in response.text


def test_it_does_not_show_another_partners_link(other_staff_client, partner):
    TikTokLinkFactory(partner=partner, tiktok_account__handle="north.hq")
    response = other_staff_client.get(URL)
    assert "@north.hq" not in response.text


def test_it_refuses_other_roles(client, creator_client, seller_client):
    assert client.get(URL).status_code == 302
    assert creator_client.get(URL).status_code == 403
    assert seller_client.get(URL).status_code == 403


def test_it_refuses_post(staff_client):
    assert staff_client.post(URL).status_code == 405


# --- the last unlink or change request ----------------------------------------------------


def test_it_shows_a_request_past_its_expiry_as_expired_at_once(staff_client, partner):
    TikTokLinkFactory(partner=partner, tiktok_account__handle="north.hq")
    made = timezone.now() - timedelta(days=7, seconds=1)
    unlink_request = UnlinkRequestFactory(partner=partner, created_at=made)
    page = staff_client.get(URL).text
    assert f"Your request of {day(made)} expired</strong> unanswered on" in page
    assert day(unlink_request.expires_at) in page
    assert "waiting for your account manager" not in page
    assert "Request unlink or change</summary>" in page  # they may ask again


def test_it_shows_a_declined_request_with_the_note(staff_client, partner):
    TikTokLinkFactory(partner=partner, tiktok_account__handle="north.hq")
    manager = AccountManagerFactory(first_name="Morgan", last_name="Lee")
    UnlinkRequestFactory(
        partner=partner,
        status=UnlinkRequest.Status.DECLINED,
        decided_by=manager,
        decided_at=timezone.now(),
        decision_note="Call me first.",
    )
    page = staff_client.get(URL).text
    assert "was declined</strong> by Morgan Lee on" in page
    assert "Note from Morgan Lee" in page and "Call me first." in page
    assert "@north.hq" in page  # still linked


def test_it_shows_an_approved_change_and_what_to_do_next(staff_client, partner):
    account = TikTokLinkFactory(partner=partner, tiktok_account__handle="north.hq").tiktok_account
    UnlinkRequestFactory(
        partner=partner,
        kind=UnlinkRequest.Kind.CHANGE,
        wanted_handle="north.new",
        status=UnlinkRequest.Status.APPROVED,
        decided_by=partner.account_manager,
        decided_at=timezone.now(),
    )
    partner.tiktok_link.delete()
    page = staff_client.get(URL).text
    assert "was approved</strong> by" in page
    assert f"Change {account} to @north.new" in page
    assert "Now link @north.new with Link TikTok Account" in page
    assert f"{reverse('linking:start')}?next=/account/profile/" in page
    assert "Request unlink or change</summary>" not in page  # nothing linked to ask about


def test_it_shows_only_its_own_agencys_request(other_staff_client, partner):
    TikTokLinkFactory(partner=partner)
    UnlinkRequestFactory(partner=partner, reason="Zqprivatereason")
    page = other_staff_client.get(URL).text
    assert "Zqprivatereason" not in page and "Requested on" not in page

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import TikTokLinkFactory

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
    assert "unlink" not in response.text.replace("To unlink", "")


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

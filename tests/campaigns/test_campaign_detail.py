"""The partner's campaign detail: terms and the registered sellers."""

from __future__ import annotations

import pytest

from tests.campaigns import bulk
from tests.factories import CampaignFactory, CampaignRegistrationFactory, TikTokLinkFactory

pytestmark = pytest.mark.django_db


def _url(campaign) -> str:
    return f"/campaigns/{campaign.code}/"


def test_it_lists_the_registered_sellers(staff_client, partner):
    campaign = CampaignFactory(partner=partner, name="Spring Glow Week")
    CampaignRegistrationFactory(campaign=campaign, seller__shop_name="Glow Goods")
    CampaignRegistrationFactory(seller__shop_name="Elsewhere Shop")
    response = staff_client.get(_url(campaign))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Spring Glow Week" in html
    assert "Glow Goods" in html
    assert "Elsewhere Shop" not in html


def test_it_says_when_nobody_registered(staff_client, partner):
    html = staff_client.get(_url(CampaignFactory(partner=partner))).content.decode()
    assert "No sellers have registered yet." in html


def test_it_shows_the_handle_sellers_see(staff_client, partner):
    TikTokLinkFactory(partner=partner, tiktok_account__handle="northstar.official")
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    html = staff_client.get(_url(campaign)).content.decode()
    assert "@northstar.official" in html


@pytest.mark.parametrize("rows", [10, 200])
def test_it_keeps_to_a_query_budget(staff_client, partner, django_assert_num_queries, rows):
    TikTokLinkFactory(partner=partner)
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    bulk.registrations(campaign, rows)
    # session, user, membership, campaign, linked profile, page count, page rows
    with django_assert_num_queries(7):
        response = staff_client.get(_url(campaign))
    assert response.status_code == 200


def test_it_pages_the_registrations_for_htmx(staff_client, partner):
    campaign = CampaignFactory(partner=partner)
    bulk.registrations(campaign, 51)
    response = staff_client.get(_url(campaign), {"page": "2"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="panel" id="registrations"')
    assert "Page 2 of 2" in html
    assert "HX-Request" in response["Vary"]


def test_it_renders_the_whole_page_to_restore_history(staff_client, partner):
    campaign = CampaignFactory(partner=partner, name="Spring Glow Week")
    bulk.registrations(campaign, 51)
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = staff_client.get(_url(campaign), {"page": "2"}, headers=headers)
    html = response.content.decode()
    assert '<nav class="sidenav"' in html and "Spring Glow Week" in html
    assert "Page 2 of 2" in html
    assert "HX-Request" in response["Vary"]
    assert "HX-Request" in staff_client.get(_url(campaign))["Vary"]


def test_another_partners_staff_get_404(other_staff_client, partner):
    campaign = CampaignFactory(partner=partner)
    assert other_staff_client.get(_url(campaign)).status_code == 404


def test_an_unknown_code_is_404(staff_client):
    assert staff_client.get("/campaigns/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert staff_client.get("/campaigns/not-a-uuid/").status_code == 404


def test_it_refuses_other_roles(client, creator_client, seller_client, partner):
    url = _url(CampaignFactory(partner=partner))
    assert client.get(url)["Location"].startswith("/login/")
    assert creator_client.get(url).status_code == 403
    assert seller_client.get(url).status_code == 403


def test_it_refuses_post(staff_client, partner):
    assert staff_client.post(_url(CampaignFactory(partner=partner))).status_code == 405


def test_it_says_when_the_attached_profile_is_gone(staff_client, partner):
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    html = staff_client.get(_url(campaign)).content.decode()
    assert "your agency has no linked TikTok account now, so sellers see none" in html

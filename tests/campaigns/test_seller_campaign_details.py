"""Campaign Details for a seller: the agency, the terms, its TikTok handle while linked, and
Register."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from campaigns.models import CampaignRegistration
from linking.services import tiktok_link_unlink
from tests.campaigns import bulk
from tests.factories import (
    CampaignFactory,
    CampaignRegistrationFactory,
    PartnerFactory,
    SellerFactory,
    TikTokLinkFactory,
)

pytestmark = pytest.mark.django_db


def _url(campaign) -> str:
    return f"/seller/campaigns/{campaign.code}/"


def _register_url(campaign) -> str:
    return f"/seller/campaigns/{campaign.code}/register/"


def _ended(partner):
    now = timezone.now()
    return CampaignFactory(
        partner=partner,
        registration_starts_at=now - timedelta(days=30),
        registration_ends_at=now - timedelta(days=20),
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=1),
    )


@pytest.fixture
def linked(partner):
    return TikTokLinkFactory(partner=partner, tiktok_account__handle="northstar.official")


def test_it_shows_the_agency_the_terms_and_the_handle(seller_client, partner, linked):
    campaign = CampaignFactory(
        partner=partner,
        name="Spring Glow Week",
        attach_profile=True,
        commission_rate=Decimal("18.5"),
        contact_email="hello@northstar.example",
    )
    html = seller_client.get(_url(campaign)).content.decode()
    assert "Spring Glow Week" in html
    assert "Northstar Creators" in html
    assert "18.5 %" in html
    assert "Beauty &amp; Personal Care" in html
    assert "hello@northstar.example" in html
    assert '<a href="/tiktok/@northstar.official/">@northstar.official</a>' in html
    assert "Creator Agency Partner" in html
    assert '<button class="button primary" type="submit">Register</button>' in html


def test_it_shows_no_handle_when_not_attached(seller_client, partner, linked):
    campaign = CampaignFactory(partner=partner, attach_profile=False)
    assert "@northstar.official" not in seller_client.get(_url(campaign)).content.decode()


def test_unlinking_the_partner_removes_the_handle(seller_client, partner, linked):
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    assert "@northstar.official" in seller_client.get(_url(campaign)).content.decode()
    tiktok_link_unlink(partner=partner, actor=partner.account_manager, reason="Asked to")
    html = seller_client.get(_url(campaign)).content.decode()
    assert "@northstar.official" not in html
    assert "Northstar Creators" in html


def test_a_relinked_partner_shows_its_new_handle(seller_client, partner, linked):
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    linked.delete()
    TikTokLinkFactory(partner=partner, tiktok_account__handle="northstar.new")
    html = seller_client.get(_url(campaign)).content.decode()
    assert "@northstar.new" in html
    assert "@northstar.official" not in html


def test_it_registers_the_seller(seller_client, seller, partner):
    campaign = CampaignFactory(partner=partner, name="Spring Glow Week")
    response = seller_client.post(_register_url(campaign), follow=True)
    assert response.redirect_chain == [(_url(campaign), 302)]
    html = response.content.decode()
    assert "You are registered for “Spring Glow Week”." in html
    assert "You registered on" in html
    assert "Register</button>" not in html
    assert CampaignRegistration.objects.filter(campaign=campaign, seller=seller).count() == 1


def test_it_refuses_a_double_registration_with_a_reason(seller_client, seller, partner):
    campaign = CampaignFactory(partner=partner)
    CampaignRegistrationFactory(campaign=campaign, seller=seller)
    response = seller_client.post(_register_url(campaign))
    assert response.status_code == 409
    assert "You are already registered for this campaign." in response.content.decode()
    assert CampaignRegistration.objects.count() == 1


def test_it_gives_the_reason_a_seller_cannot_register(client, partner):
    seller = SellerFactory(shop_rating=Decimal("3.0"))
    client.force_login(seller.user)
    campaign = CampaignFactory(partner=partner, min_shop_rating=Decimal("4.0"))
    reason = "This campaign needs a shop rating of at least 4.0; your shop&#x27;s rating is 3.0."
    html = client.get(_url(campaign)).content.decode()
    assert reason in html
    assert "Register</button>" not in html
    response = client.post(_register_url(campaign))
    assert response.status_code == 409
    assert reason in response.content.decode()
    assert not CampaignRegistration.objects.exists()


def test_it_shows_an_ongoing_campaign_as_closed(seller_client, partner):
    now = timezone.now()
    campaign = CampaignFactory(
        partner=partner,
        registration_starts_at=now - timedelta(days=3),
        registration_ends_at=now - timedelta(days=1),
        starts_at=now - timedelta(days=1),
    )
    html = seller_client.get(_url(campaign)).content.decode()
    assert "Registration for this campaign has closed." in html
    assert seller_client.post(_register_url(campaign)).status_code == 409


def test_a_registered_seller_still_sees_an_ended_campaign(seller_client, seller, partner):
    campaign = _ended(partner)
    CampaignRegistrationFactory(campaign=campaign, seller=seller)
    html = seller_client.get(_url(campaign)).content.decode()
    assert "Ended" in html
    assert "You registered on" in html


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: CampaignFactory(partner=PartnerFactory(market="GB")), id="market"),
        pytest.param(
            lambda p: CampaignFactory(
                partner=p,
                registration_starts_at=timezone.now() + timedelta(hours=1),
                registration_ends_at=timezone.now() + timedelta(days=1),
            ),
            id="upcoming",
        ),
        pytest.param(_ended, id="ended-not-registered"),
    ],
)
def test_it_hides_campaigns_not_published_to_the_seller(seller_client, partner, make):
    campaign = make(partner)
    assert seller_client.get(_url(campaign)).status_code == 404
    assert seller_client.post(_register_url(campaign)).status_code == 404
    assert not CampaignRegistration.objects.exists()


def test_an_unknown_code_is_404(seller_client):
    url = "/seller/campaigns/00000000-0000-0000-0000-000000000000/"
    assert seller_client.get(url).status_code == 404


@pytest.mark.parametrize("rows", [10, 200])
def test_it_keeps_to_a_query_budget(
    seller_client, seller, partner, linked, django_assert_num_queries, rows
):
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    bulk.registrations(campaign, rows)
    # session, user, seller, campaign with partner and registration, linked profile
    with django_assert_num_queries(5):
        response = seller_client.get(_url(campaign))
    assert response.status_code == 200


def test_it_refuses_other_roles(client, staff_client, creator_client, partner):
    campaign = CampaignFactory(partner=partner)
    for method, url in (("get", _url(campaign)), ("post", _register_url(campaign))):
        assert getattr(client, method)(url)["Location"].startswith("/login/")
        assert getattr(staff_client, method)(url).status_code == 403
        assert getattr(creator_client, method)(url).status_code == 403
    assert not CampaignRegistration.objects.exists()


def test_it_refuses_wrong_methods(seller_client, partner):
    campaign = CampaignFactory(partner=partner)
    assert seller_client.post(_url(campaign)).status_code == 405
    assert seller_client.get(_register_url(campaign)).status_code == 405

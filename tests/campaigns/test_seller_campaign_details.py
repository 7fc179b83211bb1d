"""Campaign Details for a seller: the agency, the terms in the market's time, its TikTok handle
while linked, registering products, and each product's review."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from campaigns.models import Campaign, RegisteredProduct
from linking.services import tiktok_link_unlink
from tests.campaigns import bulk
from tests.factories import (
    CampaignFactory,
    PartnerFactory,
    RegisteredProductFactory,
    SellerFactory,
    TikTokLinkFactory,
)

PRODUCT = {
    "product_name": "Glow Serum",
    "price": "24.90",
    "commission_rate": "15",
    "free_samples": "3",
}

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
        contact_phone="+1 415 555 0100",
    )
    html = seller_client.get(_url(campaign)).content.decode()
    assert "Spring Glow Week" in html
    assert "Northstar Creators" in html
    assert "18.5 %" in html
    assert "Beauty &amp; Personal Care" in html
    assert "hello@northstar.example" in html
    assert "WhatsApp or phone: +1 415 555 0100" in html
    assert '<a href="/tiktok/@northstar.official/">@northstar.official</a>' in html
    assert "Creator Agency Partner" in html
    assert '<button class="button primary" type="submit">Register product</button>' in html


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


def test_it_registers_a_product(seller_client, seller, partner):
    campaign = CampaignFactory(partner=partner, name="Spring Glow Week", commission_rate=15)
    response = seller_client.post(_register_url(campaign), PRODUCT, follow=True)
    assert response.redirect_chain == [(_url(campaign), 302)]
    html = response.content.decode()
    assert "“Glow Serum” is registered for “Spring Glow Week”: pending review." in html
    product = RegisteredProduct.objects.get(campaign=campaign, seller=seller)
    assert (product.product_name, product.price, product.commission_rate, product.free_samples) == (
        "Glow Serum",
        Decimal("24.90"),
        Decimal("15"),
        3,
    )
    assert "Register product</button>" in html  # more products may follow


def test_it_shows_each_products_review(seller_client, seller, partner):
    campaign = CampaignFactory(partner=partner)
    RegisteredProductFactory(campaign=campaign, seller=seller, product_name="Waiting Serum")
    RegisteredProductFactory(
        campaign=campaign,
        seller=seller,
        product_name="Pricey Mask",
        status="rejected",
        rejection_reason="too_expensive",
        reviewed_at=timezone.now(),
    )
    RegisteredProductFactory(campaign=campaign, product_name="Another Shop's")
    html = seller_client.get(_url(campaign)).content.decode()
    assert "Waiting Serum" in html and "Pending review" in html
    assert "Pricey Mask" in html and "Product too expensive" in html
    assert "Another Shop" not in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"commission_rate": "14.9"}, "commission_rate", "Offer at least the campaign's"),
        ({"commission_rate": "81"}, "commission_rate", "between 1 and 80 %"),
        ({"price": "0"}, "price", "The price is more than 0."),
        ({"price": "abc"}, "price", "Enter a number."),
        ({"price": "1e12"}, "price", "Enter a price up to"),
        ({"free_samples": "-1"}, "free_samples", "Enter 0 or more samples."),
        ({"product_name": ""}, "product_name", "This field is required."),
        ({"product_name": "Serum\r\nBcc: x"}, "product_name", "Use one line"),
    ],
)
def test_it_explains_bad_input_and_saves_nothing(seller_client, partner, changes, field, message):
    campaign = CampaignFactory(partner=partner, commission_rate=15)
    response = seller_client.post(_register_url(campaign), {**PRODUCT, **changes})
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert not RegisteredProduct.objects.exists()


def test_it_refuses_the_same_product_twice_with_a_reason(seller_client, seller, partner):
    campaign = CampaignFactory(partner=partner)
    RegisteredProductFactory(campaign=campaign, seller=seller, product_name="Glow Serum")
    response = seller_client.post(_register_url(campaign), PRODUCT)
    assert response.status_code == 409
    assert "This product is already registered for the campaign." in response.content.decode()
    assert RegisteredProduct.objects.count() == 1


def test_it_gives_the_reason_a_seller_cannot_register(client, partner):
    seller = SellerFactory(shop_rating=Decimal("3.0"))
    client.force_login(seller.user)
    campaign = CampaignFactory(partner=partner, min_shop_rating=Decimal("4.0"))
    reason = "This campaign needs a shop rating of at least 4.0; your shop&#x27;s rating is 3.0."
    html = client.get(_url(campaign)).content.decode()
    assert reason in html
    assert "Register product</button>" not in html
    response = client.post(_register_url(campaign), PRODUCT)
    assert response.status_code == 409
    assert reason in response.content.decode()
    assert not RegisteredProduct.objects.exists()


def test_registration_closed_while_the_campaign_is_ongoing(seller_client, partner):
    now = timezone.now()
    campaign = CampaignFactory(
        partner=partner,
        registration_starts_at=now - timedelta(days=3),
        registration_ends_at=now - timedelta(days=1),
    )
    html = seller_client.get(_url(campaign)).content.decode()
    assert "Ongoing" in html
    assert "Registration for this campaign has closed." in html
    assert seller_client.post(_register_url(campaign), PRODUCT).status_code == 409


def test_an_upcoming_campaign_is_shown_but_not_open(seller_client, partner):
    now = timezone.now()
    campaign = CampaignFactory(
        partner=partner,
        registration_starts_at=now + timedelta(hours=1),
        registration_ends_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=2),
    )
    html = seller_client.get(_url(campaign)).content.decode()
    assert "Upcoming" in html
    assert "Registration for this campaign has not opened yet." in html
    assert seller_client.post(_register_url(campaign), PRODUCT).status_code == 409
    assert not RegisteredProduct.objects.exists()


def test_it_shows_the_dates_in_the_markets_time(seller_client, partner):
    from datetime import UTC, datetime

    campaign = CampaignFactory(
        partner=partner,
        registration_starts_at=datetime(2026, 11, 30, 17, 0, tzinfo=UTC),
        ends_at=timezone.now() + timedelta(days=30),
    )
    html = seller_client.get(_url(campaign)).content.decode()
    assert "30 Nov 2026 09:00" in html and "America/Los_Angeles" in html


def test_a_seller_with_products_still_sees_a_closed_campaign(seller_client, seller, partner):
    campaign = _ended(partner)
    RegisteredProductFactory(campaign=campaign, seller=seller, product_name="Old Serum")
    html = seller_client.get(_url(campaign)).content.decode()
    assert "Closed" in html
    assert "Old Serum" in html


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: CampaignFactory(partner=PartnerFactory(market="GB")), id="market"),
        pytest.param(lambda p: CampaignFactory(partner=p, published_at=None), id="ready"),
        pytest.param(
            lambda p: CampaignFactory(partner=p, target=Campaign.Target.SELECTED),
            id="not-selected",
        ),
        pytest.param(
            lambda p: CampaignFactory(partner=p, seller_origin=Campaign.SellerOrigin.CROSS_BORDER),
            id="cross-border-only",
        ),
        pytest.param(_ended, id="closed-without-products"),
    ],
)
def test_it_hides_campaigns_not_published_to_the_seller(seller_client, partner, make):
    campaign = make(partner)
    assert seller_client.get(_url(campaign)).status_code == 404
    assert seller_client.post(_register_url(campaign), PRODUCT).status_code == 404
    assert not RegisteredProduct.objects.exists()


def test_an_unknown_code_is_404(seller_client):
    url = "/seller/campaigns/00000000-0000-0000-0000-000000000000/"
    assert seller_client.get(url).status_code == 404


@pytest.mark.parametrize("rows", [10, 200])
def test_it_keeps_to_a_query_budget(
    seller_client, seller, partner, linked, django_assert_num_queries, rows
):
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    bulk.products(campaign, rows, sellers=10)
    RegisteredProductFactory.create_batch(3, campaign=campaign, seller=seller)
    # session, user, seller, campaign with partner and products, linked profile, own products
    with django_assert_num_queries(6):
        response = seller_client.get(_url(campaign))
    assert response.status_code == 200


def test_it_refuses_other_roles(client, staff_client, creator_client, partner):
    campaign = CampaignFactory(partner=partner)
    for method, url in (("get", _url(campaign)), ("post", _register_url(campaign))):
        assert getattr(client, method)(url)["Location"].startswith("/login/")
        assert getattr(staff_client, method)(url).status_code == 403
        assert getattr(creator_client, method)(url).status_code == 403
    assert not RegisteredProduct.objects.exists()


def test_it_refuses_wrong_methods(seller_client, partner):
    campaign = CampaignFactory(partner=partner)
    assert seller_client.post(_url(campaign)).status_code == 405
    assert seller_client.get(_register_url(campaign)).status_code == 405

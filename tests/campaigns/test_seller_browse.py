"""The seller's Browse campaigns: published, open for registration or Upcoming, aimed at them,
filtered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Campaign, RegisteredProduct, Seller, category_bits
from creators.models import Category
from tests.campaigns import bulk
from tests.factories import CampaignFactory, PartnerFactory, RegisteredProductFactory

pytestmark = pytest.mark.django_db

URL = "/seller/"


def _names(response) -> list[str]:
    return [c.name for c in response.context["page"]]


def test_it_lists_campaigns_open_or_upcoming_in_the_sellers_market(seller_client, partner):
    now = timezone.now()
    CampaignFactory(partner=partner, name="Open Here")
    CampaignFactory(partner=PartnerFactory(market="GB"), name="Open In GB")
    CampaignFactory(
        partner=partner,
        name="Not Yet Open",
        registration_starts_at=now + timedelta(days=1),
        registration_ends_at=now + timedelta(days=8),
    )
    CampaignFactory(
        partner=partner,
        name="Registration Closed",
        registration_starts_at=now - timedelta(days=3),
        registration_ends_at=now - timedelta(days=1),
    )
    CampaignFactory(partner=partner, name="Still Ready", published_at=None)
    CampaignFactory(partner=partner, name="Selected Others", target=Campaign.Target.SELECTED)
    CampaignFactory(
        partner=partner, name="Cross-border Only", seller_origin=Campaign.SellerOrigin.CROSS_BORDER
    )
    response = seller_client.get(URL)
    assert response.status_code == 200
    assert _names(response) == ["Open Here", "Not Yet Open"]
    html = response.content.decode()
    assert "Northstar Creators" in html
    assert "Upcoming" in html and "registration opens" in html


def test_it_lists_a_campaign_that_selected_the_seller(seller_client, seller, partner):
    campaign = CampaignFactory(partner=partner, name="Chosen", target=Campaign.Target.SELECTED)
    campaign.target_sellers.add(seller)
    assert _names(seller_client.get(URL)) == ["Chosen"]


def test_a_cross_border_seller_sees_campaigns_for_them(seller_client, seller, partner):
    Seller.objects.filter(pk=seller.pk).update(origin=Seller.Origin.CROSS_BORDER)
    CampaignFactory(partner=partner, name="Local Only", seller_origin=Campaign.SellerOrigin.LOCAL)
    CampaignFactory(
        partner=partner, name="Cross-border", seller_origin=Campaign.SellerOrigin.CROSS_BORDER
    )
    assert _names(seller_client.get(URL)) == ["Cross-border"]


def test_it_searches_by_agency_name(seller_client, partner):
    CampaignFactory(partner=partner, name="Glow Week")
    CampaignFactory(partner=PartnerFactory(name="Other House"), name="Elsewhere")
    assert _names(seller_client.get(URL, {"q": "northstar"})) == ["Glow Week"]


def test_it_filters_by_category_and_searches_by_name(seller_client, partner):
    CampaignFactory(partner=partner, name="Glow Week", category_bits=category_bits(["beauty"]))
    CampaignFactory(
        partner=partner, name="Kitchen Days", category_bits=category_bits(["food", "home"])
    )
    CampaignFactory(partner=partner, name="Glow Kitchen", category_bits=category_bits(["food"]))
    assert set(_names(seller_client.get(URL, {"category": "food"}))) == {
        "Kitchen Days",
        "Glow Kitchen",
    }
    assert set(_names(seller_client.get(URL, {"q": "glow"}))) == {"Glow Week", "Glow Kitchen"}
    response = seller_client.get(URL, {"q": "glow", "category": Category.FOOD})
    assert _names(response) == ["Glow Kitchen"]


def test_it_marks_campaigns_the_seller_registered_for(seller_client, seller, partner):
    RegisteredProductFactory(campaign__partner=partner, seller=seller)
    assert "Products registered" in seller_client.get(URL).content.decode()


def test_it_explains_an_unknown_category(seller_client, partner):
    CampaignFactory(partner=partner, name="Glow Week")
    response = seller_client.get(URL, {"category": "garden", "page": "x"})
    assert response.status_code == 400
    assert "“garden” is not a product category." in response.content.decode()
    assert _names(response) == ["Glow Week"]


def test_it_renders_only_the_results_for_htmx(seller_client, partner):
    CampaignFactory(partner=partner, name="Glow Week")
    response = seller_client.get(URL, {"q": "glow"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="campaign-results">')
    assert "Glow Week" in html
    assert "HX-Request" in response["Vary"]


def test_it_renders_the_whole_page_to_restore_history(seller_client, partner):
    CampaignFactory(partner=partner, name="Glow Week")
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = seller_client.get(URL, {"q": "glow"}, headers=headers)
    html = response.content.decode()
    assert "<html" in html and 'role="search"' in html and "Glow Week" in html
    assert "HX-Request" in response["Vary"]
    assert "HX-Request" in seller_client.get(URL)["Vary"]


def test_it_pages_and_keeps_the_filters(seller_client, partner):
    bulk.campaigns(21, partner=partner, category_bits=category_bits(["beauty"]))
    response = seller_client.get(URL, {"category": "beauty"})
    assert len(response.context["page"]) == 20
    assert "?category=beauty&amp;page=2" in response.content.decode()
    assert len(seller_client.get(URL, {"category": "beauty", "page": "2"}).context["page"]) == 1


@pytest.mark.parametrize("rows", [10, 200])
def test_it_keeps_to_a_query_budget(seller_client, seller, django_assert_num_queries, rows):
    for partner in PartnerFactory.create_batch(2):
        registered = bulk.campaigns(rows // 2, partner=partner)[::2]
        RegisteredProduct.objects.bulk_create(
            RegisteredProduct(
                campaign=c, seller=seller, product_name="Serum", price=1, commission_rate=12
            )
            for c in registered
        )
        selected = bulk.campaigns(rows // 2, partner=partner, target=Campaign.Target.SELECTED)
        for campaign in selected[::2]:
            campaign.target_sellers.add(seller)
    # session, user, seller, page count, page rows
    with django_assert_num_queries(5):
        response = seller_client.get(URL, {"category": "beauty"})
    assert response.status_code == 200


def test_it_refuses_other_roles(client, staff_client, creator_client):
    assert client.get(URL)["Location"].startswith("/login/")
    assert staff_client.get(URL).status_code == 403
    assert creator_client.get(URL).status_code == 403


def test_it_refuses_post(seller_client):
    assert seller_client.post(URL).status_code == 405

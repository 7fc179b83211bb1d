"""My products: every product the seller registered, with its review, whatever the campaign's
status now."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import RegisteredProduct
from tests.campaigns import bulk
from tests.factories import CampaignFactory, RegisteredProductFactory

pytestmark = pytest.mark.django_db

URL = "/seller/registrations/"


def test_it_lists_the_sellers_registrations_with_their_status(seller_client, seller, partner):
    now = timezone.now()
    ended = CampaignFactory(
        partner=partner,
        name="Winter Warmers",
        registration_starts_at=now - timedelta(days=30),
        registration_ends_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=1),
    )
    RegisteredProductFactory(campaign=ended, seller=seller, product_name="Wool Scarf")
    RegisteredProductFactory(
        seller=seller,
        campaign__partner=partner,
        status="rejected",
        rejection_reason="commission_too_low",
        reregistration_allowed=False,
        reviewed_at=now,
    )
    RegisteredProductFactory(campaign__name="Someone Else's", campaign__partner=partner)
    html = seller_client.get(URL).content.decode()
    assert "Winter Warmers" in html and "Wool Scarf" in html
    assert "Pending review" in html
    assert "Commission too low · cannot be registered again" in html
    assert "Northstar Creators" in html
    assert "Someone Else" not in html


def test_it_says_when_there_are_none(seller_client):
    assert "You have not registered any product yet." in seller_client.get(URL).content.decode()


def test_it_renders_only_the_results_for_htmx(seller_client, seller, partner):
    RegisteredProductFactory(campaign__partner=partner, campaign__name="Glow Week", seller=seller)
    response = seller_client.get(URL, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Glow Week" in html and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_it_renders_the_whole_page_to_restore_history(seller_client, seller, partner):
    RegisteredProductFactory(campaign__partner=partner, campaign__name="Glow Week", seller=seller)
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = seller_client.get(URL, headers=headers)
    html = response.content.decode()
    assert "<html" in html and "Glow Week" in html
    assert "HX-Request" in response["Vary"]
    assert "HX-Request" in seller_client.get(URL)["Vary"]


@pytest.mark.parametrize("rows", [10, 200])
def test_it_keeps_to_a_query_budget(
    seller_client, seller, partner, django_assert_num_queries, rows
):
    RegisteredProduct.objects.bulk_create(
        RegisteredProduct(
            campaign=campaign, seller=seller, product_name="Serum", price=1, commission_rate=12
        )
        for campaign in bulk.campaigns(rows, partner=partner)
    )
    # session, user, seller, page count, page rows
    with django_assert_num_queries(5):
        assert seller_client.get(URL).status_code == 200


def test_it_refuses_other_roles_and_methods(client, staff_client, creator_client, seller_client):
    assert client.get(URL)["Location"].startswith("/login/")
    assert staff_client.get(URL).status_code == 403
    assert creator_client.get(URL).status_code == 403
    assert seller_client.post(URL).status_code == 405

"""My Campaigns: the partner's own campaigns, status tabs (Ready, Upcoming, Ongoing, Closed),
registered-product counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import RegisteredProduct
from tests.campaigns import bulk
from tests.factories import CampaignFactory, RegisteredProductFactory, SellerFactory

pytestmark = pytest.mark.django_db

URL = "/campaigns/"


def _ended(partner, **kwargs):
    now = timezone.now()
    return CampaignFactory(
        partner=partner,
        registration_starts_at=now - timedelta(days=30),
        registration_ends_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=1),
        **kwargs,
    )


def test_it_lists_the_partners_campaigns_with_status_and_products(staff_client, partner):
    campaign = CampaignFactory(partner=partner, name="Spring Glow Week")
    RegisteredProductFactory.create_batch(3, campaign=campaign)
    response = staff_client.get(URL)
    assert response.status_code == 200
    row = response.context["page"][0]
    assert row == campaign
    assert (row.product_count, row.pending_count) == (3, 3)
    html = response.content.decode()
    assert "3 to review" in html
    assert "Spring Glow Week" in html
    assert "Ongoing" in html


def test_it_hides_other_partners_campaigns(staff_client, other_partner):
    CampaignFactory(partner=other_partner, name="Rival Sale")
    response = staff_client.get(URL)
    assert "Rival Sale" not in response.content.decode()
    assert "No campaigns yet" in response.content.decode()


def test_it_filters_by_status_and_counts_each_tab(staff_client, partner):
    CampaignFactory(partner=partner, name="Open One")
    CampaignFactory(partner=partner, name="Ready One", published_at=None)
    _ended(partner, name="Ended One")
    response = staff_client.get(URL, {"status": "closed"})
    names = [c.name for c in response.context["page"]]
    assert names == ["Ended One"]
    tabs = {value: count for value, _label, count in response.context["tabs"]}
    assert tabs == {"": 3, "ready": 1, "upcoming": 0, "ongoing": 1, "closed": 1}
    assert "1 of at most 100 campaigns published" in response.content.decode()
    ready = staff_client.get(URL, {"status": "ready"})
    assert [c.name for c in ready.context["page"]] == ["Ready One"]


def test_it_shows_all_for_an_unknown_status(staff_client, partner):
    CampaignFactory(partner=partner)
    response = staff_client.get(URL, {"status": "bogus", "page": "nope"})
    assert response.status_code == 200
    assert len(response.context["page"]) == 1


def test_it_renders_only_the_results_for_htmx(staff_client, partner):
    CampaignFactory(partner=partner, name="Open One")
    response = staff_client.get(URL, {"status": "ongoing"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="campaign-results">')
    assert "Open One" in html
    assert '<nav class="sidenav"' not in html
    assert "HX-Request" in response["Vary"]


def test_it_renders_the_whole_page_to_restore_history(staff_client, partner):
    CampaignFactory(partner=partner, name="Open One")
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = staff_client.get(URL, {"status": "ongoing"}, headers=headers)
    html = response.content.decode()
    assert '<nav class="sidenav"' in html and "Open One" in html
    assert "HX-Request" in response["Vary"]


def test_it_tells_caches_that_htmx_gets_another_answer(staff_client):
    assert "HX-Request" in staff_client.get(URL)["Vary"]


@pytest.mark.parametrize("rows", [10, 200])
def test_it_keeps_to_a_query_budget(staff_client, partner, django_assert_num_queries, rows):
    seller = SellerFactory()
    RegisteredProduct.objects.bulk_create(
        RegisteredProduct(
            campaign=campaign, seller=seller, product_name="Serum", price=1, commission_rate=12
        )
        for campaign in bulk.campaigns(rows, partner=partner)
    )
    # session, user, membership, tab counts, page count, page rows
    with django_assert_num_queries(6):
        response = staff_client.get(URL)
    assert response.status_code == 200


def test_it_refuses_other_roles(client, creator_client, seller_client):
    assert client.get(URL).status_code == 302
    assert creator_client.get(URL).status_code == 403
    assert seller_client.get(URL).status_code == 403


def test_it_refuses_post(staff_client):
    assert staff_client.post(URL).status_code == 405

"""The partner's campaign page: terms, who created and published it, Publish / Take offline /
Delete, and the registered products to review (approve, or reject with a reason)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Campaign, RegisteredProduct
from tests.campaigns import bulk
from tests.factories import (
    CampaignFactory,
    RegisteredProductFactory,
    TikTokLinkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _url(campaign, action: str = "") -> str:
    return f"/campaigns/{campaign.code}/{action + '/' if action else ''}"


def _product_url(product, action: str) -> str:
    return f"/campaigns/{product.campaign.code}/products/{product.code}/{action}/"


def _upcoming(**fields):
    now = timezone.now()
    return CampaignFactory(
        registration_starts_at=now + timedelta(days=1),
        registration_ends_at=now + timedelta(days=5),
        ends_at=now + timedelta(days=9),
        **fields,
    )


def test_it_lists_the_registered_products(staff_client, partner):
    campaign = CampaignFactory(partner=partner, name="Spring Glow Week")
    RegisteredProductFactory(
        campaign=campaign, product_name="Glow Serum", seller__shop_name="Glow Goods"
    )
    RegisteredProductFactory(product_name="Elsewhere Mask")
    response = staff_client.get(_url(campaign))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Spring Glow Week" in html
    assert "Glow Serum" in html and "Glow Goods" in html
    assert "Elsewhere Mask" not in html
    assert "Pending review" in html


def test_it_says_when_nothing_is_registered(staff_client, partner):
    html = staff_client.get(_url(CampaignFactory(partner=partner))).content.decode()
    assert "No products registered yet." in html


def test_it_shows_who_created_and_published(staff_client, partner):
    author = UserFactory(first_name="Ada", last_name="Lane")
    publisher = UserFactory(first_name="Bo", last_name="Chen")
    campaign = CampaignFactory(partner=partner, created_by=author, published_by=publisher)
    html = staff_client.get(_url(campaign)).content.decode()
    assert "Created by Ada Lane" in html
    assert "Published by Bo Chen" in html


def test_it_shows_the_handle_sellers_see(staff_client, partner):
    TikTokLinkFactory(partner=partner, tiktok_account__handle="northstar.official")
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    html = staff_client.get(_url(campaign)).content.decode()
    assert "@northstar.official" in html


def test_it_says_when_the_attached_profile_is_gone(staff_client, partner):
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    html = staff_client.get(_url(campaign)).content.decode()
    assert "your agency has no linked TikTok account now, so sellers see none" in html


class TestActions:
    def test_a_ready_campaign_offers_edit_delete_and_publish(self, staff_client, partner):
        html = staff_client.get(_url(CampaignFactory(partner=partner, published_at=None)))
        html = html.content.decode()
        assert ">Edit</a>" in html and ">Delete</a>" in html and ">Publish</button>" in html

    def test_an_upcoming_campaign_offers_only_take_offline(self, staff_client, partner):
        html = staff_client.get(_url(_upcoming(partner=partner))).content.decode()
        assert ">Take offline</button>" in html
        assert ">Edit</a>" not in html and ">Publish</button>" not in html

    def test_it_publishes_recording_who(self, staff_client, staff, partner):
        campaign = CampaignFactory(partner=partner, published_at=None)
        response = staff_client.post(_url(campaign, "publish"), follow=True)
        assert "is published: its sellers can see it." in response.content.decode()
        campaign.refresh_from_db()
        assert campaign.published_by == staff
        assert campaign.status == Campaign.Status.ONGOING

    def test_it_explains_a_refused_publish(self, staff_client, partner):
        campaign = CampaignFactory(partner=partner)
        response = staff_client.post(_url(campaign, "publish"))
        assert response.status_code == 409
        assert "This campaign is published already." in response.content.decode()

    def test_it_takes_an_upcoming_campaign_offline(self, staff_client, partner):
        campaign = _upcoming(partner=partner)
        response = staff_client.post(_url(campaign, "unpublish"))
        assert response.status_code == 302
        campaign.refresh_from_db()
        assert campaign.status == Campaign.Status.READY

    def test_it_keeps_an_ongoing_campaign_online(self, staff_client, partner):
        campaign = CampaignFactory(partner=partner)
        response = staff_client.post(_url(campaign, "unpublish"))
        assert response.status_code == 409
        assert "registration has started" in response.content.decode()
        campaign.refresh_from_db()
        assert campaign.status == Campaign.Status.ONGOING

    def test_it_asks_before_deleting(self, staff_client, partner):
        campaign = CampaignFactory(partner=partner, published_at=None, name="Gone Soon")
        html = staff_client.get(_url(campaign, "delete")).content.decode()
        assert "Delete “Gone Soon”?" in html and ">Delete campaign</button>" in html
        assert Campaign.objects.exists()

    def test_it_says_a_published_campaign_stays(self, staff_client, partner):
        html = staff_client.get(_url(CampaignFactory(partner=partner), "delete")).content.decode()
        assert "This campaign can no longer be deleted" in html
        assert ">Delete campaign</button>" not in html

    def test_it_deletes_a_ready_campaign(self, staff_client, partner):
        campaign = CampaignFactory(partner=partner, published_at=None, name="Gone Soon")
        response = staff_client.post(_url(campaign, "delete"), follow=True)
        assert "Campaign “Gone Soon” deleted." in response.content.decode()
        assert not Campaign.objects.exists()

    def test_it_keeps_a_published_campaign(self, staff_client, partner):
        campaign = CampaignFactory(partner=partner)
        assert staff_client.post(_url(campaign, "delete")).status_code == 409
        assert Campaign.objects.exists()

    @pytest.mark.parametrize("action", ["publish", "unpublish", "delete"])
    def test_another_agency_gets_404(self, other_staff_client, partner, action):
        campaign = CampaignFactory(partner=partner, published_at=None)
        assert other_staff_client.post(_url(campaign, action)).status_code == 404
        campaign.refresh_from_db()
        assert campaign.status == Campaign.Status.READY

    @pytest.mark.parametrize("action", ["publish", "unpublish"])
    def test_it_refuses_get(self, staff_client, partner, action):
        assert staff_client.get(_url(CampaignFactory(partner=partner), action)).status_code == 405


class TestReview:
    def test_it_approves_and_shows_the_product_link_and_reviewer(
        self, staff_client, staff, partner
    ):
        staff_client_user = staff
        product = RegisteredProductFactory(campaign__partner=partner)
        response = staff_client.post(_product_url(product, "approve"), follow=True)
        html = response.content.decode()
        product.refresh_from_db()
        assert product.status == RegisteredProduct.Status.APPROVED
        assert product.reviewed_by == staff_client_user
        assert "approved: its product link is ready" in html
        assert product.product_link in html
        assert f"Reviewed by {staff_client_user.get_full_name()}" in html

    @pytest.mark.parametrize("allowed", [True, False])
    def test_it_rejects_with_a_reason(self, staff_client, partner, allowed):
        product = RegisteredProductFactory(campaign__partner=partner)
        data = {"reason": "too_expensive", **({"reregistration_allowed": "on"} if allowed else {})}
        response = staff_client.post(_product_url(product, "reject"), data, follow=True)
        product.refresh_from_db()
        assert (product.status, product.rejection_reason) == ("rejected", "too_expensive")
        assert product.reregistration_allowed is allowed
        html = response.content.decode()
        assert "Product too expensive" in html
        assert ("cannot be registered again" in html) is not allowed

    @pytest.mark.parametrize("reason", ["", "meh"])
    def test_it_needs_a_known_reason(self, staff_client, partner, reason):
        product = RegisteredProductFactory(campaign__partner=partner)
        response = staff_client.post(_product_url(product, "reject"), {"reason": reason})
        assert response.status_code == 400
        product.refresh_from_db()
        assert product.status == RegisteredProduct.Status.PENDING

    def test_it_reviews_once(self, staff_client, partner):
        product = RegisteredProductFactory(campaign__partner=partner)
        staff_client.post(_product_url(product, "approve"))
        response = staff_client.post(_product_url(product, "reject"), {"reason": "too_expensive"})
        assert response.status_code == 409
        assert "has been reviewed already (approved)" in response.content.decode()

    def test_another_agency_cannot_review(self, other_staff_client, partner):
        product = RegisteredProductFactory(campaign__partner=partner)
        assert other_staff_client.post(_product_url(product, "approve")).status_code == 404
        response = other_staff_client.post(
            _product_url(product, "reject"), {"reason": "too_expensive"}
        )
        assert response.status_code == 404
        product.refresh_from_db()
        assert product.status == RegisteredProduct.Status.PENDING

    def test_a_product_of_another_campaign_is_404(self, staff_client, partner):
        product = RegisteredProductFactory(campaign__partner=partner)
        other = CampaignFactory(partner=partner)
        url = f"/campaigns/{other.code}/products/{product.code}/approve/"
        assert staff_client.post(url).status_code == 404

    def test_it_approves_the_selected_products_at_once(self, staff_client, staff, partner):
        campaign = CampaignFactory(partner=partner)
        first, second, left = RegisteredProductFactory.create_batch(3, campaign=campaign)
        elsewhere = RegisteredProductFactory(campaign__partner=partner)
        url = f"/campaigns/{campaign.code}/products/approve/"
        codes = [first.code, second.code, elsewhere.code]
        response = staff_client.post(url, {"products": codes}, follow=True)
        assert "2 products approved." in response.content.decode()
        statuses = dict(RegisteredProduct.objects.values_list("pk", "status"))
        assert statuses == {
            first.pk: "approved",
            second.pk: "approved",
            left.pk: "pending",
            elsewhere.pk: "pending",
        }
        first.refresh_from_db()
        assert first.reviewed_by == staff

    @pytest.mark.parametrize("products", [[], ["not-a-code"], [str(i) for i in range(101)]])
    def test_it_explains_a_bad_selection(self, staff_client, partner, products):
        product = RegisteredProductFactory(campaign__partner=partner)
        url = f"/campaigns/{product.campaign.code}/products/approve/"
        response = staff_client.post(url, {"products": products})
        assert response.status_code == 400
        product.refresh_from_db()
        assert product.status == RegisteredProduct.Status.PENDING

    def test_another_agency_cannot_approve_in_batch(self, other_staff_client, partner):
        product = RegisteredProductFactory(campaign__partner=partner)
        url = f"/campaigns/{product.campaign.code}/products/approve/"
        assert other_staff_client.post(url, {"products": [product.code]}).status_code == 404
        product.refresh_from_db()
        assert product.status == RegisteredProduct.Status.PENDING

    def test_it_filters_by_review_status(self, staff_client, partner):
        campaign = CampaignFactory(partner=partner)
        RegisteredProductFactory(campaign=campaign, product_name="Waiting")
        approved = RegisteredProductFactory(campaign=campaign, product_name="Taken")
        staff_client.post(_product_url(approved, "approve"))
        response = staff_client.get(_url(campaign), {"products": "approved"})
        assert [p.product_name for p in response.context["page"]] == ["Taken"]
        tabs = {value: count for value, _label, count in response.context["tabs"]}
        assert tabs == {"": 2, "pending": 1, "approved": 1, "rejected": 0}


def test_it_searches_the_products_by_name(staff_client, partner):
    campaign = CampaignFactory(partner=partner)
    RegisteredProductFactory(campaign=campaign, product_name="Glow Serum")
    RegisteredProductFactory(campaign=campaign, product_name="Night Mask")
    response = staff_client.get(_url(campaign), {"q": "serum", "products": "pending"})
    assert [p.product_name for p in response.context["page"]] == ["Glow Serum"]
    assert response.context["query_string"] == "products=pending&q=serum"
    empty = staff_client.get(_url(campaign), {"q": "<b>x</b>"}).content.decode()
    assert "No product named like “&lt;b&gt;x&lt;/b&gt;”." in empty


@pytest.mark.parametrize("rows", [10, 10_000])
def test_the_review_list_keeps_to_a_query_budget(
    staff_client, partner, django_assert_num_queries, rows
):
    TikTokLinkFactory(partner=partner)
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    bulk.products(campaign, rows, sellers=min(rows, 100))
    # session, user, membership, campaign, product counts, page count, page rows, linked profile
    with django_assert_num_queries(8):
        response = staff_client.get(_url(campaign))
    assert response.status_code == 200
    assert len(response.context["page"]) == min(rows, 50)


def test_it_pages_the_products_for_htmx(staff_client, partner):
    campaign = CampaignFactory(partner=partner)
    bulk.products(campaign, 51)
    response = staff_client.get(_url(campaign), {"page": "2"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="panel" id="products"')
    assert "Page 2 of 2" in html
    assert "HX-Request" in response["Vary"]


def test_it_renders_the_whole_page_to_restore_history(staff_client, partner):
    campaign = CampaignFactory(partner=partner, name="Spring Glow Week")
    bulk.products(campaign, 51)
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = staff_client.get(_url(campaign), {"page": "2"}, headers=headers)
    html = response.content.decode()
    assert '<nav class="sidenav"' in html and "Spring Glow Week" in html
    assert "Page 2 of 2" in html


def test_another_partners_staff_get_404(other_staff_client, partner):
    campaign = CampaignFactory(partner=partner)
    assert other_staff_client.get(_url(campaign)).status_code == 404


def test_an_unknown_code_is_404(staff_client):
    assert staff_client.get("/campaigns/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert staff_client.get("/campaigns/not-a-uuid/").status_code == 404


def test_it_refuses_other_roles(client, creator_client, seller_client, partner):
    campaign = CampaignFactory(partner=partner)
    product = RegisteredProductFactory(campaign=campaign)
    assert client.get(_url(campaign))["Location"].startswith("/login/")
    assert creator_client.get(_url(campaign)).status_code == 403
    assert seller_client.get(_url(campaign)).status_code == 403
    for url in (_url(campaign, "publish"), _product_url(product, "approve")):
        assert client.post(url)["Location"].startswith("/login/")
        assert creator_client.post(url).status_code == 403
        assert seller_client.post(url).status_code == 403
    product.refresh_from_db()
    assert product.status == RegisteredProduct.Status.PENDING


def test_it_refuses_post(staff_client, partner):
    assert staff_client.post(_url(CampaignFactory(partner=partner))).status_code == 405

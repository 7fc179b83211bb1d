from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns import agency_figures
from campaigns.agency_figures import compute, figures_for, highlight_keys
from campaigns.models import CATEGORY_BITS
from creators.models import Category
from linking.services import tiktok_link_unlink
from tests.factories import (
    CampaignFactory,
    CreatorFactory,
    ExtensionRequestFactory,
    InvitationFactory,
    LinkFactory,
    RegisteredProductFactory,
    TikTokLinkFactory,
)

pytestmark = pytest.mark.django_db


def world(partner, creators: int):
    for n in range(creators):
        LinkFactory(
            partner=partner,
            creator=CreatorFactory(category=Category.HOME, sales_30d=1000 * (n % 2)),
        )
    campaign = CampaignFactory(partner=partner, category_bits=CATEGORY_BITS[Category.TOYS])
    for _ in range(creators):
        RegisteredProductFactory(
            campaign=campaign,
            price=Decimal("10.00"),
            status="approved",
            reviewed_at=timezone.now() - timedelta(days=1),
            reviewed_by=campaign.created_by,
        )


def test_it_computes_each_figure_from_the_product_data(partner):
    world(partner, 4)
    LinkFactory(partner=partner, status="declined")  # not a link: not counted
    figures = compute(partner, timezone.now())
    assert figures.creator_network == 4
    assert figures.creators_monetizing == 2
    assert figures.linked_creator_sales == 2000
    assert figures.campaign_scale == 4
    assert figures.campaign_sales == Decimal("40.00")
    assert figures.brand_matching == 4
    assert figures.top_categories == ["home", "toys"]


def test_it_leaves_out_products_approved_over_30_days_ago(partner):
    RegisteredProductFactory(
        campaign__partner=partner,
        status="approved",
        price=Decimal("5"),
        reviewed_at=timezone.now() - timedelta(days=31),
    )
    figures = compute(partner, timezone.now())
    assert figures.campaign_scale == 0 and figures.brand_matching == 0


@pytest.mark.parametrize("size", [2, 12])
def test_it_computes_in_a_fixed_number_of_queries(partner, size, django_assert_num_queries):
    world(partner, size)
    with django_assert_num_queries(4):
        compute(partner, timezone.now())


@pytest.mark.parametrize(
    "programmes, keys",
    [
        (["CAP"], ["creator_network", "creators_monetizing", "linked_creator_sales"]),
        (["TAP"], ["campaign_sales", "campaign_scale", "brand_matching"]),
        (["CAP", "TAP"], ["campaign_sales", "campaign_scale", "creator_network"]),
        ([], []),
    ],
)
def test_it_picks_the_highlights_by_programme(programmes, keys):
    assert highlight_keys(programmes) == keys


def test_it_computes_on_a_miss_and_reads_the_cache_after(partner, django_assert_num_queries):
    first = figures_for(partner)
    with django_assert_num_queries(0):
        assert figures_for(partner) == first


def test_it_refreshes_every_agency_from_the_periodic_task(partner):
    from campaigns.tasks import refresh_agency_figures

    figures_for(partner)
    LinkFactory(partner=partner)
    assert figures_for(partner).creator_network == 0  # cached
    assert refresh_agency_figures() >= 1
    assert figures_for(partner).creator_network == 1


def test_it_marks_stale_figures_with_their_date(partner, creator_client, creator, monkeypatch):
    invitation = InvitationFactory(partner=partner, creator=creator)
    figures_for(partner)
    later = timezone.now() + agency_figures.STALE_AFTER + timedelta(minutes=1)
    monkeypatch.setattr(agency_figures.timezone, "now", lambda: later)
    page = creator_client.get(reverse("creator:invitation", args=[invitation.code]))
    assert "as of" in page.text


def test_it_shows_creators_the_shared_profile_on_an_invitation(partner, creator_client, creator):
    partner.website = "https://northstar.example"
    partner.save()
    world(partner, 2)
    invitation = InvitationFactory(partner=partner, creator=creator)
    page = creator_client.get(reverse("creator:invitation", args=[invitation.code]))
    assert "Creator network" in page.text  # CAP shared by default, TAP not: CAP's highlights
    assert "Creators monetizing" in page.text
    assert "Campaign scale" not in page.text
    assert "https://northstar.example" in page.text
    assert "Home &amp; Living" in page.text


def test_it_shows_only_the_name_when_nothing_is_shared(partner, creator_client, creator):
    partner.is_cap = False
    partner.website = "https://northstar.example"
    partner.save()
    link = LinkFactory(partner=partner, creator=creator)
    page = creator_client.get(reverse("creator:request", args=[link.code]))
    assert partner.name in page.text
    assert "Highlights" not in page.text and "https://northstar.example" not in page.text


def test_it_shows_nothing_to_creators_of_a_market_it_does_not_serve(partner, client):
    other = CreatorFactory(market="GB", user__username="gb")
    invitation = InvitationFactory(partner=partner, creator=other)
    client.force_login(other.user)
    page = client.get(reverse("creator:invitation", args=[invitation.code]))
    assert "Highlights" not in page.text


def test_it_drops_the_tiktok_account_at_once_after_an_unlink(partner, creator_client, creator):
    TikTokLinkFactory(partner=partner, tiktok_account__handle="north.hq")
    invitation = InvitationFactory(partner=partner, creator=creator, attach_profile=True)
    url = reverse("creator:invitation", args=[invitation.code])
    assert "@north.hq" in creator_client.get(url).text
    tiktok_link_unlink(partner=partner, actor=partner.account_manager, reason="test")
    assert "@north.hq" not in creator_client.get(url).text


def test_it_serves_the_public_page_to_anyone(partner, client):
    world(partner, 1)
    page = client.get(reverse("agency_profile:public", args=[partner.code]))
    assert page.status_code == 200
    assert partner.name in page.text and "Creator network" in page.text


def test_it_answers_404_for_an_unknown_agency(client):
    url = reverse("agency_profile:public", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


def test_it_shows_the_profile_on_an_extension_request(partner, creator_client, creator):
    extension = ExtensionRequestFactory(partner=partner, link__partner=partner, creator=creator)
    page = creator_client.get(reverse("creator:extension", args=[extension.code]))
    assert "Creator network" in page.text


def test_it_keeps_an_attached_tiktok_card_when_nothing_is_shared(partner, creator_client, creator):
    partner.is_cap = False
    partner.save()
    TikTokLinkFactory(partner=partner, tiktok_account__handle="north.hq")
    invitation = InvitationFactory(partner=partner, creator=creator, attach_profile=True)
    page = creator_client.get(reverse("creator:invitation", args=[invitation.code]))
    assert "@north.hq" in page.text and "Highlights" not in page.text


@pytest.mark.parametrize("size", [1, 10])
def test_it_shows_an_invitation_in_the_same_queries_at_any_size(
    partner, creator_client, creator, size, django_assert_max_num_queries
):
    world(partner, size)
    invitation = InvitationFactory(partner=partner, creator=creator)
    url = reverse("creator:invitation", args=[invitation.code])
    creator_client.get(url)  # fills the cache
    with django_assert_max_num_queries(6):
        creator_client.get(url)


def test_it_computes_the_figures_when_the_cache_is_down(partner, cache_down):
    LinkFactory(partner=partner)
    assert figures_for(partner).creator_network == 1

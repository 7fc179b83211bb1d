"""Status from dates, the category encoding and the rules the database enforces."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.models import (
    CATEGORY_BITS,
    Campaign,
    RegisteredProduct,
    Seller,
    category_bits,
    registration_open_condition,
    targets_condition,
)
from creators.models import Category
from tests.factories import CampaignFactory, RegisteredProductFactory, SellerFactory, UserFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def _campaign(**overrides) -> Campaign:
    dates = {
        "registration_starts_at": T0,
        "registration_ends_at": T0 + timedelta(days=10),
        "starts_at": T0,
        "ends_at": T0 + timedelta(days=20),
        "published_at": T0 - timedelta(days=3),
    }
    return Campaign(**{**dates, **overrides})


BOUNDARIES = [
    (T0 - SECOND, Campaign.Status.UPCOMING),
    (T0, Campaign.Status.ONGOING),
    (T0 + timedelta(days=10) - SECOND, Campaign.Status.ONGOING),
    (T0 + timedelta(days=10), Campaign.Status.ONGOING),  # registration closed, still promoting
    (T0 + timedelta(days=20) - SECOND, Campaign.Status.ONGOING),
    (T0 + timedelta(days=20), Campaign.Status.CLOSED),
]


@pytest.mark.parametrize(("moment", "status"), BOUNDARIES)
def test_it_derives_the_status_at_each_boundary(moment, status):
    assert _campaign().status_at(moment) == status


@pytest.mark.parametrize("moment", [m for m, _ in BOUNDARIES])
def test_an_unpublished_campaign_is_ready_at_every_moment(moment):
    assert _campaign(published_at=None).status_at(moment) == Campaign.Status.READY


@pytest.mark.parametrize("published", [True, False])
@pytest.mark.parametrize("moment", [m for m, _ in BOUNDARIES])
def test_it_filters_by_status_as_it_derives_it(moment, published):
    campaign = CampaignFactory(
        registration_starts_at=T0,
        registration_ends_at=T0 + timedelta(days=10),
        starts_at=T0,
        ends_at=T0 + timedelta(days=20),
        published_at=T0 - timedelta(days=3) if published else None,
    )
    matching = [s for s in Campaign.Status if Campaign.objects.with_status(s, moment).exists()]
    assert matching == [campaign.status_at(moment)]


@pytest.mark.parametrize("published", [True, False])
@pytest.mark.parametrize(
    "moment", [T0 - SECOND, T0, T0 + timedelta(days=10) - SECOND, T0 + timedelta(days=10)]
)
def test_registration_is_open_by_the_same_rule_in_python_and_sql(moment, published):
    campaign = CampaignFactory(
        registration_starts_at=T0,
        registration_ends_at=T0 + timedelta(days=10),
        starts_at=T0,
        ends_at=T0 + timedelta(days=20),
        published_at=T0 - timedelta(days=3) if published else None,
    )
    in_sql = Campaign.objects.filter(registration_open_condition(moment)).exists()
    assert campaign.registration_open_at(moment) is in_sql
    assert in_sql is (published and T0 <= moment < T0 + timedelta(days=10))


def test_an_older_campaign_is_ongoing_from_when_registration_opened():
    """Before registration started with the campaign, it could open earlier: such a campaign
    reads Ongoing from registration on."""
    campaign = _campaign(starts_at=T0 + timedelta(days=2))
    assert campaign.status_at(T0 + timedelta(days=1)) == Campaign.Status.ONGOING


def test_published_counts_upcoming_and_ongoing_only():
    now = timezone.now()
    upcoming = CampaignFactory(
        registration_starts_at=now + timedelta(days=1),
        registration_ends_at=now + timedelta(days=5),
        ends_at=now + timedelta(days=9),
    )
    ongoing = CampaignFactory()
    CampaignFactory(published_at=None)
    CampaignFactory(
        registration_starts_at=now - timedelta(days=9),
        registration_ends_at=now - timedelta(days=5),
        ends_at=now,
    )
    assert set(Campaign.objects.published(now)) == {upcoming, ongoing}


class TestTargets:
    """Which sellers a campaign is aimed at: `Campaign.targets` and `targets_condition`."""

    @pytest.mark.parametrize(
        ("origin", "seller_origin", "aimed"),
        [
            (Campaign.SellerOrigin.BOTH, Seller.Origin.LOCAL, True),
            (Campaign.SellerOrigin.BOTH, Seller.Origin.CROSS_BORDER, True),
            (Campaign.SellerOrigin.LOCAL, Seller.Origin.LOCAL, True),
            (Campaign.SellerOrigin.LOCAL, Seller.Origin.CROSS_BORDER, False),
            (Campaign.SellerOrigin.CROSS_BORDER, Seller.Origin.CROSS_BORDER, True),
            (Campaign.SellerOrigin.CROSS_BORDER, Seller.Origin.LOCAL, False),
        ],
    )
    def test_all_sellers_of_the_market_by_origin(self, origin, seller_origin, aimed):
        campaign = CampaignFactory(seller_origin=origin)
        seller = SellerFactory(origin=seller_origin)
        assert campaign.targets(seller) is aimed
        assert Campaign.objects.filter(targets_condition(seller)).exists() is aimed

    def test_never_a_seller_of_another_market(self):
        campaign = CampaignFactory()
        seller = SellerFactory(market="GB")
        assert not campaign.targets(seller)
        assert not Campaign.objects.filter(targets_condition(seller)).exists()

    def test_selected_sellers_only(self):
        campaign = CampaignFactory(target=Campaign.Target.SELECTED)
        chosen, other = SellerFactory(), SellerFactory()
        campaign.target_sellers.add(chosen)
        assert campaign.targets(chosen) and not campaign.targets(other)
        assert list(Campaign.objects.filter(targets_condition(chosen))) == [campaign]
        assert not Campaign.objects.filter(targets_condition(other)).exists()


def test_it_gives_every_category_its_own_bit():
    assert set(CATEGORY_BITS) == set(Category)
    assert len(set(CATEGORY_BITS.values())) == len(Category)


def test_it_round_trips_categories():
    campaign = Campaign()
    campaign.categories = [Category.PETS, Category.BEAUTY, Category.PETS]
    assert campaign.categories == [Category.BEAUTY, Category.PETS]


def test_it_filters_by_category():
    beauty = CampaignFactory(category_bits=category_bits([Category.BEAUTY]))
    both = CampaignFactory(category_bits=category_bits([Category.BEAUTY, Category.FOOD]))
    CampaignFactory(category_bits=category_bits([Category.TECH]))
    assert set(Campaign.objects.in_category(Category.BEAUTY)) == {beauty, both}
    assert set(Campaign.objects.in_category(Category.FOOD)) == {both}


def test_it_rejects_an_unknown_category_value():
    with pytest.raises(ValueError):
        category_bits(["garden"])


@pytest.mark.parametrize(
    "fields",
    [
        {"registration_ends_at": T0},  # closes when it opens
        {"registration_ends_at": T0 + timedelta(days=21)},  # closes after the campaign ends
        {"ends_at": T0 + timedelta(days=10), "starts_at": T0 + timedelta(days=10)},
        {"published_by": None},  # published by nobody
        {"target": "everyone"},
        {"commission_rate": Decimal("0.5")},
        {"commission_rate": Decimal("80.1")},
        {"min_shop_rating": Decimal("5.5")},
        {"category_bits": 0},
        {"category_bits": 256},
    ],
)
def test_the_database_refuses_impossible_campaigns(fields):
    base = {
        "registration_starts_at": T0,
        "registration_ends_at": T0 + timedelta(days=10),
        "starts_at": T0,
        "ends_at": T0 + timedelta(days=20),
    }
    with pytest.raises(IntegrityError):
        CampaignFactory(**{**base, **fields})


class TestRegistrationRefusal:
    def test_it_lets_an_eligible_seller_register_while_open(self):
        campaign = CampaignFactory(min_shop_rating=Decimal("4.0"))
        seller = SellerFactory(shop_rating=Decimal("4.0"))
        assert campaign.registration_refusal(seller, campaign.registration_starts_at) is None

    def test_it_refuses_a_campaign_that_is_not_published(self):
        campaign = CampaignFactory(published_at=None)
        refusal = campaign.registration_refusal(SellerFactory(), campaign.registration_starts_at)
        assert refusal == "This campaign is not published."

    def test_it_refuses_before_registration_opens(self):
        campaign = CampaignFactory()
        moment = campaign.registration_starts_at - SECOND
        assert "not opened yet" in campaign.registration_refusal(SellerFactory(), moment)

    def test_it_refuses_once_registration_closes(self):
        campaign = CampaignFactory()
        moment = campaign.registration_ends_at
        assert "has closed" in campaign.registration_refusal(SellerFactory(), moment)

    def test_it_refuses_a_seller_of_another_market(self):
        campaign = CampaignFactory()
        seller = SellerFactory(market="GB")
        refusal = campaign.registration_refusal(seller, campaign.registration_starts_at)
        assert refusal == (
            "This campaign is for sellers in United States; your shop is in United Kingdom."
        )

    def test_it_refuses_a_seller_it_does_not_target(self):
        campaign = CampaignFactory(target=Campaign.Target.SELECTED)
        refusal = campaign.registration_refusal(SellerFactory(), campaign.registration_starts_at)
        assert refusal == "This campaign is for other sellers than your shop."

    def test_it_refuses_a_shop_rated_below_the_minimum(self):
        campaign = CampaignFactory(min_shop_rating=Decimal("4.5"))
        seller = SellerFactory(shop_rating=Decimal("4.4"))
        refusal = campaign.registration_refusal(seller, campaign.registration_starts_at)
        assert refusal == (
            "This campaign needs a shop rating of at least 4.5; your shop's rating is 4.4."
        )


class TestRegisteredProductConstraints:
    def test_a_product_is_registered_once_per_campaign_whatever_its_case(self):
        product = RegisteredProductFactory(product_name="Glow Serum")
        with pytest.raises(IntegrityError), transaction.atomic():
            RegisteredProductFactory(
                campaign=product.campaign, seller=product.seller, product_name="glow serum"
            )

    def test_a_rejection_that_allows_it_frees_the_name(self):
        product = RegisteredProductFactory(
            status="rejected",
            rejection_reason="too_expensive",
            reviewed_at=timezone.now(),
            reregistration_allowed=True,
        )
        RegisteredProductFactory(
            campaign=product.campaign, seller=product.seller, product_name=product.product_name
        )
        assert RegisteredProduct.objects.count() == 2

    def test_a_rejection_without_reregistration_keeps_it(self):
        product = RegisteredProductFactory(
            status="rejected",
            rejection_reason="hard_to_promote",
            reviewed_at=timezone.now(),
            reregistration_allowed=False,
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            RegisteredProductFactory(
                campaign=product.campaign, seller=product.seller, product_name=product.product_name
            )

    @pytest.mark.parametrize(
        "fields",
        [
            {"price": None},  # only a whole-shop registration from before has no price
            {"price": Decimal("0")},
            {"commission_rate": Decimal("0.5")},
            {"commission_rate": Decimal("80.5")},
            {"status": "approved"},  # approved without a review
            {"status": "rejected", "reviewed_at": T0},  # rejected without a reason
            {"rejection_reason": "too_expensive"},  # a reason while pending
            {"product_name": "Serum\nBcc: x"},
        ],
    )
    def test_the_database_refuses_impossible_products(self, fields):
        with pytest.raises(IntegrityError), transaction.atomic():
            RegisteredProductFactory(**fields)

    def test_only_an_approved_product_has_a_link(self):
        product = RegisteredProductFactory()
        assert product.product_link is None
        product.status = RegisteredProduct.Status.APPROVED
        assert product.product_link.endswith(str(product.code))

    def test_a_whole_shop_registration_from_before_has_no_price(self):
        product = RegisteredProductFactory(price=None, legacy=True, reviewed_by=UserFactory())
        assert product.price is None

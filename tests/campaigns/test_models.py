"""Status from dates, the category encoding and the rules the database enforces."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError

from campaigns.models import CATEGORY_BITS, Campaign, category_bits
from creators.models import Category
from tests.factories import CampaignFactory, SellerFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def _campaign(**overrides) -> Campaign:
    dates = {
        "registration_starts_at": T0,
        "registration_ends_at": T0 + timedelta(days=10),
        "starts_at": T0 + timedelta(days=12),
        "ends_at": T0 + timedelta(days=20),
    }
    return Campaign(**{**dates, **overrides})


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (T0 - SECOND, Campaign.Status.UPCOMING),
        (T0, Campaign.Status.OPEN),
        (T0 + timedelta(days=10) - SECOND, Campaign.Status.OPEN),
        (T0 + timedelta(days=10), Campaign.Status.ONGOING),
        (T0 + timedelta(days=12), Campaign.Status.ONGOING),
        (T0 + timedelta(days=20) - SECOND, Campaign.Status.ONGOING),
        (T0 + timedelta(days=20), Campaign.Status.ENDED),
    ],
)
def test_it_derives_the_status_at_each_boundary(moment, status):
    assert _campaign().status_at(moment) == status


@pytest.mark.parametrize(
    "moment",
    [
        T0 - SECOND,
        T0,
        T0 + timedelta(days=10) - SECOND,
        T0 + timedelta(days=10),
        T0 + timedelta(days=20),
    ],
)
def test_it_filters_by_status_as_it_derives_it(moment):
    campaign = CampaignFactory(
        registration_starts_at=T0,
        registration_ends_at=T0 + timedelta(days=10),
        starts_at=T0 + timedelta(days=12),
        ends_at=T0 + timedelta(days=20),
    )
    matching = [s for s in Campaign.Status if Campaign.objects.with_status(s, moment).exists()]
    assert matching == [campaign.status_at(moment)]


def test_it_reads_registration_open_while_the_campaign_runs_when_the_windows_overlap():
    campaign = _campaign(starts_at=T0 + timedelta(days=1))
    assert campaign.status_at(T0 + timedelta(days=2)) == Campaign.Status.OPEN


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
        "starts_at": T0 + timedelta(days=12),
        "ends_at": T0 + timedelta(days=20),
    }
    with pytest.raises(IntegrityError):
        CampaignFactory(**{**base, **fields})


class TestRegistrationRefusal:
    def test_it_lets_an_eligible_seller_register_while_open(self):
        campaign = CampaignFactory(min_shop_rating=Decimal("4.0"))
        seller = SellerFactory(shop_rating=Decimal("4.0"))
        assert campaign.registration_refusal(seller, campaign.registration_starts_at) is None

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

    def test_it_refuses_a_shop_rated_below_the_minimum(self):
        campaign = CampaignFactory(min_shop_rating=Decimal("4.5"))
        seller = SellerFactory(shop_rating=Decimal("4.4"))
        refusal = campaign.registration_refusal(seller, campaign.registration_starts_at)
        assert refusal == (
            "This campaign needs a shop rating of at least 4.5; your shop's rating is 4.4."
        )

"""Many rows fast, for the query-budget tests: bulk inserts instead of one factory call each."""

from __future__ import annotations

from decimal import Decimal

from accounts.models import User
from campaigns.models import Campaign, RegisteredProduct, Seller
from tests.factories import CampaignFactory, UserFactory


def campaigns(count: int, **fields) -> list[Campaign]:
    fields.setdefault("created_by", UserFactory())
    return Campaign.objects.bulk_create(CampaignFactory.build_batch(count, **fields))


def products(campaign: Campaign, count: int, *, sellers: int = 0) -> list[RegisteredProduct]:
    """`count` pending products for `campaign`, from `sellers` new sellers (default: one each)."""
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(username=f"bulk_seller_{start + i}") for i in range(sellers or count)
    )
    shops = Seller.objects.bulk_create(
        Seller(user=user, shop_name=f"Bulk Shop {user.username}", market=campaign.partner.market)
        for user in users
    )
    return RegisteredProduct.objects.bulk_create(
        RegisteredProduct(
            campaign=campaign,
            seller=shops[i % len(shops)],
            product_name=f"Bulk product {i}",
            price=Decimal("9.99"),
            commission_rate=campaign.commission_rate,
        )
        for i in range(count)
    )

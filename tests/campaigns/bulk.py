"""Many rows fast, for the query-budget tests: bulk inserts instead of one factory call each."""

from __future__ import annotations

from accounts.models import User
from campaigns.models import Campaign, CampaignRegistration, Seller
from tests.factories import CampaignFactory, UserFactory


def campaigns(count: int, **fields) -> list[Campaign]:
    fields.setdefault("created_by", UserFactory())
    return Campaign.objects.bulk_create(CampaignFactory.build_batch(count, **fields))


def registrations(campaign: Campaign, count: int) -> list[CampaignRegistration]:
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(username=f"bulk_seller_{start + i}") for i in range(count)
    )
    sellers = Seller.objects.bulk_create(
        Seller(user=user, shop_name=f"Bulk Shop {user.username}", market=campaign.partner.market)
        for user in users
    )
    return CampaignRegistration.objects.bulk_create(
        CampaignRegistration(campaign=campaign, seller=seller) for seller in sellers
    )

"""What the data of before products were registered becomes.

- Every seller gets a shop code (agencies select sellers by it).
- Every existing campaign counts as published — by whoever created it, when it was created —
  because sellers could already see it: it reads as Upcoming, Ongoing or Closed by its dates,
  as before, and is aimed at all sellers of its market (local and cross-border), as before.
- Every seller registration (a whole shop, before products) becomes one registered product
  marked `legacy`: named "Whole shop (registered before product registration)", without a
  price, offering the campaign's commission requirement, no free samples, pending review, and
  registered when the seller registered. The agency reviews it like any other product.
"""

import secrets

from django.db import migrations

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as campaigns.models.SHOP_CODE_ALPHABET
LEGACY_NAME = "Whole shop (registered before product registration)"


def forward(apps, schema_editor):
    Seller = apps.get_model("campaigns", "Seller")
    Campaign = apps.get_model("campaigns", "Campaign")
    Registration = apps.get_model("campaigns", "CampaignRegistration")
    Product = apps.get_model("campaigns", "RegisteredProduct")

    taken = set(Seller.objects.exclude(shop_code=None).values_list("shop_code", flat=True))
    for seller in Seller.objects.filter(shop_code=None).only("pk").iterator():
        code = "".join(secrets.choice(ALPHABET) for _ in range(10))
        while code in taken:
            code = "".join(secrets.choice(ALPHABET) for _ in range(10))
        taken.add(code)
        Seller.objects.filter(pk=seller.pk).update(shop_code=code)

    for campaign in Campaign.objects.filter(published_at=None).only("pk", "created_at", "created_by_id").iterator():
        Campaign.objects.filter(pk=campaign.pk).update(
            published_at=campaign.created_at, published_by_id=campaign.created_by_id
        )

    registrations = Registration.objects.select_related("campaign").iterator(chunk_size=2000)
    batch = []
    for registration in registrations:
        batch.append(
            Product(
                campaign_id=registration.campaign_id,
                seller_id=registration.seller_id,
                product_name=LEGACY_NAME,
                price=None,
                commission_rate=registration.campaign.commission_rate,
                free_samples=0,
                status="pending",
                registered_at=registration.registered_at,
                legacy=True,
            )
        )
        if len(batch) >= 2000:
            Product.objects.bulk_create(batch)
            batch = []
    Product.objects.bulk_create(batch)


def backward(apps, schema_editor):
    """Whole-shop products become registrations again; products registered since cannot be
    expressed as registrations and become one registration per seller and campaign."""
    Registration = apps.get_model("campaigns", "CampaignRegistration")
    Product = apps.get_model("campaigns", "RegisteredProduct")
    seen = set()
    for product in Product.objects.order_by("registered_at").iterator():
        key = (product.campaign_id, product.seller_id)
        if key not in seen:
            seen.add(key)
            Registration.objects.create(
                campaign_id=product.campaign_id,
                seller_id=product.seller_id,
                registered_at=product.registered_at,
            )
    Product.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("campaigns", "0004_products"),
    ]

    operations = [migrations.RunPython(forward, backward)]

"""campaigns 0004 to 0006 arrive on a database with campaigns and whole-shop registrations:
nothing is lost. Every existing campaign counts as published (sellers could see it) and keeps
its dates, so its status reads as before; every seller gets a shop code; every registration
becomes a registered product marked as a whole-shop registration, pending review."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone


@pytest.mark.django_db
def test_it_turns_registrations_into_products_and_publishes_existing_campaigns(migrator):
    old = migrator.apply_initial_migration([("campaigns", "0003_names_single_line")])
    User = old.apps.get_model("accounts", "User")
    Partner = old.apps.get_model("accounts", "Partner")
    Seller = old.apps.get_model("campaigns", "Seller")
    Campaign = old.apps.get_model("campaigns", "Campaign")
    Registration = old.apps.get_model("campaigns", "CampaignRegistration")
    author = User.objects.create(username="author")
    partner = Partner.objects.create(
        name="Northstar", market="US", is_cap=True, account_manager=author
    )
    glow = Seller.objects.create(
        user=User.objects.create(username="glow"), shop_name="Glow", market="US"
    )
    kitchen = Seller.objects.create(
        user=User.objects.create(username="kitchen"), shop_name="Kitchen", market="US"
    )
    now = timezone.now()
    created = now - timedelta(days=4)
    campaign = Campaign.objects.create(
        partner=partner,
        created_by=author,
        name="Summer Sale",
        description="Sell",
        registration_starts_at=now - timedelta(days=2),
        registration_ends_at=now + timedelta(days=2),
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=10),
        commission_rate=Decimal("12.5"),
        category_bits=1,
        contact_email="deals@example.com",
        created_at=created,
    )
    registered_at = now - timedelta(days=1)
    Registration.objects.create(campaign=campaign, seller=glow, registered_at=registered_at)
    Registration.objects.create(campaign=campaign, seller=kitchen, registered_at=registered_at)

    new = migrator.apply_tested_migration([("campaigns", "0006_products_constraints")])

    Campaign = new.apps.get_model("campaigns", "Campaign")
    migrated = Campaign.objects.get()
    assert (migrated.name, migrated.commission_rate) == ("Summer Sale", Decimal("12.5"))
    assert (migrated.published_at, migrated.published_by_id) == (created, author.pk)
    assert (migrated.target, migrated.seller_origin) == ("all", "both")
    Seller = new.apps.get_model("campaigns", "Seller")
    codes = list(Seller.objects.values_list("shop_code", flat=True))
    assert len(codes) == len(set(codes)) == 2 and all(len(code) == 10 for code in codes)
    Product = new.apps.get_model("campaigns", "RegisteredProduct")
    products = Product.objects.order_by("seller__shop_name")
    assert [p.seller.shop_name for p in products] == ["Glow", "Kitchen"]
    for product in products:
        assert product.legacy is True
        assert product.product_name == "Whole shop (registered before product registration)"
        assert product.price is None
        assert product.commission_rate == Decimal("12.5")
        assert product.status == "pending"
        assert product.registered_at == registered_at

    # And back: the products become the registrations they were.
    old = migrator.apply_tested_migration([("campaigns", "0003_names_single_line")])
    Registration = old.apps.get_model("campaigns", "CampaignRegistration")
    assert Registration.objects.count() == 2

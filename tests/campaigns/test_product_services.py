"""Registering a product and reviewing it, as services: open window, targeting, the commission
requirement, no double registration, and approve / reject with or without re-registration."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest

from campaigns.models import Campaign, RegisteredProduct
from campaigns.services import (
    CampaignRefused,
    ProductTerms,
    RegistrationRefused,
    product_approve,
    product_register,
    product_reject,
    products_approve,
)
from tests.factories import (
    CampaignFactory,
    MembershipFactory,
    RegisteredProductFactory,
    SellerFactory,
)

pytestmark = pytest.mark.django_db

TERMS = ProductTerms(
    product_name="Glow Serum", price=Decimal("24.90"), commission_rate=Decimal("15"), free_samples=3
)


def test_it_registers_a_product_pending_review():
    campaign, seller = CampaignFactory(commission_rate=Decimal("15")), SellerFactory()
    product = product_register(campaign=campaign, seller=seller, terms=TERMS)
    stored = RegisteredProduct.objects.get()
    assert stored == product
    assert (stored.campaign, stored.seller, stored.product_name) == (campaign, seller, "Glow Serum")
    assert (stored.price, stored.commission_rate, stored.free_samples) == (
        Decimal("24.90"),
        Decimal("15"),
        3,
    )
    assert stored.status == RegisteredProduct.Status.PENDING
    assert stored.product_link is None


def test_a_seller_registers_several_products():
    campaign, seller = CampaignFactory(), SellerFactory()
    product_register(campaign=campaign, seller=seller, terms=TERMS)
    product_register(campaign=campaign, seller=seller, terms=replace(TERMS, product_name="Mask"))
    assert RegisteredProduct.objects.count() == 2


def test_it_refuses_less_than_the_commission_requirement():
    campaign = CampaignFactory(commission_rate=Decimal("16"))
    with pytest.raises(RegistrationRefused, match="at least the campaign's commission"):
        product_register(campaign=campaign, seller=SellerFactory(), terms=TERMS)
    assert not RegisteredProduct.objects.exists()


def test_it_refuses_the_same_product_twice_whatever_its_case():
    product = RegisteredProductFactory(product_name="Glow Serum")
    with pytest.raises(RegistrationRefused, match="already registered"):
        product_register(
            campaign=product.campaign,
            seller=product.seller,
            terms=replace(TERMS, product_name="GLOW serum"),
        )
    assert RegisteredProduct.objects.count() == 1


def test_it_turns_a_lost_race_into_a_refusal():
    """Two requests both pass the check; the unique constraint stops the second insert."""
    product = RegisteredProductFactory(product_name="Glow Serum")
    with (
        mock.patch("django.db.models.QuerySet.first", return_value=None),
        pytest.raises(RegistrationRefused, match="already registered"),
    ):
        product_register(campaign=product.campaign, seller=product.seller, terms=TERMS)
    assert RegisteredProduct.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"published_at": None}, "not published"),
        ({"target": Campaign.Target.SELECTED}, "for other sellers"),
        ({"min_shop_rating": Decimal("4.9")}, r"shop rating of at least 4\.9"),
    ],
)
def test_it_refuses_a_seller_the_campaign_is_not_for(fields, message):
    campaign = CampaignFactory(**fields)
    with pytest.raises(RegistrationRefused, match=message):
        product_register(campaign=campaign, seller=SellerFactory(), terms=TERMS)
    with pytest.raises(RegistrationRefused, match="sellers in United States"):
        product_register(campaign=CampaignFactory(), seller=SellerFactory(market="GB"), terms=TERMS)
    assert not RegisteredProduct.objects.exists()


def test_it_refuses_before_and_after_registration():
    campaign = CampaignFactory()
    before = campaign.registration_starts_at - timedelta(seconds=1)
    with pytest.raises(RegistrationRefused, match="not opened yet"):
        product_register(campaign=campaign, seller=SellerFactory(), terms=TERMS, now=before)
    after = campaign.registration_ends_at
    with pytest.raises(RegistrationRefused, match="has closed"):
        product_register(campaign=campaign, seller=SellerFactory(), terms=TERMS, now=after)
    assert not RegisteredProduct.objects.exists()


def test_it_checks_the_campaign_as_saved_not_as_the_caller_holds_it():
    campaign = CampaignFactory()
    stale = Campaign.objects.get(pk=campaign.pk)
    Campaign.objects.filter(pk=campaign.pk).update(min_shop_rating=Decimal("5.0"))
    with pytest.raises(RegistrationRefused, match="shop rating"):
        product_register(
            campaign=stale, seller=SellerFactory(shop_rating=Decimal("4.0")), terms=TERMS
        )


def _team(obj):
    """A member of the agency whose campaign (or product's campaign) `obj` is."""
    partner = getattr(obj, "partner", None) or obj.campaign.partner
    return MembershipFactory(partner=partner).user


class TestReview:
    def test_it_approves_recording_who_and_gives_a_link(self):
        product = RegisteredProductFactory()
        staff = _team(product)
        product_approve(product=product, reviewed_by=staff)
        product.refresh_from_db()
        assert product.status == RegisteredProduct.Status.APPROVED
        assert product.reviewed_by == staff and product.reviewed_at is not None
        assert product.product_link.startswith("https://")

    def test_it_rejects_with_a_reason(self):
        product = RegisteredProductFactory()
        staff = _team(product)
        product_reject(
            product=product,
            reviewed_by=staff,
            reason="commission_too_low",
            reregistration_allowed=True,
        )
        product.refresh_from_db()
        assert (product.status, product.rejection_reason) == ("rejected", "commission_too_low")
        assert product.get_rejection_reason_display() == "Commission too low"
        assert product.reviewed_by == staff
        assert product.product_link is None

    def test_a_product_rejected_with_reregistration_can_be_registered_again(self):
        product = RegisteredProductFactory(product_name="Glow Serum")
        product_reject(
            product=product,
            reviewed_by=_team(product),
            reason="too_expensive",
            reregistration_allowed=True,
        )
        again = product_register(
            campaign=product.campaign,
            seller=product.seller,
            terms=replace(TERMS, price=Decimal("9")),
        )
        assert again.status == RegisteredProduct.Status.PENDING

    def test_a_product_rejected_without_reregistration_cannot(self):
        product = RegisteredProductFactory(product_name="Glow Serum")
        product_reject(
            product=product,
            reviewed_by=_team(product),
            reason="no_suitable_creator",
            reregistration_allowed=False,
        )
        with pytest.raises(RegistrationRefused, match="cannot be registered again"):
            product_register(campaign=product.campaign, seller=product.seller, terms=TERMS)
        assert RegisteredProduct.objects.count() == 1

    def test_it_reviews_a_product_once(self):
        product = RegisteredProductFactory()
        product_approve(product=product, reviewed_by=_team(product))
        with pytest.raises(CampaignRefused, match="reviewed already"):
            product_reject(
                product=product,
                reviewed_by=_team(product),
                reason="too_expensive",
                reregistration_allowed=True,
            )
        product.refresh_from_db()
        assert product.status == RegisteredProduct.Status.APPROVED

    def test_it_does_not_review_once_the_campaign_closed(self):
        product = RegisteredProductFactory()
        later = product.campaign.ends_at
        with pytest.raises(CampaignRefused, match="has closed"):
            product_approve(product=product, reviewed_by=_team(product), now=later)
        product.refresh_from_db()
        assert product.status == RegisteredProduct.Status.PENDING

    def test_an_unknown_reason_is_refused(self):
        product = RegisteredProductFactory()
        with pytest.raises(ValueError):
            product_reject(
                product=product,
                reviewed_by=_team(product),
                reason="meh",
                reregistration_allowed=True,
            )


class TestBatchApprove:
    def test_it_approves_only_pending_products_of_the_campaign(self):
        campaign = CampaignFactory()
        pending = RegisteredProductFactory(campaign=campaign)
        rejected = RegisteredProductFactory(campaign=campaign)
        product_reject(
            product=rejected,
            reviewed_by=_team(campaign),
            reason="too_expensive",
            reregistration_allowed=True,
        )
        other = RegisteredProductFactory()
        codes = [pending.code, rejected.code, other.code]
        assert products_approve(campaign=campaign, codes=codes, reviewed_by=_team(campaign)) == 1
        assert RegisteredProduct.objects.get(pk=rejected.pk).status == "rejected"
        assert RegisteredProduct.objects.get(pk=other.pk).status == "pending"

    def test_it_does_not_review_once_the_campaign_closed(self):
        product = RegisteredProductFactory()
        with pytest.raises(CampaignRefused, match="has closed"):
            products_approve(
                campaign=product.campaign,
                codes=[product.code],
                reviewed_by=_team(product),
                now=product.campaign.ends_at,
            )
        assert RegisteredProduct.objects.get().status == "pending"


def test_a_whole_shop_registration_from_before_is_reviewed_like_any_product():
    legacy = RegisteredProductFactory(
        product_name="Whole shop (registered before product registration)",
        price=None,
        legacy=True,
    )
    product_reject(
        product=legacy,
        reviewed_by=_team(legacy),
        reason="no_suitable_creator",
        reregistration_allowed=True,
    )
    legacy.refresh_from_db()
    assert (legacy.status, legacy.price) == ("rejected", None)

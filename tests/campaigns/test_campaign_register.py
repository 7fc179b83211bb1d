"""The campaign_register service: open window, requirements, and no double registration."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest

from campaigns.models import Campaign, CampaignRegistration
from campaigns.services import RegistrationRefused, campaign_register
from tests.factories import CampaignFactory, CampaignRegistrationFactory, SellerFactory

pytestmark = pytest.mark.django_db


def test_it_registers_an_eligible_seller():
    campaign, seller = CampaignFactory(), SellerFactory()
    registration = campaign_register(campaign=campaign, seller=seller)
    assert registration.campaign == campaign
    assert registration.seller == seller
    assert CampaignRegistration.objects.count() == 1


def test_it_refuses_a_second_registration():
    registration = CampaignRegistrationFactory()
    with pytest.raises(RegistrationRefused, match="already registered"):
        campaign_register(campaign=registration.campaign, seller=registration.seller)
    assert CampaignRegistration.objects.count() == 1


def test_it_turns_a_lost_race_into_a_refusal():
    """Two requests both pass the check; the unique constraint stops the second insert."""
    registration = CampaignRegistrationFactory()
    with (
        mock.patch("django.db.models.QuerySet.exists", return_value=False),
        pytest.raises(RegistrationRefused, match="already registered"),
    ):
        campaign_register(campaign=registration.campaign, seller=registration.seller)
    assert CampaignRegistration.objects.count() == 1


def test_it_refuses_when_registration_is_closed():
    campaign = CampaignFactory()
    later = campaign.registration_ends_at + timedelta(seconds=1)
    with pytest.raises(RegistrationRefused, match="has closed"):
        campaign_register(campaign=campaign, seller=SellerFactory(), now=later)
    assert not CampaignRegistration.objects.exists()


def test_it_refuses_a_seller_who_misses_the_requirements():
    campaign = CampaignFactory(min_shop_rating=Decimal("4.9"))
    with pytest.raises(RegistrationRefused, match=r"shop rating of at least 4\.9"):
        campaign_register(campaign=campaign, seller=SellerFactory(shop_rating=Decimal("4.8")))
    with pytest.raises(RegistrationRefused, match="sellers in United States"):
        campaign_register(campaign=campaign, seller=SellerFactory(market="GB"))
    assert not CampaignRegistration.objects.exists()


def test_it_checks_the_campaign_as_saved_not_as_the_caller_holds_it():
    campaign = CampaignFactory()
    stale = Campaign.objects.get(pk=campaign.pk)
    campaign.min_shop_rating = Decimal("5.0")
    campaign.save()
    with pytest.raises(RegistrationRefused, match="shop rating"):
        campaign_register(campaign=stale, seller=SellerFactory(shop_rating=Decimal("4.0")))

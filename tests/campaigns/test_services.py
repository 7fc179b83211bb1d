"""Create Campaign and Edit as services: what they store, and Attach TikTok profile kept while
the agency is unlinked but never turned on without a link."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from campaigns import services
from campaigns.models import Campaign
from creators.models import Category
from linking.services import tiktok_link_unlink
from tests.factories import AccountManagerFactory, CampaignFactory, TikTokLinkFactory

pytestmark = pytest.mark.django_db

TERMS = services.CampaignTerms(
    name="Spring Glow Week",
    description="Glow all spring",
    registration_starts_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
    registration_ends_at=datetime(2026, 12, 10, 9, tzinfo=UTC),
    starts_at=datetime(2026, 12, 12, 9, tzinfo=UTC),
    ends_at=datetime(2026, 12, 31, 18, tzinfo=UTC),
    commission_rate=Decimal("15.5"),
    categories=[Category.BEAUTY, Category.HOME],
    min_shop_rating=Decimal("4.0"),
    contact_email="campaigns@northstar.example",
    attach_profile=True,
)


def _update(campaign: Campaign, **changes) -> Campaign:
    services.campaign_update(campaign=campaign, terms=replace(TERMS, **changes))
    campaign.refresh_from_db()
    return campaign


def test_it_creates_a_campaign_with_its_terms(partner, staff):
    TikTokLinkFactory(partner=partner)
    campaign = services.campaign_create(partner=partner, created_by=staff, terms=TERMS)
    stored = Campaign.objects.get()
    assert stored == campaign
    assert (stored.partner, stored.created_by, stored.name) == (partner, staff, "Spring Glow Week")
    assert stored.categories == [Category.BEAUTY, Category.HOME]
    assert stored.registration_ends_at == TERMS.registration_ends_at
    assert stored.commission_rate == Decimal("15.5")
    assert stored.attach_profile is True


def test_creating_while_unlinked_attaches_no_profile(partner, staff):
    campaign = services.campaign_create(partner=partner, created_by=staff, terms=TERMS)
    campaign.refresh_from_db()
    assert campaign.attach_profile is False


def test_it_updates_the_terms(partner):
    campaign = _update(
        CampaignFactory(partner=partner),
        name="Renamed",
        categories=[Category.TOYS],
        commission_rate=Decimal("20"),
        attach_profile=False,
    )
    assert (campaign.name, campaign.categories) == ("Renamed", [Category.TOYS])
    assert campaign.commission_rate == Decimal("20")
    assert campaign.ends_at == TERMS.ends_at


def test_updating_while_unlinked_keeps_an_attached_profile(partner):
    TikTokLinkFactory(partner=partner)
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    tiktok_link_unlink(partner=partner, actor=AccountManagerFactory(), reason="Change of account")
    assert _update(campaign, name="Edited while unlinked").attach_profile is True


def test_updating_while_unlinked_can_turn_the_profile_off(partner):
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    assert _update(campaign, attach_profile=False).attach_profile is False


def test_updating_while_unlinked_cannot_turn_the_profile_on(partner):
    campaign = CampaignFactory(partner=partner, attach_profile=False)
    assert _update(campaign, attach_profile=True).attach_profile is False


@pytest.mark.parametrize("attach", [True, False])
def test_updating_while_linked_sets_the_profile_as_asked(partner, attach):
    TikTokLinkFactory(partner=partner)
    campaign = CampaignFactory(partner=partner, attach_profile=not attach)
    assert _update(campaign, attach_profile=attach).attach_profile is attach

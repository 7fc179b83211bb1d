"""Create Campaign, Edit, Publish, Take offline and Delete as services: what they store, when
each is refused, the quota of published campaigns, and Attach TikTok profile kept while the
agency is unlinked but never turned on without a link."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign
from campaigns.rules import PUBLISHED_LIMIT
from creators.models import Category
from linking.services import tiktok_link_unlink
from tests.factories import (
    AccountManagerFactory,
    CampaignFactory,
    MembershipFactory,
    SellerFactory,
    TikTokLinkFactory,
)

pytestmark = pytest.mark.django_db

TERMS = services.CampaignTerms(
    name="Spring Glow Week",
    description="Glow all spring",
    starts_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
    registration_ends_at=datetime(2026, 12, 10, 9, tzinfo=UTC),
    ends_at=datetime(2026, 12, 31, 18, tzinfo=UTC),
    commission_rate=Decimal("15"),
    categories=[Category.BEAUTY, Category.HOME],
    min_shop_rating=Decimal("4.0"),
    target="all",
    seller_origin="both",
    contact_email="campaigns@northstar.example",
    attach_profile=True,
)


def _update(campaign: Campaign, **changes) -> Campaign:
    services.campaign_update(campaign=campaign, terms=replace(TERMS, **changes))
    campaign.refresh_from_db()
    return campaign


def _ready(**fields) -> Campaign:
    return CampaignFactory(published_at=None, **fields)


def _upcoming(**fields) -> Campaign:
    now = timezone.now()
    return CampaignFactory(
        registration_starts_at=now + timedelta(days=1),
        registration_ends_at=now + timedelta(days=5),
        ends_at=now + timedelta(days=9),
        **fields,
    )


def test_it_creates_a_campaign_with_its_terms(partner, staff):
    TikTokLinkFactory(partner=partner)
    campaign = services.campaign_create(partner=partner, created_by=staff, terms=TERMS)
    stored = Campaign.objects.get()
    assert stored == campaign
    assert (stored.partner, stored.created_by, stored.name) == (partner, staff, "Spring Glow Week")
    assert stored.categories == [Category.BEAUTY, Category.HOME]
    assert stored.registration_starts_at == stored.starts_at == TERMS.starts_at
    assert stored.registration_ends_at == TERMS.registration_ends_at
    assert stored.commission_rate == Decimal("15")
    assert stored.attach_profile is True
    assert stored.status == Campaign.Status.READY
    assert stored.published_by is None


def test_creating_while_unlinked_attaches_no_profile(partner, staff):
    campaign = services.campaign_create(partner=partner, created_by=staff, terms=TERMS)
    campaign.refresh_from_db()
    assert campaign.attach_profile is False


def test_it_updates_the_terms(partner):
    campaign = _update(
        _ready(partner=partner),
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
    campaign = _ready(partner=partner, attach_profile=True)
    tiktok_link_unlink(partner=partner, actor=AccountManagerFactory(), reason="Change of account")
    assert _update(campaign, name="Edited while unlinked").attach_profile is True


def test_updating_while_unlinked_can_turn_the_profile_off(partner):
    campaign = _ready(partner=partner, attach_profile=True)
    assert _update(campaign, attach_profile=False).attach_profile is False


def test_updating_while_unlinked_cannot_turn_the_profile_on(partner):
    campaign = _ready(partner=partner, attach_profile=False)
    assert _update(campaign, attach_profile=True).attach_profile is False


@pytest.mark.parametrize("attach", [True, False])
def test_updating_while_linked_sets_the_profile_as_asked(partner, attach):
    TikTokLinkFactory(partner=partner)
    campaign = _ready(partner=partner, attach_profile=not attach)
    assert _update(campaign, attach_profile=attach).attach_profile is attach


def test_it_stores_the_selected_sellers(partner, staff):
    chosen = [SellerFactory(), SellerFactory()]
    terms = replace(TERMS, target="selected", target_sellers=chosen)
    campaign = services.campaign_create(partner=partner, created_by=staff, terms=terms)
    assert set(campaign.target_sellers.all()) == set(chosen)
    _update(campaign, target="all", target_sellers=[])
    assert not campaign.target_sellers.exists()


@pytest.mark.parametrize("make", [CampaignFactory, _upcoming])
def test_a_published_campaign_cannot_be_edited_or_deleted(partner, make):
    campaign = make(partner=partner, name="Before")
    with pytest.raises(services.CampaignRefused, match="can no longer be edited"):
        services.campaign_update(campaign=campaign, terms=TERMS)
    with pytest.raises(services.CampaignRefused, match="cannot be deleted"):
        services.campaign_delete(campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.name == "Before"


def test_a_ready_campaign_can_be_deleted(partner):
    campaign = _ready(partner=partner)
    services.campaign_delete(campaign=campaign)
    assert not Campaign.objects.exists()


def test_it_publishes_a_ready_campaign_recording_who(partner, staff):
    campaign = _ready(partner=partner)
    services.campaign_publish(campaign=campaign, published_by=staff)
    campaign.refresh_from_db()
    assert campaign.published_by == staff
    assert campaign.status == Campaign.Status.ONGOING


def test_it_does_not_publish_twice(partner, staff):
    campaign = CampaignFactory(partner=partner)
    first = campaign.published_by
    with pytest.raises(services.CampaignRefused, match="published already"):
        services.campaign_publish(campaign=campaign, published_by=staff)
    campaign.refresh_from_db()
    assert campaign.published_by == first


def test_it_does_not_publish_once_registration_would_be_closed(partner, staff):
    now = timezone.now()
    campaign = _ready(
        partner=partner,
        registration_starts_at=now - timedelta(days=5),
        registration_ends_at=now,
    )
    with pytest.raises(services.CampaignRefused, match="Registration would already be closed"):
        services.campaign_publish(campaign=campaign, published_by=staff, now=now)
    campaign.refresh_from_db()
    assert campaign.published_at is None


def test_it_keeps_to_100_published_campaigns(partner, staff):
    from tests.campaigns import bulk

    bulk.campaigns(PUBLISHED_LIMIT - 1, partner=partner)
    # Closed and Ready ones do not count.
    now = timezone.now()
    CampaignFactory(
        partner=partner,
        registration_starts_at=now - timedelta(days=9),
        registration_ends_at=now - timedelta(days=5),
        ends_at=now - timedelta(days=1),
    )
    last, one_too_many = _ready(partner=partner), _ready(partner=partner)
    services.campaign_publish(campaign=last, published_by=staff)
    with pytest.raises(services.CampaignRefused, match="100 published campaigns"):
        services.campaign_publish(campaign=one_too_many, published_by=staff)
    one_too_many.refresh_from_db()
    assert one_too_many.status == Campaign.Status.READY
    # Another agency's quota is its own.
    elsewhere = _ready()
    rival = MembershipFactory(partner=elsewhere.partner).user
    services.campaign_publish(campaign=elsewhere, published_by=rival)


def test_it_takes_an_upcoming_campaign_offline(partner):
    campaign = _upcoming(partner=partner)
    services.campaign_unpublish(campaign=campaign)
    campaign.refresh_from_db()
    assert (campaign.status, campaign.published_at, campaign.published_by) == (
        Campaign.Status.READY,
        None,
        None,
    )
    _update(campaign, name="Editable again")
    assert campaign.name == "Editable again"


def test_it_keeps_an_ongoing_campaign_online(partner):
    campaign = CampaignFactory(partner=partner)
    with pytest.raises(services.CampaignRefused, match="registration has started"):
        services.campaign_unpublish(campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.ONGOING


def test_a_ready_campaign_is_not_online_to_take_off(partner):
    with pytest.raises(services.CampaignRefused, match="not published"):
        services.campaign_unpublish(campaign=_ready(partner=partner))

"""The campaigns demo: every status shows up for Northstar Creators, and seeding is repeatable."""

from __future__ import annotations

import pytest
from django.utils import timezone

from campaigns.models import Campaign, CampaignRegistration
from demo import campaigns as demo_campaigns
from demo import people

pytestmark = pytest.mark.django_db


def test_it_seeds_every_status_and_a_registration_once():
    people.seed_people(log=lambda *_: None)
    demo_campaigns.seed(log=lambda *_: None)
    demo_campaigns.seed(log=lambda *_: None)
    now = timezone.now()
    northstar = Campaign.objects.filter(partner__name="Northstar Creators")
    assert {c.status_at(now) for c in northstar} == set(Campaign.Status)
    assert Campaign.objects.filter(partner__name="Shoplift Affiliates").count() == 2
    assert Campaign.objects.count() == len(demo_campaigns.CAMPAIGNS)
    registration = CampaignRegistration.objects.get()
    assert registration.seller.user.username == "seller"

"""The campaigns demo: every status shows up for Northstar Creators, every review outcome for
`seller`, and seeding is repeatable."""

from __future__ import annotations

import pytest
from django.utils import timezone

from campaigns.models import Campaign, RegisteredProduct
from demo import campaigns as demo_campaigns
from demo import people

pytestmark = pytest.mark.django_db


def test_it_seeds_every_status_and_review_outcome_once():
    people.seed_people(log=lambda *_: None)
    demo_campaigns.seed(log=lambda *_: None)
    demo_campaigns.seed(log=lambda *_: None)
    now = timezone.now()
    northstar = Campaign.objects.filter(partner__name="Northstar Creators")
    assert {c.status_at(now) for c in northstar} == set(Campaign.Status)
    assert Campaign.objects.filter(partner__name="Shoplift Affiliates").count() == 2
    assert Campaign.objects.count() == len(demo_campaigns.CAMPAIGNS)
    outcomes = {
        (p.status, p.reregistration_allowed)
        for p in RegisteredProduct.objects.filter(seller__user__username="seller")
    }
    assert outcomes == {
        ("pending", True),
        ("approved", True),
        ("rejected", True),
        ("rejected", False),
    }
    assert RegisteredProduct.objects.count() == len(demo_campaigns.PRODUCTS)
    batik = Campaign.objects.get(name="Batik Style Week")
    assert [s.user.username for s in batik.target_sellers.all()] == ["seller3"]

"""Demo campaigns for `seed_demo`: campaigns in every status for Northstar Creators (US, profile
attached, shown once it links), two for Shoplift Affiliates (GB, unlinked), one open for
registration for Lumen Agency (ID, linked: `seller3` sees its TikTok handle), and one
registration.

Keyed by partner + campaign name and made only when missing: a campaign that exists, however
its partner has edited it, is left alone, and the demo registration is made only with its
campaign. Dates are set relative to the day a campaign is first seeded, so a fresh demo shows
every status; after that, time moves campaigns on as it would any other.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Partner
from campaigns.models import Campaign, CampaignRegistration, Seller, category_bits
from creators.models import Category

DAY = timedelta(days=1)

CAMPAIGNS = [
    # partner, name, (registration opens, closes, campaign starts, ends) in days from today,
    # commission %, categories, minimum shop rating, attach profile
    (
        "Northstar Creators",
        "Spring Glow Week",
        (-3, 10, 12, 26),
        "18.0",
        [Category.BEAUTY],
        "4.0",
        True,
    ),
    (
        "Northstar Creators",
        "Home Refresh Days",
        (-1, 14, 14, 30),
        "12.5",
        [Category.HOME, Category.PETS],
        "0",
        True,
    ),
    (
        "Northstar Creators",
        "Gadget Countdown",
        (5, 20, 21, 35),
        "10.0",
        [Category.TECH],
        "4.5",
        True,
    ),
    (
        "Northstar Creators",
        "Winter Warmers",
        (-30, -5, -2, 12),
        "15.0",
        [Category.FASHION, Category.SPORTS],
        "3.5",
        False,
    ),
    (
        "Northstar Creators",
        "Holiday Toy Drive",
        (-60, -40, -38, -10),
        "20.0",
        [Category.TOYS],
        "0",
        True,
    ),
    (
        "Shoplift Affiliates",
        "Cosy Kitchen Fortnight",
        (-2, 9, 10, 24),
        "14.0",
        [Category.FOOD, Category.HOME],
        "3.5",
        False,
    ),
    (
        "Shoplift Affiliates",
        "Tea Time Classics",
        (-45, -25, -24, -3),
        "9.0",
        [Category.FOOD],
        "0",
        False,
    ),
    (
        "Lumen Agency",
        "Batik Style Week",
        (-2, 12, 13, 27),
        "16.0",
        [Category.FASHION, Category.BEAUTY],
        "4.0",
        True,
    ),
]

REGISTRATIONS = [("seller", "Northstar Creators", "Home Refresh Days")]


def seed(*, log=print) -> None:
    today = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    created = set()
    with transaction.atomic():
        for partner_name, name, days, rate, categories, rating, attach in CAMPAIGNS:
            partner = Partner.objects.get(name=partner_name)
            if Campaign.objects.filter(partner=partner, name=name).exists():
                continue
            opens, closes, starts, ends = (today + n * DAY for n in days)
            author = Membership.objects.filter(partner=partner).select_related("user").first()
            Campaign.objects.create(
                partner=partner,
                name=name,
                created_by=author.user,
                description=f"{name}: promote our partners' products with {partner_name}.",
                registration_starts_at=opens,
                registration_ends_at=closes,
                starts_at=starts,
                ends_at=ends,
                commission_rate=Decimal(rate),
                category_bits=category_bits(categories),
                min_shop_rating=Decimal(rating),
                contact_email=f"campaigns@{partner_name.split()[0].lower()}.example",
                attach_profile=attach,
            )
            created.add((partner_name, name))
        for username, partner_name, name in REGISTRATIONS:
            if (partner_name, name) in created:
                CampaignRegistration.objects.create(
                    campaign=Campaign.objects.get(partner__name=partner_name, name=name),
                    seller=Seller.objects.get(user__username=username),
                )
    log(f"Demo campaigns: {len(created)} of {len(CAMPAIGNS)} added.")

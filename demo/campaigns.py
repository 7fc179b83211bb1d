"""Demo campaigns for `seed_demo`: Northstar Creators (US, profile attached, shown once it
links) has one in every status — Ready, Upcoming, Ongoing (one whose registration has closed)
and Closed — and `seller`'s products in every review outcome: pending, approved (with its
product link), rejected allowing re-registration and rejected for good. Shoplift Affiliates (GB,
unlinked) has two; Lumen Agency (ID, linked) has one aimed at `seller3` alone, by shop code,
with an approved product: `seller3` sees Lumen's TikTok handle on it.

Keyed by partner + campaign name and made only when missing: a campaign that exists, however
its partner has edited it, is left alone, and its demo products are made only with it. Dates
are set relative to the day a campaign is first seeded, so a fresh demo shows every status;
after that, time moves campaigns on as it would any other.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Partner
from campaigns.models import Campaign, RegisteredProduct, Seller, category_bits
from creators.models import Category

DAY = timedelta(days=1)

CAMPAIGNS = [
    # partner, title, (campaign starts = registration opens, registration closes, campaign
    # ends) in days from today, published, commission %, categories, minimum shop rating,
    # attach profile, selected sellers (usernames; none: all sellers of the market)
    (
        "Northstar Creators",
        "Spring Glow Week",
        (-3, 10, 26),
        True,
        "18",
        [Category.BEAUTY],
        "4.0",
        True,
        [],
    ),
    (
        "Northstar Creators",
        "Home Refresh Days",
        (-1, 14, 30),
        True,
        "12",
        [Category.HOME, Category.PETS],
        "0",
        True,
        [],
    ),
    (
        "Northstar Creators",
        "Gadget Countdown",
        (5, 20, 35),
        True,
        "10",
        [Category.TECH],
        "4.5",
        True,
        [],
    ),
    (
        "Northstar Creators",
        "Summer Preview",
        (12, 25, 45),
        False,
        "15",
        [Category.FASHION, Category.BEAUTY],
        "0",
        True,
        [],
    ),
    (
        "Northstar Creators",
        "Winter Warmers",
        (-30, -5, 12),
        True,
        "15",
        [Category.FASHION, Category.SPORTS],
        "3.5",
        False,
        [],
    ),
    (
        "Northstar Creators",
        "Holiday Toy Drive",
        (-60, -40, -10),
        True,
        "20",
        [Category.TOYS],
        "0",
        True,
        [],
    ),
    (
        "Shoplift Affiliates",
        "Cosy Kitchen Fortnight",
        (-2, 9, 24),
        True,
        "14",
        [Category.FOOD, Category.HOME],
        "3.5",
        False,
        [],
    ),
    (
        "Shoplift Affiliates",
        "Tea Time Classics",
        (-45, -25, -3),
        True,
        "9",
        [Category.FOOD],
        "0",
        False,
        [],
    ),
    (
        "Lumen Agency",
        "Batik Style Week",
        (-2, 12, 27),
        True,
        "16",
        [Category.FASHION, Category.BEAUTY],
        "4.0",
        True,
        ["seller3"],
    ),
]

REJECTED = RegisteredProduct.Status.REJECTED
APPROVED = RegisteredProduct.Status.APPROVED
PENDING = RegisteredProduct.Status.PENDING
Reason = RegisteredProduct.RejectionReason

PRODUCTS = [
    # seller, partner, campaign, product, price, commission %, free samples,
    # review (status, rejection reason, may register again)
    ("seller", "Northstar Creators", "Home Refresh Days", "Linen Cushion Cover", "24.00", "12", 5, (PENDING, "", True)),
    ("seller", "Northstar Creators", "Home Refresh Days", "Bamboo Storage Box", "39.90", "15", 3, (APPROVED, "", True)),
    ("seller", "Northstar Creators", "Home Refresh Days", "Scented Candle Trio", "89.00", "12", 0, (REJECTED, Reason.TOO_EXPENSIVE, True)),
    ("seller", "Northstar Creators", "Home Refresh Days", "Ceramic Vase", "45.00", "12", 2, (REJECTED, Reason.HARD_TO_PROMOTE, False)),
    ("seller", "Northstar Creators", "Holiday Toy Drive", "Wooden Train Set", "59.00", "20", 4, (APPROVED, "", True)),
    ("seller3", "Lumen Agency", "Batik Style Week", "Batik Silk Scarf", "350000", "18", 10, (APPROVED, "", True)),
]  # fmt: skip


def seed(*, log=print) -> None:
    today = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    created = set()
    with transaction.atomic():
        for (
            partner_name,
            name,
            days,
            published,
            rate,
            categories,
            rating,
            attach,
            selected,
        ) in CAMPAIGNS:
            partner = Partner.objects.get(name=partner_name)
            if Campaign.objects.filter(partner=partner, name=name).exists():
                continue
            starts, closes, ends = (today + n * DAY for n in days)
            author = _staff(partner)
            campaign = Campaign.objects.create(
                partner=partner,
                name=name,
                created_by=author,
                description=f"{name}: promote our partners' products with {partner_name}.",
                registration_starts_at=starts,
                registration_ends_at=closes,
                starts_at=starts,
                ends_at=ends,
                commission_rate=Decimal(rate),
                category_bits=category_bits(categories),
                min_shop_rating=Decimal(rating),
                contact_email=f"campaigns@{partner_name.split()[0].lower()}.example",
                attach_profile=attach,
                target=Campaign.Target.SELECTED if selected else Campaign.Target.ALL,
                published_at=starts - 2 * DAY if published else None,
                published_by=author if published else None,
            )
            campaign.target_sellers.set(Seller.objects.filter(user__username__in=selected))
            created.add((partner_name, name))
        for username, partner_name, name, product, price, rate, samples, review in PRODUCTS:
            if (partner_name, name) in created:
                _product(username, partner_name, name, product, price, rate, samples, review)
    log(f"Demo campaigns: {len(created)} of {len(CAMPAIGNS)} added.")


def _staff(partner: Partner):
    return Membership.objects.filter(partner=partner).select_related("user").first().user


def _product(username, partner_name, name, product, price, rate, samples, review) -> None:
    campaign = Campaign.objects.get(partner__name=partner_name, name=name)
    status, reason, again = review
    reviewed = status != PENDING
    RegisteredProduct.objects.create(
        campaign=campaign,
        seller=Seller.objects.get(user__username=username),
        product_name=product,
        price=Decimal(price),
        commission_rate=Decimal(rate),
        free_samples=samples,
        registered_at=campaign.registration_starts_at + DAY,
        status=status,
        rejection_reason=reason,
        reregistration_allowed=again,
        reviewed_by=_staff(campaign.partner) if reviewed else None,
        reviewed_at=campaign.registration_starts_at + 2 * DAY if reviewed else None,
    )

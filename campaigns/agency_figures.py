"""The agency profile's figures, computed by the product and never typed in: the top 3
categories and the highlights of the last 30 days (TikTok's "CAP/TAP profile displayed to
creators"). They live here because they read both creators (links) and campaigns (products,
sellers), and campaigns is the first app allowed to read both.

Every figure comes from four queries, whatever the agency's size (`compute`). They are cached
per agency (`figures_for`) and refreshed by beat (`refresh_all`); a miss computes them at once,
so correctness never depends on the task, and every set carries the time it was computed, shown
to creators as "as of".
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import Partner
from creators.models import BindingRequest, Category

from .models import CATEGORY_BITS, Campaign, RegisteredProduct

logger = logging.getLogger(__name__)

WINDOW = timedelta(days=30)
CACHE_SECONDS = 2 * 60 * 60  # beat refreshes every 30 minutes; a miss computes at once
STALE_AFTER = timedelta(hours=1)
CACHE_VERSION = 1


@dataclass(frozen=True)
class Highlight:
    key: str
    label: str
    value: str
    help: str


@dataclass(frozen=True)
class Figures:
    computed_at: datetime
    creator_network: int = 0
    creators_monetizing: int = 0
    linked_creator_sales: int = 0
    campaign_sales: Decimal = Decimal(0)
    campaign_scale: int = 0
    brand_matching: int = 0
    top_categories: list[str] = field(default_factory=list)

    @property
    def is_stale(self) -> bool:
        return timezone.now() - self.computed_at > STALE_AFTER

    @property
    def top_category_labels(self) -> list[str]:
        return [Category(value).label for value in self.top_categories]

    def highlights(self, programmes: list[str]) -> list[Highlight]:
        """The three highlights TikTok shows for these programmes (those the agency shares):
        CAP's, TAP's, or for both two of TAP's and CAP's creator network."""
        every = {
            "creator_network": Highlight(
                "creator_network",
                "Creator network",
                f"{self.creator_network:,}",
                "creators linked with the agency now",
            ),
            "creators_monetizing": Highlight(
                "creators_monetizing",
                "Creators monetizing",
                f"{self.creators_monetizing:,}",
                "linked creators with sales in the last 30 days",
            ),
            "linked_creator_sales": Highlight(
                "linked_creator_sales",
                "Linked creators' sales",
                f"${self.linked_creator_sales:,}",
                "their GMV over the last 30 days",
            ),
            "campaign_sales": Highlight(
                "campaign_sales",
                "Campaign sales",
                f"${self.campaign_sales:,.2f}",
                "list value of the products approved in its campaigns in the last 30 days",
            ),
            "campaign_scale": Highlight(
                "campaign_scale",
                "Campaign scale",
                f"{self.campaign_scale:,}",
                "products approved in its campaigns in the last 30 days",
            ),
            "brand_matching": Highlight(
                "brand_matching",
                "Brand matching",
                f"{self.brand_matching:,}",
                "sellers with a product approved in the last 30 days",
            ),
        }
        keys = highlight_keys(programmes)
        return [every[key] for key in keys]


def highlight_keys(programmes: list[str]) -> list[str]:
    """Which highlights a profile shows, by the programmes it shares."""
    cap, tap = "CAP" in programmes, "TAP" in programmes
    if cap and tap:
        return ["campaign_sales", "campaign_scale", "creator_network"]
    if cap:
        return ["creator_network", "creators_monetizing", "linked_creator_sales"]
    if tap:
        return ["campaign_sales", "campaign_scale", "brand_matching"]
    return []


def compute(partner: Partner, now: datetime) -> Figures:
    """The figures of the 30 days before `now`, in four queries."""
    since = now - WINDOW
    live = BindingRequest.objects.live(now).filter(partner=partner)
    creators = live.aggregate(
        network=Count("creator", distinct=True),
        monetizing=Count("creator", distinct=True, filter=Q(creator__sales_30d__gt=0)),
        sales=Sum("creator__sales_30d"),
    )
    category_sales = Counter(
        dict(live.values_list("creator__category").annotate(total=Sum("creator__sales_30d")))
    )
    approved = RegisteredProduct.objects.filter(
        campaign__partner=partner,
        status=RegisteredProduct.Status.APPROVED,
        reviewed_at__gt=since,
        reviewed_at__lte=now,
    ).aggregate(value=Sum("price"), scale=Count("id"), sellers=Count("seller", distinct=True))
    # Campaigns running at some time in the window: their categories count for the agency too.
    campaign_bits = Campaign.objects.filter(
        partner=partner, published_at__isnull=False, starts_at__lte=now, ends_at__gt=since
    ).values_list("category_bits", flat=True)
    campaign_counts = Counter(
        value for bits in campaign_bits for value, bit in CATEGORY_BITS.items() if bits & bit
    )
    return Figures(
        computed_at=now,
        creator_network=creators["network"] or 0,
        creators_monetizing=creators["monetizing"] or 0,
        linked_creator_sales=creators["sales"] or 0,
        campaign_sales=approved["value"] or Decimal(0),
        campaign_scale=approved["scale"] or 0,
        brand_matching=approved["sellers"] or 0,
        top_categories=top_categories(category_sales, campaign_counts),
    )


def top_categories(sales: Counter, campaigns: Counter) -> list[str]:
    """The three categories first by linked creators' sales, then by how many of the agency's
    campaigns took them, then by name: categories with neither are not shown."""
    ranked = sorted(
        {*sales, *campaigns} - {None},
        key=lambda value: (-(sales[value] or 0), -campaigns[value], value),
    )
    return [value for value in ranked if sales[value] or campaigns[value]][:3]


def _key(partner_id: int) -> str:
    return f"agency-figures:{CACHE_VERSION}:{partner_id}"


def figures_for(partner: Partner) -> Figures:
    """The cached figures, computed and cached now on a miss."""
    try:
        cached = cache.get(_key(partner.pk))
    except Exception:  # the cache (Redis) is down: the figures are computed all the same
        logger.warning("Cannot read the agency figures' cache", exc_info=True)
        cached = None
    if cached is not None:
        return Figures(**cached)
    return refresh(partner)


def refresh(partner: Partner) -> Figures:
    figures = compute(partner, timezone.now())
    try:
        cache.set(_key(partner.pk), asdict(figures), CACHE_SECONDS)
    except Exception:
        logger.warning("Cannot cache the agency figures", exc_info=True)
    return figures


def refresh_all() -> int:
    count = 0
    for partner in Partner.objects.iterator():
        refresh(partner)
        count += 1
    return count

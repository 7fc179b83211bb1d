"""Reads for campaigns: what the partner lists and reviews, and what is published to a seller."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import Partner

from .models import (
    Campaign,
    RegisteredProduct,
    Seller,
    registration_open_condition,
    status_condition,
    targets_condition,
)


def partner_campaigns(partner: Partner, *, status: str = "", now: datetime) -> QuerySet[Campaign]:
    """The partner's campaigns with their counts of registered products and of those waiting
    for review, in the same query."""
    pending = Q(products__status=RegisteredProduct.Status.PENDING)
    campaigns = (
        Campaign.objects.filter(partner=partner)
        .annotate(product_count=Count("products"), pending_count=Count("products", filter=pending))
        .order_by("-registration_starts_at", "-id")
    )
    if status:
        campaigns = campaigns.with_status(status, now)
    return campaigns


def partner_status_counts(partner: Partner, *, now: datetime) -> dict[str, int]:
    """How many of the partner's campaigns are in each status, in one query."""
    return Campaign.objects.filter(partner=partner).aggregate(
        all=Count("pk"),
        **{
            status.value: Count("pk", filter=status_condition(status, now))
            for status in Campaign.Status
        },
    )


def review_list(
    campaign: Campaign, *, status: str = "", query: str = ""
) -> QuerySet[RegisteredProduct]:
    """The campaign's registered products, newest first, with their seller and reviewer;
    searched by product name."""
    products = campaign.products.select_related("seller", "reviewed_by").order_by(
        "-registered_at", "-id"
    )
    if status:
        products = products.filter(status=status)
    if query:
        products = products.filter(product_name__icontains=query)
    return products


def product_status_counts(campaign: Campaign) -> dict[str, int]:
    return campaign.products.aggregate(
        all=Count("pk"),
        **{s.value: Count("pk", filter=Q(status=s)) for s in RegisteredProduct.Status},
    )


def _has_products(seller: Seller) -> Exists:
    return Exists(RegisteredProduct.objects.filter(campaign=OuterRef("pk"), seller=seller))


def published_to_seller(seller: Seller, *, now: datetime) -> QuerySet[Campaign]:
    """Campaigns a seller may open: the published ones aimed at them that have not closed, and
    any they registered products for (their own history). Each carries `has_products`."""
    return (
        Campaign.objects.select_related("partner")
        .annotate(has_products=_has_products(seller))
        .filter(
            (targets_condition(seller) & Q(published_at__isnull=False, ends_at__gt=now))
            | Q(has_products=True)
        )
    )


def campaigns_to_browse(
    seller: Seller, *, now: datetime, category: str = "", query: str = ""
) -> QuerySet[Campaign]:
    """Campaigns aimed at the seller that are open for registration or Upcoming (published,
    registration not started), soonest closing first. Searched by campaign title or agency
    name."""
    campaigns = published_to_seller(seller, now=now).filter(
        targets_condition(seller),
        registration_open_condition(now) | status_condition(Campaign.Status.UPCOMING, now),
    )
    if category:
        campaigns = campaigns.in_category(category)
    if query:
        campaigns = campaigns.filter(Q(name__icontains=query) | Q(partner__name__icontains=query))
    return campaigns.order_by("registration_ends_at", "id")


def seller_products(seller: Seller) -> QuerySet[RegisteredProduct]:
    """Every product the seller registered, in any campaign, newest first."""
    return RegisteredProduct.objects.filter(seller=seller).select_related("campaign__partner")

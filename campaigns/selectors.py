"""Reads for campaigns: what the partner lists and what is published to a seller."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from accounts.models import Partner

from .models import Campaign, CampaignRegistration, Seller, status_condition


def partner_campaigns(partner: Partner, *, status: str = "", now: datetime) -> QuerySet[Campaign]:
    """The partner's campaigns with their count of registered sellers, in the same query."""
    campaigns = (
        Campaign.objects.filter(partner=partner)
        .annotate(registered_count=Count("registrations"))
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


def _registered_at(seller: Seller) -> Subquery:
    return Subquery(
        CampaignRegistration.objects.filter(campaign=OuterRef("pk"), seller=seller).values(
            "registered_at"
        )[:1]
    )


def published_to_seller(seller: Seller, *, now: datetime) -> QuerySet[Campaign]:
    """Campaigns a seller may open: those of their market whose registration has opened and
    which have not ended; ended ones only if the seller registered (their own history).
    Each carries `registered_at`: when this seller registered, or None."""
    return (
        Campaign.objects.select_related("partner")
        .annotate(registered_at=_registered_at(seller))
        .filter(
            Q(
                partner__market=seller.market,
                registration_starts_at__lte=now,
                ends_at__gt=now,
            )
            | Q(registered_at__isnull=False)
        )
    )


def campaigns_to_browse(
    seller: Seller, *, now: datetime, category: str = "", query: str = ""
) -> QuerySet[Campaign]:
    """Campaigns open for registration in the seller's market, soonest closing first."""
    campaigns = (
        published_to_seller(seller, now=now)
        .filter(partner__market=seller.market)
        .with_status(Campaign.Status.OPEN, now)
    )
    if category:
        campaigns = campaigns.in_category(category)
    if query:
        campaigns = campaigns.filter(name__icontains=query)
    return campaigns.order_by("registration_ends_at", "id")


def seller_registrations(seller: Seller) -> QuerySet[CampaignRegistration]:
    return CampaignRegistration.objects.filter(seller=seller).select_related("campaign__partner")

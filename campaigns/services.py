"""Writes for campaigns: each runs in a transaction that locks what it changes."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Partner, User
from accounts.permissions import Section, require_user
from linking.selectors import linked_profile

from .models import Campaign, CampaignRegistration, Seller


class RegistrationRefused(Exception):
    """The seller cannot register; the message says why, in words a seller understands."""


@dataclass(frozen=True)
class CampaignTerms:
    """What Create Campaign and Edit set: the campaign form's cleaned data."""

    name: str
    description: str
    registration_starts_at: datetime
    registration_ends_at: datetime
    starts_at: datetime
    ends_at: datetime
    commission_rate: Decimal
    categories: list[str]
    min_shop_rating: Decimal
    contact_email: str
    attach_profile: bool


def campaign_create(*, partner: Partner, created_by: User, terms: CampaignTerms) -> Campaign:
    require_user(created_by, partner, Section.CAMPAIGNS)
    """Create Campaign. The TikTok profile is attached only while the partner is linked,
    whatever was posted."""
    with transaction.atomic():
        campaign = Campaign(partner=partner, created_by=created_by)
        _set_terms(campaign, terms, attach_profile=terms.attach_profile and _linked(partner))
        campaign.save()
    return campaign


def campaign_update(*, campaign: Campaign, terms: CampaignTerms) -> Campaign:
    """Edit. Attach TikTok profile can be turned on only while the partner is linked; a campaign
    that has it on keeps it while the partner is unlinked — waiting for a link: sellers see no
    handle until the agency is linked again — unless the agency turns it off."""
    with transaction.atomic():
        locked = (
            Campaign.objects.select_for_update(of=("self",))
            .select_related("partner")
            .get(pk=campaign.pk)
        )
        attach = terms.attach_profile and (locked.attach_profile or _linked(locked.partner))
        _set_terms(locked, terms, attach_profile=attach)
        locked.save()
    return locked


def _linked(partner: Partner) -> bool:
    return linked_profile(partner) is not None


def _set_terms(campaign: Campaign, terms: CampaignTerms, *, attach_profile: bool) -> None:
    for field in fields(terms):
        setattr(campaign, field.name, getattr(terms, field.name))
    campaign.attach_profile = attach_profile


def campaign_register(
    *, campaign: Campaign, seller: Seller, now: datetime | None = None
) -> CampaignRegistration:
    """Register `seller` for `campaign` while registration is open and they meet the
    requirements. The campaign row is locked so that the checks and the insert see one state;
    the unique constraint still has the last word on a double registration."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Campaign.objects.select_for_update(of=("self",))
            .select_related("partner")
            .get(pk=campaign.pk)
        )
        if CampaignRegistration.objects.filter(campaign=locked, seller=seller).exists():
            raise RegistrationRefused("You are already registered for this campaign.")
        refusal = locked.registration_refusal(seller, now)
        if refusal:
            raise RegistrationRefused(refusal)
        try:
            with transaction.atomic():
                return CampaignRegistration.objects.create(
                    campaign=locked, seller=seller, registered_at=now
                )
        except IntegrityError:
            raise RegistrationRefused("You are already registered for this campaign.") from None

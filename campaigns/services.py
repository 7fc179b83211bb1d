"""Writes for campaigns: each runs in a transaction that locks what it changes."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Campaign, CampaignRegistration, Seller


class RegistrationRefused(Exception):
    """The seller cannot register; the message says why, in words a seller understands."""


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

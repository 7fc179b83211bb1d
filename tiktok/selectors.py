"""Reads of the simulated TikTok platform worth naming."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F

from accounts.models import Partner

from .models import TikTokAccount


@dataclass(frozen=True)
class PartnerLink:
    """The Partner Center account a TikTok account is linked to, as the app shows it."""

    label: str
    agency: str
    linked_at: datetime

    @property
    def badge(self) -> str:
        """The badge on the profile: "Creator Agency Partner · Northstar Creators"."""
        return f"{self.label} · {self.agency}"

    @property
    def agency_possessive(self) -> str:
        """ "Northstar Creators'", "Lumen Agency's"."""
        return f"{self.agency}'" if self.agency.endswith("s") else f"{self.agency}'s"


def partner_link_for(account: TikTokAccount) -> PartnerLink | None:
    """The partner the account is linked to, with its label and since when, or None.

    The link itself is `linking`'s; the platform reads it through the relation's name
    (`Partner.tiktok_link`) rather than importing the app that owns it."""
    partner = (
        Partner.objects.filter(tiktok_link__tiktok_account=account)
        .annotate(linked_at=F("tiktok_link__linked_at"))
        .first()
    )
    if partner is None:
        return None
    return PartnerLink(
        label=partner.partner_label, agency=partner.name, linked_at=partner.linked_at
    )

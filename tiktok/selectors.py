"""Reads of the simulated TikTok platform worth naming."""

from __future__ import annotations

from accounts.models import Partner

from .models import TikTokAccount


def partner_label_for(account: TikTokAccount) -> str | None:
    """The badge on a TikTok profile: the label of the partner it is linked to, or None.

    The link itself is `linking`'s; the platform reads it through the relation's name
    (`Partner.tiktok_link`) rather than importing the app that owns it."""
    partner = Partner.objects.filter(tiktok_link__tiktok_account=account).first()
    return partner.partner_label if partner is not None else None

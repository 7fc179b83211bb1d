"""Reads of the link that other apps use: what may be shown to creators and sellers."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Partner, TikTokAccount

from .models import TikTokLink


@dataclass(frozen=True)
class LinkedProfile:
    """What the audience sees of a partner's linked TikTok account."""

    account: TikTokAccount
    label: str

    @property
    def handle(self) -> str:
        return self.account.handle


def linked_profile(partner: Partner) -> LinkedProfile | None:
    """The partner's linked profile now, or None: never stale data after an unlink."""
    link = TikTokLink.objects.select_related("tiktok_account").filter(partner=partner).first()
    if link is None:
        return None
    return LinkedProfile(account=link.tiktok_account, label=partner.partner_label)


def linked_profiles(partner_ids) -> dict[int, LinkedProfile]:
    """Linked profiles for many partners in one query, keyed by partner id."""
    links = TikTokLink.objects.select_related("tiktok_account", "partner").filter(
        partner_id__in=set(partner_ids)
    )
    return {
        link.partner_id: LinkedProfile(
            account=link.tiktok_account, label=link.partner.partner_label
        )
        for link in links
    }

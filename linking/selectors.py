"""Reads of the link that other apps use (what may be shown to creators and sellers), and the
partner's unlink or change request as its Profile page shows it."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from accounts.models import Partner
from tiktok.models import TikTokAccount

from .models import TikTokLink, UnlinkRequest


@dataclass(frozen=True)
class LinkedProfile:
    """What the audience sees of a partner's linked TikTok account."""

    account: TikTokAccount
    label: str
    link: TikTokLink | None = None

    @property
    def handle(self) -> str:
        return self.account.handle

    @property
    def followers(self) -> int:
        """Followers as last fetched from the TikTok side, else as the account shows now."""
        if self.link is not None and self.link.followers is not None:
            return self.link.followers
        return self.account.followers

    @property
    def linked_at(self):
        return self.link.linked_at if self.link is not None else None


def linked_profile(partner: Partner) -> LinkedProfile | None:
    """The partner's linked profile now, or None: never stale data after an unlink."""
    link = TikTokLink.objects.select_related("tiktok_account").filter(partner=partner).first()
    if link is None:
        return None
    return LinkedProfile(account=link.tiktok_account, label=partner.partner_label, link=link)


def linked_profiles(partner_ids) -> dict[int, LinkedProfile]:
    """Linked profiles for many partners in one query, keyed by partner id."""
    links = TikTokLink.objects.select_related("tiktok_account", "partner").filter(
        partner_id__in=set(partner_ids)
    )
    return {
        link.partner_id: LinkedProfile(
            account=link.tiktok_account, label=link.partner.partner_label, link=link
        )
        for link in links
    }


def unlink_request_latest(partner: Partner) -> UnlinkRequest | None:
    """The partner's newest unlink or change request: its open one if it has one (a request
    can be made only when none is open), else the last one answered or expired."""
    return (
        UnlinkRequest.objects.select_related("tiktok_account", "requested_by", "decided_by")
        .filter(partner=partner)
        .first()
    )


def scan_url(token: str) -> str:
    """The absolute URL a link session's QR code carries: opening it is scanning it."""
    return settings.SITE_URL + reverse("linking:scan", args=[token])

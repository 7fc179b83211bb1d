"""Reads of linking: what other apps may show of the link (to creators and sellers), what a
scanned QR code opens, and the partner's unlink or change request as its Profile page shows it."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from accounts.models import Partner
from tiktok.models import TikTokAccount

from .models import LinkEvent, LinkSession, LinkToken, TikTokLink, UnlinkRequest

Status = LinkSession.Status


class InvalidToken(Exception):
    """The code is unknown, used, expired, or opens nothing for this account: all answered
    alike, so a guess learns nothing."""


class TokenReplaced(InvalidToken):
    """A newer QR code replaced this one (it rotated, or a new session was started)."""


class ScanRejected(InvalidToken):
    """The agency said **Not our account** to this account's scan."""


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
    """The absolute URL a link session's QR code carries: opening it is scanning it. The token
    rides in the fragment, which browsers never send: no access log or error report records it,
    and the scan screen posts it (static/js/scan.js, or the app's scanner, tiktok.forms)."""
    return f"{settings.SITE_URL}{reverse('linking:scan')}#t={token}"


def current_token(session: LinkSession) -> LinkToken | None:
    """The QR code the session's page draws now, if it can be drawn (it has its seed)."""
    return session.tokens.filter(replaced_at__isnull=True).exclude(seed="").first()


def session_for_token(
    *, token: str, account: TikTokAccount, for_update: bool = False
) -> LinkSession:
    """The link session a scanned token opens for `account`, or why not.

    A code opens its session while the session waits for a scan, if no newer code replaced
    it; once scanned, it opens only for the account that scanned it (single use: it leads
    that account back to the same confirmation, nobody else anywhere). `for_update`: a
    service locks the session, and reads the code after the lock, so that a rotation that
    committed meanwhile counts."""
    token_hash = LinkToken.hash(token)
    sessions = LinkSession.objects.select_related("partner", "started_by")
    if for_update:
        # The session's row only: the partner's is Get Started's to lock, and first.
        sessions = sessions.select_for_update(of=("self",))
    session = sessions.filter(tokens__token_hash=token_hash).first()
    if session is None:
        raise InvalidToken
    scanned_by = session.tiktok_account_id
    if scanned_by is not None and scanned_by != account.pk:
        raise InvalidToken
    status = session.current_status
    if status == Status.SUPERSEDED:
        raise TokenReplaced
    if status == Status.REJECTED:
        raise ScanRejected
    if status not in LinkSession.OPEN_STATUSES:
        raise InvalidToken
    if scanned_by is None:
        replaced = LinkToken.objects.filter(token_hash=token_hash, replaced_at__isnull=False)
        if replaced.exists():
            raise TokenReplaced
    return session


HISTORY_LENGTH = 10


def link_history(partner: Partner) -> list[LinkEvent]:
    """The agency's latest audit rows, with who did each: what its Profile page shows."""
    events = LinkEvent.objects.filter(partner=partner).select_related("actor", "tiktok_account")
    return list(events.order_by("-created_at", "-pk")[:HISTORY_LENGTH])

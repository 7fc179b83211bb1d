"""Telling both sides when a partner's TikTok account is linked or unlinked: the agency's staff
in Partner Center (accounts.notifications) and the account holder in the TikTok app's inbox
(tiktok.services). Called by linking.services inside the transaction of the change."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from accounts.models import Notification, User
from accounts.notifications import notification_send
from tiktok.services import inbox_message_send

from . import user_agents
from .models import LinkSession, TikTokLink

Kind = Notification.Kind


def tiktok_linked_notify(*, session: LinkSession) -> None:
    partner, account, staff = session.partner, session.tiktok_account, session.started_by
    notification_send(
        partner=partner,
        kind=Kind.TIKTOK_LINKED,
        text=f"{account} ({account.display_name}) was linked to {partner} by {staff}.",
        url=reverse("linking:profile"),
    )
    inbox_message_send(
        account=account,
        title=f"Your account was linked to {partner}",
        body=(
            f"Your TikTok account {account} is now linked to {partner} "
            f"({partner.get_market_display()}) in TikTok Shop Partner Center, and your profile "
            f"shows the badge “{partner.partner_label}”.\n"
            f"{staff} started the link on {_when(session.created_at)} {_where(session)}, and "
            f"Connect Now was tapped on {_when(session.finished_at)}.\n"
            f"If you did not start this yourself, ask {partner} to contact its account "
            "manager, who can unlink it."
        ),
    )


def tiktok_unlinked_notify(*, link: TikTokLink, actor: User, reason: str) -> None:
    partner, account = link.partner, link.tiktok_account
    notification_send(
        partner=partner,
        kind=Kind.TIKTOK_UNLINKED,
        text=(
            f"{account} was unlinked from {partner} by {actor}, your account manager. "
            f"Reason: {reason}"
        ),
        url=reverse("linking:profile"),
    )
    started = ""
    if link.session is not None:
        started = f", from a session {link.session.started_by} started {_where(link.session)}"
    inbox_message_send(
        account=account,
        title=f"Your account was unlinked from {partner}",
        body=(
            f"Your TikTok account {account} is no longer linked to {partner} in TikTok Shop "
            f"Partner Center: {actor}, the agency's account manager, unlinked it on "
            f"{_when(timezone.now())}.\n"
            f"It had been linked since {_when(link.linked_at)}{started}.\n"
            "The partner badge no longer shows on your profile."
        ),
    )


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "an unknown time"
    return format_date(moment.astimezone(UTC), "j M Y \\a\\t H:i \\U\\T\\C")


def _where(session: LinkSession) -> str:
    where = f"in {user_agents.describe(session.user_agent)}"
    if session.ip_address:
        where += f" (IP address {session.ip_address})"
    return where

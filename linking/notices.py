"""Telling both sides when a partner's TikTok account is linked or unlinked: the agency's staff
in Partner Center (accounts.notifications) and the account holder in the TikTok app's inbox
(tiktok.services); and the agency's staff when their unlink or change request is answered or
expires. Called by linking.services inside the transaction of the change."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from accounts.models import Notification, User
from accounts.notifications import notification_send
from tiktok.services import inbox_message_send

from . import user_agents
from .models import LinkSession, TikTokLink, UnlinkRequest

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


def unlink_request_approved_notify(*, unlink_request: UnlinkRequest) -> None:
    account, manager = _account(unlink_request), unlink_request.decided_by
    if unlink_request.is_change:
        text = (
            f"{manager} approved your request to {asked_for(unlink_request)}: {account} is "
            f"unlinked. Now link {_wanted(unlink_request)} yourself: Profile → Link TikTok "
            "Account, and scan the QR code with it in the TikTok app."
        )
    else:
        text = (
            f"{manager} approved your request to unlink {account}: it is no longer linked to "
            f"{unlink_request.partner}."
        )
    if unlink_request.decision_note:
        text += f" Note: {unlink_request.decision_note}"
    _tell_agency(unlink_request, Kind.UNLINK_REQUEST_APPROVED, text)


def unlink_request_declined_notify(*, unlink_request: UnlinkRequest) -> None:
    _tell_agency(
        unlink_request,
        Kind.UNLINK_REQUEST_DECLINED,
        f"{unlink_request.decided_by} declined your request to {asked_for(unlink_request)}: "
        f"“{unlink_request.decision_note}” {_account(unlink_request)} stays linked.",
    )


def unlink_request_expired_notify(*, unlink_request: UnlinkRequest) -> None:
    _tell_agency(
        unlink_request,
        Kind.UNLINK_REQUEST_EXPIRED,
        f"Your request of {day(unlink_request.created_at)} to {asked_for(unlink_request)} "
        f"expired: your account manager did not answer within {unlink_request.TTL.days} days. "
        f"{_account(unlink_request)} stays linked; you can ask again from your Profile.",
    )


def asked_for(unlink_request: UnlinkRequest) -> str:
    """What a request asks, in words: "unlink @old", "change @old to @new"."""
    if unlink_request.is_change:
        return f"change {_account(unlink_request)} to {_wanted(unlink_request)}"
    return f"unlink {_account(unlink_request)}"


def why_closed(unlink_request: UnlinkRequest) -> str:
    """Why a request can no longer be answered."""
    if unlink_request.current_status == UnlinkRequest.Status.EXPIRED:
        return (
            f"This request expired unanswered on {day(unlink_request.expires_at)}: it can no "
            "longer be answered. The agency can ask again."
        )
    return (
        f"This request was already {unlink_request.get_status_display().lower()} by "
        f"{unlink_request.decided_by} on {day(unlink_request.decided_at)}."
    )


def day(moment: datetime) -> str:
    """A date as the notices and the messages about requests write it: 3 May 2026 (UTC)."""
    return format_date(moment.astimezone(UTC), "j F Y")


def _tell_agency(unlink_request: UnlinkRequest, kind: str, text: str) -> None:
    notification_send(
        partner=unlink_request.partner, kind=kind, text=text, url=reverse("linking:profile")
    )


def _account(unlink_request: UnlinkRequest) -> str:
    return str(unlink_request.tiktok_account or "your TikTok account")


def _wanted(unlink_request: UnlinkRequest) -> str:
    if unlink_request.wanted_handle:
        return f"@{unlink_request.wanted_handle}"
    return "another account"


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "an unknown time"
    return format_date(moment.astimezone(UTC), "j M Y \\a\\t H:i \\U\\T\\C")


def _where(session: LinkSession) -> str:
    where = f"in {user_agents.describe(session.user_agent)}"
    if session.ip_address:
        where += f" (IP address {session.ip_address})"
    return where

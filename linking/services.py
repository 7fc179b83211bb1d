"""Writes for linking: each state change runs in a transaction that locks what it changes.

Session states: pending → scanned → linked | cancelled | failed(reason) | expired. A TikTok
user reaches a session only through its token; unknown, finished and expired tokens all
raise `InvalidToken`, so they all get the same answer.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Partner, User
from tiktok import api as tiktok_api
from tiktok.models import TikTokAccount

from . import eligibility, notices, poll_cache
from .models import LinkEvent, LinkSession, TikTokLink

Status = LinkSession.Status
Reason = LinkSession.FailureReason


class InvalidToken(Exception):
    """The token is unknown, used, expired, or belongs to a session this account may not act on."""


class NotLinked(Exception):
    """The partner has no linked TikTok account."""


class AlreadyLinked(Exception):
    """The partner already has a linked TikTok account, so there is nothing to start."""


def link_session_start(*, partner: Partner, started_by: User) -> tuple[LinkSession, str]:
    """Start a new link session, superseding the partner's open one. Returns the session and
    its raw token, which is never stored (only its hash is). Raises `AlreadyLinked`, starting
    nothing, when the partner is linked."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        # Locking the partner serialises concurrent starts, so the one-open-session
        # constraint is never what a user runs into. NO KEY: a Connect Now holding an open
        # session checks its link's foreign key to the partner (FOR KEY SHARE) when it
        # commits; FOR UPDATE would wait for that while Connect Now waits for us — a deadlock.
        Partner.objects.select_for_update(no_key=True).get(pk=partner.pk)
        for old in LinkSession.objects.select_for_update().filter(
            partner=partner, status__in=LinkSession.OPEN_STATUSES
        ):
            if old.is_expired:
                _finish(old, Status.EXPIRED, now)
                continue
            _finish(old, Status.CANCELLED, now)
            _record(old, LinkEvent.Event.SUPERSEDED, actor=started_by)
        # Checked after the open sessions are locked: a Connect Now that holds one of them
        # commits its link first, and this query sees it.
        if TikTokLink.objects.filter(partner=partner).exists():
            raise AlreadyLinked(f"{partner} already has a linked TikTok account.")
        session = LinkSession.objects.create(
            partner=partner,
            started_by=started_by,
            token_hash=LinkSession.hash_token(token),
            created_at=now,
            expires_at=now + timedelta(seconds=settings.LINK_SESSION_TTL_SECONDS),
        )
    return session, token


def link_session_scan(*, token: str, account: TikTokAccount) -> LinkSession:
    """Opening the QR code's URL. Idempotent for the account that scanned first; a session
    scanned by one account is not open to another (so nobody can take over a confirmation)."""
    with transaction.atomic():
        session = _open_session_for(token, account, allow_unscanned=True)
        if session.status == Status.PENDING:
            session.status = Status.SCANNED
            session.tiktok_account = account
            session.scanned_at = timezone.now()
            session.save(update_fields=["status", "tiktok_account", "scanned_at"])
            poll_cache.forget_on_commit(session)
    return session


def link_session_confirm(*, token: str, account: TikTokAccount) -> LinkSession:
    """**Connect Now**: check eligibility and link, or record the named failure.

    A registered business account leaves the session open (scanned, with the reason) since
    the user can switch to a personal account and tap Connect Now again; every other failure
    finishes the session.
    """
    with transaction.atomic():
        session = _open_session_for(token, account, allow_unscanned=False)
        account = TikTokAccount.objects.select_for_update().get(pk=account.pk)
        now = timezone.now()
        reason = eligibility.failure_reason(
            account=account, partner=session.partner, today=now.date()
        )
        if reason is None:
            try:
                with transaction.atomic():
                    TikTokLink.objects.create(
                        partner=session.partner,
                        tiktok_account=account,
                        linked_by=session.started_by,
                        session=session,
                        linked_at=now,
                        followers=account.followers,
                        likes=account.likes,
                        figures_refreshed_at=now,
                    )
            except IntegrityError:
                # Someone linked this partner or this account in the meantime.
                reason = (
                    eligibility.failure_reason(
                        account=account, partner=session.partner, today=now.date()
                    )
                    or Reason.AFFILIATED
                )
        if reason is None:
            session.failure_reason = ""
            _finish(session, Status.LINKED, now)
            _record(session, LinkEvent.Event.LINKED, actor=session.started_by)
            notices.tiktok_linked_notify(session=session)
            return session
        session.failure_reason = reason
        if reason == Reason.BUSINESS_ACCOUNT:
            session.save(update_fields=["failure_reason"])
            poll_cache.forget_on_commit(session)
        else:
            _finish(session, Status.FAILED, now)
        _record(session, LinkEvent.Event.FAILED, reason=eligibility.PROBLEMS[reason].message)
    return session


def link_session_cancel(*, token: str, account: TikTokAccount) -> LinkSession:
    """**Cancel** on the confirmation screen."""
    with transaction.atomic():
        session = _open_session_for(token, account, allow_unscanned=False)
        _finish(session, Status.CANCELLED, timezone.now())
        _record(session, LinkEvent.Event.CANCELLED, reason="Cancelled in the TikTok app.")
    return session


def link_sessions_expire() -> int:
    """Mark open sessions past their time as expired. Housekeeping only: sessions already
    read as expired the moment their time passes."""
    now = timezone.now()
    with transaction.atomic():
        return LinkSession.objects.lapsed(now).update(
            status=LinkSession.Status.EXPIRED, finished_at=now
        )


def link_session_record_origin(
    *, session: LinkSession, user_agent: str, ip_address: str | None
) -> None:
    """Where a session was started (the browser's user agent and IP address), for the phone's
    confirmation screen and the account holder's inbox. Recorded before its QR code is shown,
    so no scan can come first."""
    try:
        validate_ipv46_address(ip_address or "")
    except ValidationError:
        ip_address = None
    # PostgreSQL refuses a NUL in text; nothing else a client sends is worth refusing here.
    limit = LinkSession._meta.get_field("user_agent").max_length
    user_agent = user_agent.replace("\x00", "")[:limit]
    LinkSession.objects.filter(pk=session.pk).update(user_agent=user_agent, ip_address=ip_address)
    session.user_agent, session.ip_address = user_agent, ip_address


def tiktok_link_unlink(*, partner: Partner, actor: User, reason: str) -> None:
    """An account manager unlinks the partner's TikTok account, with a reason for the audit."""
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to unlink.")
    with transaction.atomic():
        link = TikTokLink.objects.select_for_update().filter(partner=partner).first()
        if link is None:
            raise NotLinked(f"{partner} has no linked TikTok account.")
        LinkEvent.objects.create(
            partner=partner,
            tiktok_account=link.tiktok_account,
            actor=actor,
            event=LinkEvent.Event.UNLINKED,
            reason=reason,
            session=link.session,
        )
        notices.tiktok_unlinked_notify(link=link, actor=actor, reason=reason)
        link.delete()


def linked_profiles_refresh() -> int:
    """Store each link's public figures as the TikTok side reports them now. Idempotent."""
    refreshed = 0
    for link_id, account_id in TikTokLink.objects.values_list("pk", "tiktok_account_id"):
        figures = tiktok_api.public_figures(account_id)
        if figures is None:
            continue
        refreshed += TikTokLink.objects.filter(pk=link_id).update(
            followers=figures.followers, likes=figures.likes, figures_refreshed_at=timezone.now()
        )
    return refreshed


def _open_session_for(token: str, account: TikTokAccount, *, allow_unscanned: bool) -> LinkSession:
    session = (
        # The session's row only: the partner's is Get Started's to lock, and first.
        LinkSession.objects.select_for_update(of=("self",))
        .select_related("partner")
        .filter(token_hash=LinkSession.hash_token(token))
        .first()
    )
    if session is None or not session.is_open:
        raise InvalidToken
    scanned_by = session.tiktok_account_id
    if scanned_by is None and not allow_unscanned:
        raise InvalidToken
    if scanned_by is not None and scanned_by != account.pk:
        raise InvalidToken
    return session


def _finish(session: LinkSession, status: str, now) -> None:
    session.status = status
    session.finished_at = now
    session.save(update_fields=["status", "failure_reason", "finished_at"])
    poll_cache.forget_on_commit(session)


def _record(session: LinkSession, event: str, *, actor: User | None = None, reason: str = ""):
    LinkEvent.objects.create(
        partner=session.partner,
        tiktok_account=session.tiktok_account,
        actor=actor,
        event=event,
        reason=reason,
        session=session,
    )

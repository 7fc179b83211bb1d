"""Writes for linking: each state change runs in a transaction that locks what it changes.

The session states are listed in `models.LinkSessionStatus`. A TikTok user reaches a session
first through its QR code's token (`selectors.session_for_token` says what a token opens);
the scan binds the session to that account, which then acts on it by its code.

Unlink or change requests: pending → approved (the audited unlink) | declined (with a note) |
expired (unanswered for UnlinkRequest.TTL); one open request per partner.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Partner, User
from accounts.permissions import Section, require_user
from tiktok import api as tiktok_api
from tiktok.models import TikTokAccount

from . import eligibility, notices, poll_cache
from .models import LinkEvent, LinkSession, LinkToken, TikTokLink, UnlinkRequest
from .selectors import session_for_token

Status = LinkSession.Status
Reason = LinkSession.FailureReason


class NotOpen(Exception):
    """The session no longer waits for this account (finished, expired, rejected, replaced,
    or never scanned by it): the phone shows the session as it now is."""


class NothingToReject(Exception):
    """The session is not scanned (yet, or any more): there is no scan to reject."""


class NotLinked(Exception):
    """The partner has no linked TikTok account."""


class AlreadyLinked(Exception):
    """The partner already has a linked TikTok account, so there is nothing to start."""


class UnlinkRequestRefused(Exception):
    """An unlink or change request that cannot be made or answered; the message says why, in
    words for the person who tried."""


def link_session_start(*, partner: Partner, started_by: User) -> tuple[LinkSession, str]:
    """Start a new link session, superseding the partner's open one. Returns the session and
    its first QR code's token, which is never stored (only its hash and seed are). Raises
    `AlreadyLinked`, starting nothing, when the partner is linked."""
    require_user(started_by, partner, Section.PROFILE)
    now = timezone.now()
    with transaction.atomic():
        _lock_partner(partner)
        _supersede_open_sessions(partner, actor=started_by, now=now)
        # Checked after the open sessions are locked: a Connect Now that holds one of them
        # commits its link first, and this query sees it.
        if TikTokLink.objects.filter(partner=partner).exists():
            raise AlreadyLinked(f"{partner} already has a linked TikTok account.")
        return _create_session(partner, started_by, now)


def link_token_rotate(*, session: LinkSession) -> LinkToken | None:
    """While the session waits for a scan, replace its QR code by a new one once the current
    one is LINK_QR_ROTATE_SECONDS old: only the newest scans. Returns the current code, new or
    not (so two pages of one session show the same one), or None once the session no longer
    waits for a scan."""
    now = timezone.now()
    period = timedelta(seconds=settings.LINK_QR_ROTATE_SECONDS)
    with transaction.atomic():
        session = LinkSession.objects.select_for_update().get(pk=session.pk)
        if session.current_status != Status.PENDING:
            return None
        current = session.tokens.filter(replaced_at__isnull=True).first()
        if current is not None and current.seed and now - current.created_at < period:
            return current
        if current is not None:
            current.replaced_at, current.seed = now, ""
            current.save(update_fields=["replaced_at", "seed"])
        token = LinkToken.new(session=session, now=now)
        token.save()
    return token


def link_session_scan(*, token: str, account: TikTokAccount) -> LinkSession:
    """The TikTok user's tap on the scan screen: the agency now sees who scanned, and only this
    account can act on the session. Idempotent for that account. Raises `InvalidToken` (or
    `TokenReplaced`, `ScanRejected`) as `selectors.session_for_token` says."""
    with transaction.atomic():
        session = session_for_token(token=token, account=account, for_update=True)
        if session.status == Status.PENDING:
            session.status = Status.SCANNED
            session.tiktok_account = account
            session.scanned_at = timezone.now()
            session.save(update_fields=["status", "tiktok_account", "scanned_at"])
            poll_cache.forget_on_commit(session)
    return session


def link_session_reject(
    *, session: LinkSession, actor: User, start_fresh: bool = True
) -> LinkSession | None:
    """**Not our account**: the agency ends a scanned session as rejected (the phone is told
    so) and, with `start_fresh`, gets a fresh code: a new session started by `actor`, in the
    same transaction. Returns the new session, or None when none was started (not asked, or
    the partner is linked). Raises `NothingToReject` when the session is not scanned."""
    now = timezone.now()
    partner = session.partner
    require_user(actor, partner, Section.PROFILE)
    with transaction.atomic():
        _lock_partner(partner)
        session = LinkSession.objects.select_for_update().get(pk=session.pk)
        if session.current_status != Status.SCANNED:
            raise NothingToReject(f"{session} has no scan to reject.")
        session.failure_reasons = []
        _finish(session, Status.REJECTED, now)
        _record(
            session,
            LinkEvent.Event.REJECTED,
            actor=actor,
            reason="Not our account: rejected in Partner Center.",
        )
        if not start_fresh or TikTokLink.objects.filter(partner=partner).exists():
            return None
        new, _token = _create_session(partner, actor, now)
    return new


def link_session_confirm(*, session: LinkSession, account: TikTokAccount) -> LinkSession:
    """**Connect Now**: check eligibility and link, or record the named failure.

    Every failed requirement is recorded, on the session and in the audit trail. A registered
    business account alone leaves the session open (scanned, with the reason) since the user
    can switch to a personal account and tap Connect Now again; any other failure finishes the
    session. Raises `NotOpen` unless the session is open and scanned by `account`.
    """
    with transaction.atomic():
        session = _scanned_session(session, account)
        account = TikTokAccount.objects.select_for_update().get(pk=account.pk)
        now = timezone.now()
        reasons = eligibility.failure_reasons(account=account, partner=session.partner, now=now)
        if not reasons:
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
                reasons = eligibility.failure_reasons(
                    account=account, partner=session.partner, now=now
                ) or [Reason.LINKED_ELSEWHERE]
        if not reasons:
            session.failure_reasons = []
            _finish(session, Status.LINKED, now)
            _record(session, LinkEvent.Event.LINKED, actor=session.started_by)
            notices.tiktok_linked_notify(session=session)
            return session
        session.failure_reasons = reasons
        if eligibility.only_fixable_in_the_app(reasons):
            session.save(update_fields=["failure_reasons"])
            poll_cache.forget_on_commit(session)
        else:
            _finish(session, Status.FAILED, now)
        messages = [eligibility.PROBLEMS[reason].message for reason in reasons]
        _record(session, LinkEvent.Event.FAILED, reason=" ".join(messages))
    return session


def link_session_release(*, session: LinkSession, account: TikTokAccount) -> LinkSession:
    """**Switch account** on the confirmation screen: the account that scanned says it is not
    the one meant to, and gives the session back, waiting for a scan, so that the right
    account can scan its code. The agency's page goes back to "Waiting for scan"; nothing was
    linked or failed, so the audit trail has nothing to record. Raises `NotOpen` as
    `link_session_confirm`."""
    with transaction.atomic():
        session = _scanned_session(session, account)
        session.status = Status.PENDING
        session.tiktok_account = None
        session.scanned_at = None
        session.failure_reasons = []
        session.save(update_fields=["status", "tiktok_account", "scanned_at", "failure_reasons"])
        poll_cache.forget_on_commit(session)
    return session


def link_session_cancel(*, session: LinkSession, account: TikTokAccount) -> LinkSession:
    """**Cancel** on the confirmation screen. Raises `NotOpen` as `link_session_confirm`."""
    with transaction.atomic():
        session = _scanned_session(session, account)
        _finish(session, Status.CANCELLED, timezone.now())
        _record(session, LinkEvent.Event.CANCELLED, reason="Cancelled in the TikTok app.")
    return session


def link_sessions_expire() -> int:
    """Mark open sessions past their time as expired. Housekeeping only: sessions already
    read as expired the moment their time passes."""
    now = timezone.now()
    with transaction.atomic():
        lapsed = LinkSession.objects.lapsed(now)
        LinkToken.objects.filter(session__in=lapsed).exclude(seed="").update(seed="")
        return lapsed.update(status=LinkSession.Status.EXPIRED, finished_at=now)


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


# --- Unlink or change requests ---------------------------------------------------------------


def unlink_request_create(
    *,
    partner: Partner,
    requested_by: User,
    kind: str,
    reason: str,
    wanted_handle: str = "",
) -> UnlinkRequest:
    """Ask the partner's account manager to unlink its TikTok account or, for a change, to
    unlink it so that `wanted_handle` can be linked instead. Raises `UnlinkRequestRefused` when
    the partner is not linked or already has an open request."""
    require_user(requested_by, partner, Section.PROFILE)
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to ask for an unlink or a change.")
    if kind not in UnlinkRequest.Kind.values:
        raise ValueError(f"Unknown kind of request: {kind!r}")
    wanted_handle = wanted_handle.strip().removeprefix("@")
    if wanted_handle and kind != UnlinkRequest.Kind.CHANGE:
        raise ValueError("Only a change names the handle wanted instead.")
    now = timezone.now()
    with transaction.atomic():
        # Locking the partner serialises concurrent requests, so the one-open-request constraint
        # is what a user runs into only when something skipped this lock. NO KEY, as in
        # link_session_start: creating rows that point at the partner must not wait for us.
        Partner.objects.select_for_update(no_key=True).get(pk=partner.pk)
        for lapsed in UnlinkRequest.objects.select_for_update().filter(partner=partner).lapsed(now):
            _unlink_request_expire(lapsed)
        if (open_request := _open_request(partner)) is not None:
            raise UnlinkRequestRefused(_already_asked(open_request))
        link = TikTokLink.objects.select_related("tiktok_account").filter(partner=partner).first()
        if link is None:
            raise UnlinkRequestRefused(
                "Your agency has no linked TikTok account, so there is nothing to unlink or "
                "change. Link one with Link TikTok Account."
            )
        if wanted_handle.lower() == link.tiktok_account.handle.lower():
            raise UnlinkRequestRefused(
                f"{link.tiktok_account} is the account linked now: name the account you want "
                "instead, or ask for an unlink."
            )
        try:
            with transaction.atomic():
                return UnlinkRequest.objects.create(
                    partner=partner,
                    tiktok_account=link.tiktok_account,
                    kind=kind,
                    reason=reason,
                    wanted_handle=wanted_handle,
                    requested_by=requested_by,
                    created_at=now,
                    expires_at=now + UnlinkRequest.TTL,
                )
        except IntegrityError:
            # linking_unlinkrequest_one_open_per_partner: one was made without the lock.
            if (open_request := _open_request(partner)) is None:
                raise
            raise UnlinkRequestRefused(_already_asked(open_request)) from None


def unlink_request_approve(
    *, unlink_request: UnlinkRequest, decided_by: User, note: str = ""
) -> UnlinkRequest:
    """The account manager approves: the partner's TikTok account is unlinked through the
    audited unlink, with the request's reason. For a change the agency then links the wanted
    account itself, through the QR flow. Raises `UnlinkRequestRefused` for a request that is
    no longer open, or whose account is no longer the one linked."""
    with transaction.atomic():
        # The partner first, as unlink_request_create locks it: one lock order, no deadlock.
        Partner.objects.select_for_update(no_key=True).get(pk=unlink_request.partner_id)
        locked = _lock_answerable(unlink_request)
        link = TikTokLink.objects.select_for_update().filter(partner=locked.partner).first()
        if link is None or link.tiktok_account_id != locked.tiktok_account_id:
            raise UnlinkRequestRefused(
                f"{locked.partner} is no longer linked to {locked.tiktok_account or 'the account'}"
                " this request is about, so there is nothing to approve: decline it with a note."
            )
        tiktok_link_unlink(partner=locked.partner, actor=decided_by, reason=_audit_reason(locked))
        _unlink_request_decide(locked, UnlinkRequest.Status.APPROVED, decided_by, note)
        notices.unlink_request_approved_notify(unlink_request=locked)
    return locked


def unlink_request_decline(
    *, unlink_request: UnlinkRequest, decided_by: User, note: str
) -> UnlinkRequest:
    """The account manager declines, saying why in `note`; the link stays."""
    note = note.strip()
    if not note:
        raise ValueError("A note is required to decline.")
    with transaction.atomic():
        locked = _lock_answerable(unlink_request)
        _unlink_request_decide(locked, UnlinkRequest.Status.DECLINED, decided_by, note)
        notices.unlink_request_declined_notify(unlink_request=locked)
    return locked


def unlink_requests_expire() -> int:
    """Mark requests unanswered past their expiry as expired and tell their agencies, once:
    a row is expired and its notice written in one transaction, under the row's lock. They
    already read as expired (UnlinkRequest.current_status) whether or not this has run."""
    now = timezone.now()
    expired = 0
    with transaction.atomic():
        lapsed = (
            UnlinkRequest.objects.lapsed(now)
            # A row being answered right now is left to that answer.
            .select_for_update(of=("self",), skip_locked=True)
            .select_related("partner", "tiktok_account")
            .order_by("pk")
        )
        for unlink_request in lapsed:
            _unlink_request_expire(unlink_request)
            expired += 1
    return expired


def _open_request(partner: Partner) -> UnlinkRequest | None:
    return (
        UnlinkRequest.objects.filter(partner=partner, status=UnlinkRequest.Status.PENDING)
        .order_by("-created_at")
        .first()
    )


def _already_asked(open_request: UnlinkRequest) -> str:
    return (
        f"You already asked on {notices.day(open_request.created_at)}; your account manager "
        f"will answer by {notices.day(open_request.expires_at)}."
    )


def _lock_answerable(unlink_request: UnlinkRequest) -> UnlinkRequest:
    locked = (
        UnlinkRequest.objects.select_for_update(of=("self",))
        .select_related("partner", "tiktok_account", "requested_by")
        .get(pk=unlink_request.pk)
    )
    if not locked.is_open:
        raise UnlinkRequestRefused(notices.why_closed(locked))
    return locked


def _audit_reason(unlink_request: UnlinkRequest) -> str:
    return (
        f"{unlink_request.reason} (asked by {unlink_request.requested_by} on "
        f"{notices.day(unlink_request.created_at)}: {notices.asked_for(unlink_request)})"
    )


def _unlink_request_decide(
    unlink_request: UnlinkRequest, status: str, decided_by: User, note: str
) -> None:
    unlink_request.status = status
    unlink_request.decided_by = decided_by
    unlink_request.decided_at = timezone.now()
    unlink_request.decision_note = note.strip()
    unlink_request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])


def _unlink_request_expire(unlink_request: UnlinkRequest) -> None:
    unlink_request.status = UnlinkRequest.Status.EXPIRED
    unlink_request.save(update_fields=["status"])
    notices.unlink_request_expired_notify(unlink_request=unlink_request)


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


def _lock_partner(partner: Partner) -> None:
    # Locking the partner serialises concurrent starts, so the one-open-session constraint is
    # never what a user runs into. NO KEY: a Connect Now holding an open session checks its
    # link's foreign key to the partner (FOR KEY SHARE) when it commits; FOR UPDATE would wait
    # for that while Connect Now waits for us — a deadlock.
    Partner.objects.select_for_update(no_key=True).get(pk=partner.pk)


def _supersede_open_sessions(partner: Partner, *, actor: User, now) -> None:
    for old in LinkSession.objects.select_for_update().filter(
        partner=partner, status__in=LinkSession.OPEN_STATUSES
    ):
        if old.is_expired:
            _finish(old, Status.EXPIRED, now)
            continue
        _finish(old, Status.SUPERSEDED, now)
        _record(old, LinkEvent.Event.SUPERSEDED, actor=actor)


def _create_session(partner: Partner, started_by: User, now) -> tuple[LinkSession, str]:
    session = LinkSession.objects.create(
        partner=partner,
        started_by=started_by,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.LINK_SESSION_TTL_SECONDS),
    )
    token = LinkToken.new(session=session, now=now)
    token.save()
    return session, token.raw


def _scanned_session(session: LinkSession, account: TikTokAccount) -> LinkSession:
    session = (
        # The session's row only: the partner's is Get Started's to lock, and first.
        LinkSession.objects.select_for_update(of=("self",))
        .select_related("partner")
        .get(pk=session.pk)
    )
    if not session.is_open or session.tiktok_account_id != account.pk:
        raise NotOpen(f"{session} is not open to @{account.handle}.")
    return session


def _finish(session: LinkSession, status: str, now) -> None:
    session.status = status
    session.finished_at = now
    session.save(update_fields=["status", "failure_reasons", "finished_at"])
    # Nothing needs to draw its codes any more.
    session.tokens.exclude(seed="").update(seed="")
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

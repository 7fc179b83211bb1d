"""Writes for creator management: sending invitations (now, or as an outreach past today's
quota) and binding requests, answering, cancelling and expiring them, and notifying
creators.

Each state change runs in a transaction that locks what it changes. Sends lock the partner's
row so two sends by the same agency queue up instead of racing for the one-open-proposal
constraint (which stays the last word).
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.db import connection, transaction
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Concat, Left, Lower
from django.urls import reverse
from django.utils import timezone

from accounts.models import Partner, User
from accounts.permissions import Section, require_user
from linking.selectors import linked_profile
from partner_center.headers import header_safe
from partner_center.queue import enqueue_on_commit
from tiktok.models import TikTokAccount

from . import invitation_rules, notices, selectors, tasks
from . import partnership_rules as rules
from .invitation_rules import SkipReason
from .models import (
    BindingRequest,
    Creator,
    ExtensionRequest,
    Invitation,
    Outreach,
    OutreachCreator,
    Proposal,
)

log = logging.getLogger(__name__)

# Creators e-mailed by one task, so that a task stays short (settings: visibility timeout).
NOTIFY_BATCH = 100


class ProposalError(Exception):
    """A change the rules forbid; the message is meant for the user."""


class QuotaUsedUp(ProposalError):
    """Today's invitations are all sent."""


@dataclass(frozen=True)
class SendResult:
    """What a send did at once: `sent` new, `skipped` (already open), `failed` (gone), and the
    skipped creators' handles by reason."""

    sent: int
    skipped: int
    failed: int = 0
    skipped_handles: Mapping[SkipReason, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class InviteTerms:
    """What an agency invitation says (creators/invitation_rules.py has its rules)."""

    purpose: str
    message: str
    attach_profile: bool
    contact_whatsapp: str = ""
    contact_email: str = ""
    contact_phone: str = ""

    @property
    def contact(self) -> dict[str, str]:
        return {
            "contact_whatsapp": self.contact_whatsapp,
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
        }


def _check_terms(partner: Partner, terms: InviteTerms) -> None:
    """The rules the form checks, checked again for any other caller."""
    if terms.purpose not in invitation_rules.purposes_for(partner):
        raise ProposalError("Choose a purpose of your agency's programme (CAP or TAP).")
    try:
        invitation_rules.validate_message(terms.message)
    except ValidationError as error:
        raise ProposalError(error.messages[0]) from None
    problems = invitation_rules.contact_problems(
        whatsapp=terms.contact_whatsapp, email=terms.contact_email, phone=terms.contact_phone
    )
    if problems:
        raise ProposalError(" ".join(problems.values()))


# --- The directory's copies -------------------------------------------------------------


def creators_sync_from_tiktok() -> int:
    """Copy followers and the search text from each creator's TikTok account where they differ:
    rows bulk-inserted without them, and accounts that changed since. Run hourly by beat (about
    4 s at a million creators, a hash join); a second run updates nothing."""
    stale = Creator.objects.exclude(
        followers=F("tiktok_account__followers"),
        search_text=_search_text("tiktok_account__handle", "tiktok_account__display_name"),
    )
    account = TikTokAccount.objects.filter(pk=OuterRef("tiktok_account_id"))
    with transaction.atomic():
        return stale.update(
            followers=Subquery(account.values("followers")[:1]),
            search_text=_search_text(
                Subquery(account.values("handle")[:1]),
                Subquery(account.values("display_name")[:1]),
            ),
        )


def _search_text(handle, display_name):
    """`Creator.search_text_for` in SQL."""
    return Lower(Left(Concat(handle, Value(" "), display_name, output_field=CharField()), 60))


# --- Invitations --------------------------------------------------------------------------


def _attachable(partner: Partner, wanted: bool) -> bool:
    """A profile is attached only while the partner is linked, whatever was posted."""
    return wanted and linked_profile(partner) is not None


def _lock_partner(partner: Partner) -> None:
    Partner.objects.select_for_update().only("pk").get(pk=partner.pk)


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def _close_stale(model: type[Proposal], partner: Partner, creator_ids, now: datetime) -> None:
    """Pending rows past their expiry are expired: mark them so they stop blocking a new one."""
    model.objects.filter(partner=partner, creator_id__in=creator_ids).lapsed(now).update(
        status=Proposal.Status.EXPIRED
    )


def _invite_chunk(
    *,
    partner: Partner,
    sent_by: User,
    creator_ids: list[int],
    terms: InviteTerms,
    limit: int | None = None,
) -> tuple[list[Invitation], dict[int, SkipReason], int]:
    """Invite `creator_ids` (inside the caller's transaction), the first `limit` of those that
    can be invited if given: (new invitations, skipped creator ids with the reason, failed).
    Skipped: holding an open invitation from this partner, or invited by it in the last 7
    days; failed: gone. Past `limit`, creators are neither invited nor skipped."""
    now = timezone.now()
    ids = _unique(creator_ids)
    existing = set(Creator.objects.filter(pk__in=ids).values_list("pk", flat=True))
    _close_stale(Invitation, partner, existing, now)
    skipped = dict.fromkeys(
        selectors.recently_invited_creator_ids(partner, list(existing), now), SkipReason.RECENT
    )
    open_ = (
        Invitation.objects.filter(partner=partner, creator_id__in=existing)
        .open(now)
        .values_list("creator_id", flat=True)
    )
    skipped.update(dict.fromkeys(open_, SkipReason.INVITED))
    invited = [c for c in ids if c in existing and c not in skipped][:limit]
    new = Invitation.objects.bulk_create(
        Invitation(
            partner=partner,
            creator_id=creator_id,
            sent_by=sent_by,
            purpose=terms.purpose,
            message=terms.message,
            **terms.contact,
            attach_profile=terms.attach_profile,
            created_at=now,
            expires_at=now + timedelta(days=invitation_rules.INVITATION_DAYS),
        )
        for creator_id in invited
    )
    return new, skipped, len(ids) - len(existing)


def invitations_send(
    *,
    partner: Partner,
    sent_by: User,
    creator_ids: Iterable[int],
    terms: InviteTerms,
    idempotency_key: uuid.UUID | None = None,
) -> SendResult | Outreach:
    """Invite creators. Up to what is left of today's quota (invitation_rules.DAILY_INVITATIONS
    in the agency's market day) are invited at once (what happened); more become an outreach
    (returned), which sends today's part at once and the rest on the following days. The same
    `idempotency_key` (one per rendering of the invite form) gives back the outreach made with
    it, so a form submitted twice makes one. The quota is counted under the partner's lock,
    so two sends at once cannot both take its last places."""
    require_user(sent_by, partner, Section.FIND_CREATORS)
    ids = _unique(creator_ids)
    if not ids:
        raise ProposalError("Select at least one creator to invite.")
    _check_terms(partner, terms)
    if len(ids) > Outreach.MAX_CREATORS:
        raise ProposalError(f"Invite at most {Outreach.MAX_CREATORS:,} creators at once.")
    terms = replace(terms, attach_profile=_attachable(partner, terms.attach_profile))
    with transaction.atomic():
        _lock_partner(partner)
        if idempotency_key is not None:
            earlier = Outreach.objects.filter(
                partner=partner, idempotency_key=idempotency_key
            ).first()
            if earlier is not None:
                return earlier
        now = timezone.now()
        left = selectors.invitation_quota(partner, now).left
        if len(ids) > left:
            return _outreach_create(
                partner=partner,
                created_by=sent_by,
                ids=ids,
                terms=terms,
                idempotency_key=idempotency_key,
                now=now,
            )
        new, skipped, failed = _invite_chunk(
            partner=partner, sent_by=sent_by, creator_ids=ids, terms=terms
        )
        if new:
            enqueue_on_commit(tasks.notify_creators, kind="invitation", ids=[i.pk for i in new])
    handles = dict(
        Creator.objects.filter(pk__in=list(skipped)).values_list("pk", "tiktok_account__handle")
    )
    return SendResult(
        sent=len(new),
        skipped=len(skipped),
        failed=failed,
        skipped_handles=_handles_by_reason(skipped, handles),
    )


def _handles_by_reason(
    reasons: Mapping[int, SkipReason], handles: Mapping[int, str]
) -> dict[SkipReason, tuple[str, ...]]:
    """The skipped creators' handles, alphabetically, under each reason in SkipReason's order."""
    grouped: dict[SkipReason, list[str]] = {reason: [] for reason in SkipReason}
    for creator_id, reason in reasons.items():
        if creator_id in handles:  # not deleted since
            grouped[reason].append(handles[creator_id])
    return {reason: tuple(sorted(h, key=str.lower)) for reason, h in grouped.items() if h}


def invitation_resend(*, invitation: Invitation, user: User, partner: Partner) -> Invitation:
    """Invite the creator of `invitation` again on the same terms (purpose, message, contacts,
    Attach TikTok profile), through `invitations_send` and so under all of its rules. Refused
    inside the 7-day window since the agency's last invitation to the creator, or while one is
    open (invitation_rules.resend_from). Returns the new invitation."""
    require_user(user, partner, Section.FIND_CREATORS)
    if invitation.partner_id != partner.pk:
        raise ProposalError("This invitation is not your agency's.")
    now = timezone.now()
    allowed_from = selectors.invitation_resend_from(
        partner=partner, creator_id=invitation.creator_id, now=now
    )
    if allowed_from is not None and now < allowed_from:
        local = allowed_from.astimezone(rules.market_zone(partner.market))
        raise ProposalError(
            f"{invitation.creator} was invited less than 7 days ago or has not answered yet: "
            f"you can resend from {local:%-d %b %Y, %H:%M} ({local.tzname()})."
        )
    terms = InviteTerms(
        purpose=invitation.purpose,
        message=invitation.message,
        attach_profile=invitation.attach_profile,
        contact_whatsapp=invitation.contact_whatsapp,
        contact_email=invitation.contact_email,
        contact_phone=invitation.contact_phone,
    )
    try:
        with transaction.atomic():  # a refusal below undoes the outreach the send made
            result = invitations_send(
                partner=partner, sent_by=user, creator_ids=[invitation.creator_id], terms=terms
            )
            if isinstance(result, Outreach):
                raise QuotaUsedUp(
                    f"Today's {invitation_rules.DAILY_INVITATIONS} invitations are all sent: "
                    "resend tomorrow."
                )
    except QuotaUsedUp:
        raise
    except ProposalError as error:  # terms the agency can no longer send (older invitations)
        raise ProposalError(
            f"This invitation cannot be sent again as it was: {error} Invite "
            f"{invitation.creator} from their page in Find Creators instead."
        ) from None
    if not result.sent:
        reasons = [reason.label for reason in result.skipped_handles]
        why = f": {reasons[0]}" if reasons else ""
        raise ProposalError(f"{invitation.creator} was not invited again{why}.")
    return Invitation.objects.filter(partner=partner, creator_id=invitation.creator_id).latest(
        "created_at", "id"
    )


# --- Outreaches: more creators than today's quota, sent day by day ------------------------

# Queued creators looked at in one transaction: at most a day's quota is sent, but skipped
# creators take no place in it.
OUTREACH_CHUNK_SIZE = 500
# Chunks sent within the request that creates an outreach; the task sends any rest of today's.
OUTREACH_STEPS_AT_ONCE = 3
# Selected creators written per INSERT where the database has no array to unnest.
OUTREACH_INSERT_BATCH = 5_000
# A task stops after the chunk that takes it past this and queues the rest (settings:
# the broker's visibility timeout).
OUTREACH_TASK_SECONDS = 20.0


def _outreach_create(
    *,
    partner: Partner,
    created_by: User,
    ids: list[int],
    terms: InviteTerms,
    idempotency_key: uuid.UUID | None,
    now: datetime,
) -> Outreach:
    """Inside the send's transaction, holding the partner's lock: the outreach and one queued
    row per selected creator still in the directory, written in bulk (one INSERT … SELECT on
    PostgreSQL), then today's part sent at once. The same number of queries at 10 creators
    and at 100,000."""
    outreach = Outreach.objects.create(
        partner=partner,
        created_by=created_by,
        purpose=terms.purpose,
        message=terms.message,
        **terms.contact,
        attach_profile=terms.attach_profile,
        created_at=now,
        updated_at=now,
        idempotency_key=idempotency_key,
    )
    total = _outreach_creators_insert(outreach, ids)
    Outreach.objects.filter(pk=outreach.pk).update(total=total)
    for _ in range(OUTREACH_STEPS_AT_ONCE):
        if not _outreach_step(partner, now=now, chunk_size=OUTREACH_CHUNK_SIZE).more:
            break
    # The rest of today's quota, if skipped creators left some, and the following days'.
    enqueue_on_commit(tasks.run_outreaches, partner_id=partner.pk)
    outreach.refresh_from_db()
    return outreach


def _outreach_creators_insert(outreach: Outreach, ids: list[int]) -> int:
    if connection.vendor == "postgresql":
        table = OutreachCreator._meta.db_table
        creators = Creator._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (outreach_id, creator_id, status, skip_reason) "
                f"SELECT %s, c.id, %s, '' FROM unnest(%s::bigint[]) WITH ORDINALITY AS s(id, n) "
                f"JOIN {creators} c ON c.id = s.id ORDER BY s.n",
                [outreach.pk, OutreachCreator.Status.QUEUED, ids],
            )
            return cursor.rowcount
    total = 0
    for start in range(0, len(ids), OUTREACH_INSERT_BATCH):
        batch = ids[start : start + OUTREACH_INSERT_BATCH]
        existing = set(Creator.objects.filter(pk__in=batch).values_list("pk", flat=True))
        rows = OutreachCreator.objects.bulk_create(
            OutreachCreator(outreach=outreach, creator_id=pk) for pk in batch if pk in existing
        )
        total += len(rows)
    return total


@dataclass(frozen=True)
class _Step:
    sent: int
    more: bool  # something may be left to send today


def _outreach_step(partner: Partner, *, now: datetime, chunk_size: int) -> _Step:
    """One chunk of the partner's oldest active outreach, within what is left of today's quota,
    inside the caller's transaction, which holds the partner's lock: the invitations, each
    creator's row and the counters commit together, so a run after a crash carries on where
    the last commit left off and sends nobody twice."""
    left = selectors.invitation_quota(partner, now).left
    if not left:
        return _Step(sent=0, more=False)
    outreach = (
        Outreach.objects.select_for_update()
        .filter(partner=partner, status=Outreach.Status.ACTIVE)
        .select_related("created_by")
        .order_by("created_at", "id")
        .first()
    )
    if outreach is None:
        return _Step(sent=0, more=False)
    rows = list(
        OutreachCreator.objects.filter(outreach=outreach, status=OutreachCreator.Status.QUEUED)
        .order_by("id")
        .values_list("creator_id", flat=True)[:chunk_size]
    )
    sent: list[Invitation] = []
    if rows:
        sent, skipped, failed = _invite_chunk(
            partner=partner,
            sent_by=outreach.created_by,
            creator_ids=rows,
            terms=InviteTerms(**outreach.terms),
            limit=left,
        )
        if len(sent) >= left:
            # Today's quota ends here: the creators after the last one sent wait for another
            # day, and are checked then (a creator skipped as recently invited may not be).
            position = {c: n for n, c in enumerate(rows)}
            reached = set(rows[: max(position[i.creator_id] for i in sent) + 1])
            skipped = {c: r for c, r in skipped.items() if c in reached}
        _outreach_rows_update(outreach, rows, sent, skipped, gone=bool(failed), now=now)
        for start in range(0, len(sent), NOTIFY_BATCH):
            batch = [i.pk for i in sent[start : start + NOTIFY_BATCH]]
            enqueue_on_commit(tasks.notify_creators, kind="invitation", ids=batch)
    outreach.updated_at = now
    if not _has_queued(outreach):
        outreach.status = Outreach.Status.FINISHED
        outreach.finished_at = now
        outreach.save(update_fields=["status", "finished_at", "updated_at"])
        outreach.refresh_from_db(fields=["sent", "skipped", "total"])
        notices.outreach_finished_notify(outreach=outreach)
    else:
        outreach.save(update_fields=["updated_at"])
    return _Step(sent=len(sent), more=True)


def _has_queued(outreach: Outreach) -> bool:
    return OutreachCreator.objects.filter(
        outreach=outreach, status=OutreachCreator.Status.QUEUED
    ).exists()


def _outreach_rows_update(
    outreach: Outreach,
    rows: list[int],
    sent: list[Invitation],
    skipped: Mapping[int, SkipReason],
    *,
    gone: bool,
    now: datetime,
) -> None:
    """Each creator of the chunk becomes sent (with its invitation) or skipped with the reason,
    a creator gone from the directory meanwhile as gone; those past today's quota stay queued."""
    queued = OutreachCreator.objects.filter(outreach=outreach, status=OutreachCreator.Status.QUEUED)
    invitation = {i.creator_id for i in sent}
    if sent:
        queued.filter(creator_id__in=list(invitation)).update(
            status=OutreachCreator.Status.SENT,
            sent_at=now,
            invitation=Subquery(
                Invitation.objects.filter(
                    partner_id=outreach.partner_id,
                    creator_id=OuterRef("creator_id"),
                    status=Proposal.Status.PENDING,
                ).values("pk")[:1]
            ),
        )
    reasons = dict(skipped)
    if gone:
        rest = [c for c in rows if c not in invitation and c not in skipped]
        here = set(Creator.objects.filter(pk__in=rest).values_list("pk", flat=True))
        reasons.update({c: SkipReason.GONE for c in rest if c not in here})
    for reason in {*reasons.values()}:
        queued.filter(creator_id__in=[c for c, r in reasons.items() if r == reason]).update(
            status=OutreachCreator.Status.SKIPPED, skip_reason=reason
        )
    Outreach.objects.filter(pk=outreach.pk).update(
        sent=F("sent") + len(sent), skipped=F("skipped") + len(reasons)
    )


def outreaches_send(
    *, partner_id: int, chunk_size: int | None = None, max_seconds: float | None = None
) -> int:
    """Send what today's quota allows of the partner's active outreaches, oldest first, chunk
    by chunk, each chunk its own transaction under the partner's lock (runs at the same time
    take turns). A run that has taken `max_seconds` queues the rest with its last chunk.
    Returns how many invitations it sent."""
    chunk_size = chunk_size or OUTREACH_CHUNK_SIZE
    started = time.monotonic()
    total = 0
    while True:
        with transaction.atomic():
            partner = Partner.objects.select_for_update().get(pk=partner_id)
            step = _outreach_step(partner, now=timezone.now(), chunk_size=chunk_size)
            total += step.sent
            if not step.more:
                return total
            if max_seconds is not None and time.monotonic() - started >= max_seconds:
                enqueue_on_commit(tasks.run_outreaches, partner_id=partner_id)
                return total


def outreaches_queue_sends() -> int:
    """Beat, every few minutes: queue a send for each agency with an active outreach. The first
    run after midnight in the agency's market sends the new day's quota; a send lost with its
    worker or its broker is queued again by the next run. Returns how many were queued."""
    partner_ids = list(
        Outreach.objects.filter(status=Outreach.Status.ACTIVE)
        .order_by("partner_id")
        .values_list("partner_id", flat=True)
        .distinct()
    )
    with transaction.atomic():
        for partner_id in partner_ids:
            enqueue_on_commit(tasks.run_outreaches, partner_id=partner_id)
    return len(partner_ids)


def _outreach_change(
    *, outreach: Outreach, user: User, allowed: tuple[str, ...], to: str, refusal: str
) -> Outreach:
    require_user(user, outreach.partner, Section.FIND_CREATORS)
    with transaction.atomic():
        locked = Outreach.objects.select_for_update().get(
            pk=outreach.pk, partner_id=outreach.partner_id
        )
        if locked.status not in allowed:
            raise ProposalError(refusal)
        locked.status = to
        locked.updated_at = timezone.now()
        if to == Outreach.Status.CANCELLED:
            locked.finished_at = locked.updated_at
        locked.save(update_fields=["status", "updated_at", "finished_at"])
        if to == Outreach.Status.ACTIVE:
            enqueue_on_commit(tasks.run_outreaches, partner_id=locked.partner_id)
    return locked


def outreach_pause(*, outreach: Outreach, user: User) -> Outreach:
    """Nothing more is sent until it is resumed; what was sent stays sent."""
    return _outreach_change(
        outreach=outreach,
        user=user,
        allowed=(Outreach.Status.ACTIVE,),
        to=Outreach.Status.PAUSED,
        refusal="Only a sending outreach can be paused.",
    )


def outreach_resume(*, outreach: Outreach, user: User) -> Outreach:
    """Sending again, from where it stopped, within today's quota."""
    return _outreach_change(
        outreach=outreach,
        user=user,
        allowed=(Outreach.Status.PAUSED,),
        to=Outreach.Status.ACTIVE,
        refusal="Only a paused outreach can be resumed.",
    )


def outreach_cancel(*, outreach: Outreach, user: User) -> Outreach:
    """The creators still queued are never invited by it; what was sent stays sent."""
    return _outreach_change(
        outreach=outreach,
        user=user,
        allowed=(Outreach.Status.ACTIVE, Outreach.Status.PAUSED),
        to=Outreach.Status.CANCELLED,
        refusal="This outreach has already finished or been cancelled.",
    )


# --- Links: requests, removal, unlink requests, extensions -------------------------------


def link_requests_send(
    *,
    partner: Partner,
    sent_by: User,
    creators: Iterable[Creator],
    last_day: date,
    message: str = "",
    attach_profile: bool = False,
) -> SendResult:
    """Ask creators to link with the agency until `last_day` (in the agency's market). Skips
    creators already linked or asked; refuses the whole send when a creator cannot be linked
    (the rules' own message for each) or when it would pass today's limit of link requests."""
    require_user(sent_by, partner, Section.PARTNERSHIPS)
    creators = list(creators)
    ids = _unique(c.pk for c in creators)
    if not ids:
        raise ProposalError("Enter at least one TikTok handle.")
    attach = _attachable(partner, attach_profile)
    now = timezone.now()
    with transaction.atomic():
        _lock_partner(partner)
        problems = selectors.link_request_problems(
            partner=partner, creators=creators, last_day=last_day, now=now
        )
        if problems:
            raise ProposalError(" ".join(problems))
        _close_stale(BindingRequest, partner, ids, now)
        _settle_links(BindingRequest.objects.filter(partner=partner, creator_id__in=ids), now)
        requests = BindingRequest.objects.filter(partner=partner, creator_id__in=ids)
        rows = requests.filter(
            rules.state_condition(rules.State.LINK_REQUESTED, now) | rules.live_condition(now)
        ).values_list("creator_id", "status")
        reasons = {c: SkipReason.ASKED for c, _ in rows}
        reasons |= {c: SkipReason.BOUND for c, status in rows if status == Proposal.Status.ACCEPTED}
        new_ids = [c for c in ids if c not in reasons]
        quota = selectors.link_request_quota(partner, now)
        if quota.used + len(new_ids) > quota.limit:
            raise ProposalError(
                f"That is more than today's limit of {quota.limit} link requests: "
                f"{quota.used} sent today, {quota.left} left. Nothing was sent."
            )
        link_expires_at = rules.link_expiry_at(partner.market, last_day)
        new = BindingRequest.objects.bulk_create(
            BindingRequest(
                partner=partner,
                creator_id=creator_id,
                sent_by=sent_by,
                message=message,
                link_expires_at=link_expires_at,
                attach_profile=attach,
                created_at=now,
                expires_at=now + rules.ANSWER_WINDOW,
            )
            for creator_id in new_ids
        )
        if new:
            enqueue_on_commit(
                tasks.notify_creators, kind="binding_request", ids=[r.pk for r in new]
            )
    handles = {c.pk: c.tiktok_account.handle for c in creators}
    return SendResult(
        sent=len(new), skipped=len(reasons), skipped_handles=_handles_by_reason(reasons, handles)
    )


def binding_request_cancel(*, binding_request: BindingRequest, partner: Partner) -> None:
    with transaction.atomic():
        locked = BindingRequest.objects.select_for_update().get(
            pk=binding_request.pk, partner=partner
        )
        if not locked.can_be_answered:
            raise ProposalError(_why_closed(locked))
        locked.status = Proposal.Status.CANCELLED
        locked.save(update_fields=["status"])


def _locked_link(link: BindingRequest, **scope) -> BindingRequest:
    return (
        BindingRequest.objects.select_for_update(of=("self",))
        .select_related("partner", "creator__tiktok_account")
        .get(pk=link.pk, **scope)
    )


def _end(link: BindingRequest, *, reason: str, at: datetime, by: User | None = None) -> None:
    link.end_reason = reason
    link.ended_at = at
    link.ended_by = by
    link.save(update_fields=["end_reason", "ended_at", "ended_by"])


def link_remove(*, link: BindingRequest, partner: Partner, removed_by: User) -> rules.State:
    """Remove a linked creator: unlinked at once, or (in the UK) an unlink request the creator
    answers, approved if they do not within 7 days. Returns the link's state after."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_link(link, partner=partner)
        if not rules.can_remove(locked.state_at(now)):
            raise ProposalError("Only a linked creator can be removed.")
        if rules.removal_asks_the_creator(partner.market):
            _open_unlink_request(locked, raised_by=rules.RaisedBy.AGENCY, by=removed_by, now=now)
            enqueue_on_commit(tasks.email_unlink_request, link_id=locked.pk)
        else:
            _end(locked, reason=rules.EndReason.UNLINKED, at=now, by=removed_by)
            notices.creator_unlinked_notify(link=locked, by=removed_by)
        return locked.state_at(now)


def _open_unlink_request(
    link: BindingRequest, *, raised_by: str, now: datetime, by: User | None = None, reason=""
) -> None:
    creator_ignored_last = (
        link.unlink_raised_by == rules.RaisedBy.CREATOR
        and link.unlink_outcome in (rules.UnlinkOutcome.OPEN, rules.UnlinkOutcome.LAPSED)
        and link.unlink_expires_at is not None
        and link.unlink_expires_at <= now
    )
    if creator_ignored_last:
        link.unlink_ignored += 1
    link.unlink_raised_by = raised_by
    link.unlink_reason = reason
    link.unlink_requested_by = by
    link.unlink_requested_at = now
    link.unlink_expires_at = now + rules.ANSWER_WINDOW
    link.unlink_outcome = rules.UnlinkOutcome.OPEN
    link.unlink_answered_by = None
    link.unlink_answered_at = None
    link.unlink_notified_at = None
    link.save()


def link_unlink_request_email(*, link_id: int) -> bool:
    """E-mail the creator the agency's open unlink request ("Unlink request from agency"),
    once: the row is locked and stamped in the transaction that sends it."""
    with transaction.atomic():
        link = (
            BindingRequest.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("partner", "creator__user")
            .filter(pk=link_id, unlink_raised_by=rules.RaisedBy.AGENCY, unlink_notified_at=None)
            .first()
        )
        user = link and link.creator.user
        if link is None or link.state != rules.State.UNLINK_REQUESTED or not (user and user.email):
            return False
        path = reverse("creator:request", args=[link.code])
        body = (
            f"Hi {user.get_short_name() or link.creator},\n\n"
            f"{header_safe(link.partner)} asks to end your link with their agency. Accept or "
            f"decline by {link.unlink_expires_at:%-d %b %Y, %H:%M} UTC; if you do not answer, "
            f"it is approved and you are unlinked.\n\n{settings.SITE_URL}{path}\n"
        )
        mailers.default.send_messages(
            [EmailMessage("Unlink request from agency", body, None, [user.email])]
        )
        link.unlink_notified_at = timezone.now()
        link.save(update_fields=["unlink_notified_at"])
    return True


def link_unlink_request_by_creator(
    *, link: BindingRequest, creator: Creator, reason: str
) -> BindingRequest:
    """The creator asks to unlink, with a reason; the agency has 7 days to answer."""
    now = timezone.now()
    reason = reason.strip()
    if not reason:
        raise ProposalError("Say why you want to unlink.")
    with transaction.atomic():
        locked = _locked_link(link, creator=creator)
        if not rules.can_ask_to_unlink(locked.state_at(now)):
            raise ProposalError("You can ask to unlink only while you are linked.")
        _open_unlink_request(locked, raised_by=rules.RaisedBy.CREATOR, now=now, reason=reason)
        notices.creator_unlink_requested_notify(link=locked)
    return locked


def _answer_unlink(
    locked: BindingRequest, *, approve: bool, now: datetime, by: User | None
) -> None:
    locked.unlink_outcome = (
        rules.UnlinkOutcome.APPROVED if approve else rules.UnlinkOutcome.DECLINED
    )
    locked.unlink_answered_at = now
    locked.unlink_answered_by = by
    locked.save(update_fields=["unlink_outcome", "unlink_answered_at", "unlink_answered_by"])
    if approve:
        _end(locked, reason=rules.EndReason.UNLINKED, at=now, by=by)


def link_unlink_answer_by_agency(
    *, link: BindingRequest, partner: Partner, answered_by: User, approve: bool
) -> BindingRequest:
    """The agency approves (unlinked) or declines (the link stays) its creator's request."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_link(link, partner=partner)
        if not (
            locked.state_at(now) == rules.State.UNLINK_REQUESTED
            and locked.unlink_raised_by == rules.RaisedBy.CREATOR
        ):
            raise ProposalError("There is no unlink request from this creator to answer.")
        _answer_unlink(locked, approve=approve, now=now, by=answered_by)
    return locked


def link_unlink_answer_by_creator(
    *, link: BindingRequest, creator: Creator, approve: bool
) -> BindingRequest:
    """The creator accepts (unlinked) or declines (the link stays) the agency's request."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_link(link, creator=creator)
        if not (
            locked.state_at(now) == rules.State.UNLINK_REQUESTED
            and locked.unlink_raised_by == rules.RaisedBy.AGENCY
        ):
            raise ProposalError("There is no unlink request from the agency to answer.")
        _answer_unlink(locked, approve=approve, now=now, by=None)
        notices.agency_unlink_answered_notify(link=locked)
    return locked


def extension_tried(link: BindingRequest) -> bool:
    """An extension was refused, lapsed or is waiting: Extend is not offered again."""
    return (
        ExtensionRequest.objects.filter(link=link)
        .exclude(status__in=[Proposal.Status.ACCEPTED, Proposal.Status.CANCELLED])
        .exists()
    )


def extension_request_send(
    *,
    link: BindingRequest,
    partner: Partner,
    sent_by: User,
    last_day: date,
    message: str = "",
    attach_profile: bool = False,
) -> ExtensionRequest:
    """Propose a new expiry date (the new period starts at the current expiry), for the
    creator to accept within 7 days, or before the link ends if that is sooner."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_link(link, partner=partner)
        state = locked.state_at(now)
        if not rules.can_extend(state, locked.link_expires_at, now, tried=extension_tried(locked)):
            raise ProposalError(
                "Extend is offered on a linked creator with less than a month left, once."
            )
        problem = rules.period_error(partner.market, locked.last_day, last_day, first_link=False)
        if problem:
            raise ProposalError(problem)
        extension = ExtensionRequest.objects.create(
            partner=partner,
            creator=locked.creator,
            link=locked,
            sent_by=sent_by,
            message=message,
            attach_profile=_attachable(partner, attach_profile),
            new_link_expires_at=rules.link_expiry_at(partner.market, last_day),
            created_at=now,
            expires_at=min(now + rules.ANSWER_WINDOW, locked.link_expires_at),
        )
        enqueue_on_commit(tasks.notify_creators, kind="extension_request", ids=[extension.pk])
    return extension


def _answer_extension(extension: ExtensionRequest, creator: Creator, status: str):
    with transaction.atomic():
        link = _locked_link(extension.link, creator=creator)
        answered = _answer(ExtensionRequest, extension.pk, creator, status)
        if status == Proposal.Status.ACCEPTED:
            if link.state_at(answered.answered_at) not in (
                rules.State.LINKED,
                rules.State.UNLINK_REQUESTED,
            ):
                raise ProposalError("This link has ended: it can no longer be extended.")
            link.link_expires_at = answered.new_link_expires_at
            link.expiry_reminded_at = None  # a new period: reminded again near its end
            link.save(update_fields=["link_expires_at", "expiry_reminded_at"])
    return answered


def extension_accept(*, extension: ExtensionRequest, creator: Creator) -> ExtensionRequest:
    return _answer_extension(extension, creator, Proposal.Status.ACCEPTED)


def extension_decline(*, extension: ExtensionRequest, creator: Creator) -> ExtensionRequest:
    return _answer_extension(extension, creator, Proposal.Status.DECLINED)


def _settle_links(links, now: datetime) -> int:
    """Store the ends that the rules already derive (an ignored unlink request that unlinks,
    a link past its expiry), so that they stop holding the one-live-link constraint."""
    accepted = links.filter(status=Proposal.Status.ACCEPTED, end_reason="")
    unlinked = accepted.filter(rules.state_condition(rules.State.UNLINKED, now)).update(
        end_reason=rules.EndReason.UNLINKED,
        ended_at=F("unlink_expires_at"),
        unlink_outcome=rules.UnlinkOutcome.LAPSED,
    )
    expired = accepted.filter(rules.state_condition(rules.State.LINK_EXPIRED, now)).update(
        end_reason=rules.EndReason.LINK_EXPIRED, ended_at=F("link_expires_at")
    )
    return unlinked + expired


# Links reminded per run of the housekeeping; the next run takes the rest.
EXPIRY_REMINDERS_PER_RUN = 500


def links_settle() -> int:
    """Housekeeping (beat): store derived ends, and tell agencies of their creators' unlink
    requests that lapsed (the link stays), of creators unlinked by an ignored request, and of
    links entering their last 30 days (once per period).
    Nothing reads differently afterwards: the rules already derived all of it."""
    now = timezone.now()
    with transaction.atomic():
        lapsed_unlinks = list(
            BindingRequest.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(status=Proposal.Status.ACCEPTED, end_reason="", unlink_outcome="")
            .exclude(unlink_raised_by="")
            .filter(unlink_expires_at__lte=now)
            .select_related("partner", "creator__tiktok_account")
        )
        for link in lapsed_unlinks:
            state = link.state_at(now)
            link.unlink_outcome = rules.UnlinkOutcome.LAPSED
            link.save(update_fields=["unlink_outcome"])
            if state == rules.State.UNLINKED:
                _end(link, reason=rules.EndReason.UNLINKED, at=link.unlink_expires_at)
                notices.creator_unlinked_notify(link=link, by=None)
            elif link.unlink_raised_by == rules.RaisedBy.CREATOR:
                notices.creator_unlink_expired_notify(link=link)
        expiring = list(
            BindingRequest.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(rules.expiring_condition(rules.EXPIRING_FROM_DAYS, now))
            .filter(expiry_reminded_at__isnull=True)
            .select_related("partner", "creator__tiktok_account")[:EXPIRY_REMINDERS_PER_RUN]
        )
        for link in expiring:
            link.expiry_reminded_at = now
            link.save(update_fields=["expiry_reminded_at"])
            notices.link_expiring_notify(link=link, now=now)
        settled = _settle_links(BindingRequest.objects.all(), now)
        return len(lapsed_unlinks) + len(expiring) + settled


# --- Answering ----------------------------------------------------------------------------


def _why_closed(proposal: Proposal) -> str:
    return {
        Proposal.Status.ACCEPTED: "This has already been accepted.",
        Proposal.Status.DECLINED: "This has already been declined.",
        Proposal.Status.EXPIRED: "This has expired and can no longer be answered.",
        Proposal.Status.CANCELLED: "The agency cancelled this.",
    }[proposal.current_status]


def _answer(model: type[Proposal], pk: int, creator: Creator, status: str) -> Proposal:
    with transaction.atomic():
        proposal = model.objects.select_for_update().get(pk=pk, creator=creator)
        if not proposal.can_be_answered:
            raise ProposalError(_why_closed(proposal))
        proposal.status = status
        proposal.answered_at = timezone.now()
        proposal.save(update_fields=["status", "answered_at"])
        notices.proposal_answered_notify(proposal=proposal)
    return proposal


def invitation_accept(*, invitation: Invitation, creator: Creator) -> Invitation:
    return _answer(Invitation, invitation.pk, creator, Proposal.Status.ACCEPTED)


def invitation_decline(*, invitation: Invitation, creator: Creator) -> Invitation:
    return _answer(Invitation, invitation.pk, creator, Proposal.Status.DECLINED)


def binding_request_accept(*, binding_request: BindingRequest, creator: Creator) -> BindingRequest:
    """The creator approves the link request: linked until its expiry date."""
    return _answer(BindingRequest, binding_request.pk, creator, Proposal.Status.ACCEPTED)


def binding_request_decline(*, binding_request: BindingRequest, creator: Creator) -> BindingRequest:
    return _answer(BindingRequest, binding_request.pk, creator, Proposal.Status.DECLINED)


def proposals_expire() -> int:
    """Mark pending rows past their expiry as expired. Housekeeping only: they already read
    as expired (Proposal.current_status)."""
    now = timezone.now()
    with transaction.atomic():
        return sum(
            model.objects.lapsed(now).update(status=Proposal.Status.EXPIRED)
            for model in (Invitation, BindingRequest, ExtensionRequest)
        )


# --- Notifications ------------------------------------------------------------------------

# The sweep e-mails what is still unsent this long after it was sent: past the task's retries.
NOTIFY_SWEEP_AFTER = timedelta(minutes=5)
NOTIFY_SWEEP_LIMIT = 200

NOTIFIED_MODELS: dict[str, type[Proposal]] = {
    "invitation": Invitation,
    "binding_request": BindingRequest,
    "extension_request": ExtensionRequest,
}


def _mail_for(kind: str, proposal: Proposal) -> EmailMessage:
    sender = header_safe(proposal.partner)  # one line, whatever the name holds
    if kind == "invitation":
        subject = f"{sender} sent you an invitation"
        path = reverse("creator:invitation", args=[proposal.code])
    elif kind == "extension_request":
        subject = f"{sender} asked you to extend your link with their agency"
        path = reverse("creator:extension", args=[proposal.code])
    else:
        subject = f"{sender} sent you an account linking request"
        path = reverse("creator:request", args=[proposal.code])
    body = (
        f"Hi {proposal.creator.user.get_short_name() or proposal.creator},\n\n"
        f"{subject}.\n\n{proposal.message}\n\n"
        f"Open it to accept or decline: {settings.SITE_URL}{path}\n"
    )
    return EmailMessage(subject, body, None, [proposal.creator.user.email])


def proposals_notify(*, kind: str, ids: Iterable[int]) -> int:
    """E-mail the creator of each of these open proposals once. Creators without a login or
    e-mail are skipped. Raises the mail server's error when it failed for now, after what
    was sent is stamped, so that the task retries only the rest."""
    pks = _unnotified(kind).filter(pk__in=list(ids)).values_list("pk", flat=True)
    return _notify(kind, list(pks))


def proposals_notify_unnotified(
    *, older_than: timedelta = NOTIFY_SWEEP_AFTER, limit: int = NOTIFY_SWEEP_LIMIT
) -> int:
    """The sweep: e-mail open proposals whose e-mail has still not gone `older_than` after
    they were sent (their task gave up after its retries, or was lost), at most `limit` of
    each kind, oldest first."""
    cutoff = timezone.now() - older_than
    sent = 0
    for kind in NOTIFIED_MODELS:
        oldest = _unnotified(kind).filter(created_at__lte=cutoff).order_by("created_at", "pk")
        sent += _notify(kind, list(oldest.values_list("pk", flat=True)[:limit]))
    return sent


def _unnotified(kind: str):
    """Open proposals of `kind` not e-mailed yet, to a creator with an e-mail address."""
    return (
        NOTIFIED_MODELS[kind]
        .objects.open(timezone.now())
        .filter(notified_at__isnull=True)
        .exclude(creator__user=None)
        .exclude(creator__user__email="")
    )


def _notify(kind: str, pks: list[int]) -> int:
    """Send each proposal's e-mail over one connection, each in a transaction of its own that
    locks the row, checks it still needs the e-mail, sends, and stamps `notified_at`: runs at
    the same time never send one twice, a second run finds nothing left, and a crash loses
    at most the stamp of the one message in flight. A recipient the server refuses for good
    is skipped (the sweep tries again while the proposal is open); any other error stops the
    batch and is raised."""
    if not pks:
        return 0
    sent = 0
    mailer = mailers.default
    try:
        mailer.open()
        for pk in pks:
            with transaction.atomic():
                proposal = (
                    _unnotified(kind)
                    .select_for_update(of=("self",), skip_locked=True)
                    .select_related("partner", "creator__user", "creator__tiktok_account")
                    .filter(pk=pk)
                    .first()
                )
                if proposal is None:  # sent meanwhile, being sent, or closed
                    continue
                try:
                    mailer.send_messages([_mail_for(kind, proposal)])
                except ValueError as error:  # a header Django refuses to write
                    log.error("%s not e-mailed: %s", proposal, error)
                    continue
                except smtplib.SMTPRecipientsRefused as error:
                    if not _refused_for_good(error):
                        raise
                    log.warning("%s not e-mailed, refused: %s", proposal, error.recipients)
                    continue
                proposal.notified_at = timezone.now()
                proposal.save(update_fields=["notified_at"])
                sent += 1
    finally:
        # What was sent is sent: a failed goodbye changes nothing.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            mailer.close()
    return sent


def _refused_for_good(error: smtplib.SMTPRecipientsRefused) -> bool:
    """Every recipient was refused with a permanent (5xx) answer: no retry will help."""
    return all(code >= 500 for code, _message in error.recipients.values())

"""Writes for creator management: sending invitations (now, or as a bulk invite job past
INVITE_NOW_LIMIT) and binding requests, answering, cancelling and expiring them, and notifying
creators.

Each state change runs in a transaction that locks what it changes. Sends lock the partner's
row so two sends by the same agency queue up instead of racing for the one-open-proposal
constraint (which stays the last word).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import models, transaction
from django.db.models import CharField, F, Model, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat, Left, Lower
from django.urls import reverse
from django.utils import timezone

from accounts.models import Partner, User
from linking.selectors import linked_profile
from partner_center.queue import enqueue_on_commit
from tiktok.models import TikTokAccount

from . import tasks
from .models import BindingRequest, BulkInviteJob, Creator, Invitation, Proposal

# Up to this many creators are invited within the request; more become a BulkInviteJob.
INVITE_NOW_LIMIT = 100
# A chunk is one transaction and one step of the progress bar. 500 keeps a bulk invite of 1,000
# to 16 queries (at 100 it took 114: `make bench`, P4) and a 5,000-creator job to ten steps.
BULK_CHUNK_SIZE = 500
BINDING_VALIDITY = timedelta(days=7)


class ProposalError(Exception):
    """A change the rules forbid; the message is meant for the user."""


class SkipReason(models.TextChoices):
    """Why a send skipped a creator, in the words the sender reads."""

    INVITED = "invited", "already invited, not answered yet"
    BOUND = "bound", "already bound to your agency"
    ASKED = "asked", "already asked, not answered yet"


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
    message: str
    commission_rate: Decimal
    products: str
    validity_days: int
    attach_profile: bool


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
    *, partner: Partner, sent_by: User, creator_ids: list[int], terms: InviteTerms
) -> tuple[list[int], set[int], int]:
    """Invite `creator_ids` (inside the caller's transaction): (new invitation ids, skipped
    creator ids, failed). Skipped: already holding an open invitation from this partner;
    failed: gone."""
    now = timezone.now()
    ids = _unique(creator_ids)
    existing = set(Creator.objects.filter(pk__in=ids).values_list("pk", flat=True))
    _close_stale(Invitation, partner, existing, now)
    open_ = set(
        Invitation.objects.filter(partner=partner, creator_id__in=existing)
        .open(now)
        .values_list("creator_id", flat=True)
    )
    new = Invitation.objects.bulk_create(
        Invitation(
            partner=partner,
            creator_id=creator_id,
            sent_by=sent_by,
            message=terms.message,
            commission_rate=terms.commission_rate,
            products=terms.products,
            attach_profile=terms.attach_profile,
            created_at=now,
            expires_at=now + timedelta(days=terms.validity_days),
        )
        for creator_id in ids
        if creator_id in existing and creator_id not in open_
    )
    return [i.pk for i in new], open_, len(ids) - len(existing)


def runs_in_background(count: int) -> bool:
    """Whether inviting `count` creators becomes a bulk invite job rather than happening now."""
    return count > INVITE_NOW_LIMIT


def invitations_send(
    *, partner: Partner, sent_by: User, creator_ids: Iterable[int], terms: InviteTerms
) -> SendResult | BulkInviteJob:
    """Invite creators: up to INVITE_NOW_LIMIT at once (what happened), more through a bulk
    invite job queued after the commit (the job, whose page shows its progress)."""
    ids = _unique(creator_ids)
    if not ids:
        raise ProposalError("Select at least one creator to invite.")
    if len(ids) > BulkInviteJob.MAX_CREATORS:
        raise ProposalError(f"Invite at most {BulkInviteJob.MAX_CREATORS:,} creators at once.")
    terms = replace(terms, attach_profile=_attachable(partner, terms.attach_profile))
    if runs_in_background(len(ids)):
        return _bulk_invite_job_create(partner=partner, created_by=sent_by, ids=ids, terms=terms)
    return _invite_now(partner=partner, sent_by=sent_by, ids=ids, terms=terms)


def _invite_now(
    *, partner: Partner, sent_by: User, ids: list[int], terms: InviteTerms
) -> SendResult:
    with transaction.atomic():
        _lock_partner(partner)
        new_ids, skipped, failed = _invite_chunk(
            partner=partner, sent_by=sent_by, creator_ids=ids, terms=terms
        )
        if new_ids:
            enqueue_on_commit(tasks.notify_creators, kind="invitation", ids=new_ids)
    handles = dict(
        Creator.objects.filter(pk__in=skipped).values_list("pk", "tiktok_account__handle")
    )
    return SendResult(
        sent=len(new_ids),
        skipped=len(skipped),
        failed=failed,
        skipped_handles=_handles_by_reason(dict.fromkeys(skipped, SkipReason.INVITED), handles),
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


def _bulk_invite_job_create(
    *, partner: Partner, created_by: User, ids: list[int], terms: InviteTerms
) -> BulkInviteJob:
    with transaction.atomic():
        job = BulkInviteJob.objects.create(
            partner=partner,
            created_by=created_by,
            message=terms.message,
            commission_rate=terms.commission_rate,
            products=terms.products,
            validity_days=terms.validity_days,
            attach_profile=terms.attach_profile,
            creator_ids=ids,
            total=len(ids),
        )
        enqueue_on_commit(tasks.run_bulk_invite_job, job_id=job.pk)
    return job


def bulk_invite_job_run(*, job_id: int, chunk_size: int = BULK_CHUNK_SIZE) -> BulkInviteJob:
    """Work through the job chunk by chunk. Each chunk commits its invitations together with
    the job's progress, so a second run (or a run after a crash) carries on where the last
    commit left off and never invites twice."""
    while True:
        with transaction.atomic():
            job = (
                BulkInviteJob.objects.select_for_update(of=("self",))
                .select_related("partner", "created_by")
                .get(pk=job_id)
            )
            if job.is_done:
                return job
            chunk = job.creator_ids[job.processed : job.processed + chunk_size]
            if chunk:
                _lock_partner(job.partner)
                new_ids, skipped, failed = _invite_chunk(
                    partner=job.partner,
                    sent_by=job.created_by,
                    creator_ids=chunk,
                    terms=InviteTerms(
                        message=job.message,
                        commission_rate=job.commission_rate,
                        products=job.products,
                        validity_days=job.validity_days,
                        attach_profile=job.attach_profile,
                    ),
                )
                job.processed += len(chunk)
                job.invited += len(new_ids)
                job.skipped += len(skipped)
                job.failed += failed
                if new_ids:
                    enqueue_on_commit(tasks.notify_creators, kind="invitation", ids=new_ids)
            job.status = BulkInviteJob.Status.RUNNING
            if job.processed >= job.total:
                job.status = BulkInviteJob.Status.DONE
                job.finished_at = timezone.now()
            job.save()
            if job.is_done:
                return job


# --- Binding requests ---------------------------------------------------------------------


def binding_requests_send(
    *,
    partner: Partner,
    sent_by: User,
    creators: Iterable[Creator],
    message: str,
    contract_months: int,
    attach_profile: bool,
) -> SendResult:
    """Ask creators to bind. Skips creators with a pending request from this partner or
    already bound to it (accepted)."""
    creators = list(creators)
    ids = _unique(c.pk for c in creators)
    if not ids:
        raise ProposalError("Enter at least one TikTok handle.")
    attach = _attachable(partner, attach_profile)
    now = timezone.now()
    with transaction.atomic():
        _lock_partner(partner)
        _close_stale(BindingRequest, partner, ids, now)
        requests = BindingRequest.objects.filter(partner=partner, creator_id__in=ids)
        bound = requests.filter(status=Proposal.Status.ACCEPTED)
        rows = (requests.open(now) | bound).values_list("creator_id", "status")
        reasons = {creator_id: SkipReason.ASKED for creator_id, _ in rows}
        reasons |= {c: SkipReason.BOUND for c, status in rows if status == Proposal.Status.ACCEPTED}
        taken = set(reasons)
        new = BindingRequest.objects.bulk_create(
            BindingRequest(
                partner=partner,
                creator_id=creator_id,
                sent_by=sent_by,
                message=message,
                contract_months=contract_months,
                attach_profile=attach,
                created_at=now,
                expires_at=now + BINDING_VALIDITY,
            )
            for creator_id in ids
            if creator_id not in taken
        )
        if new:
            enqueue_on_commit(
                tasks.notify_creators, kind="binding_request", ids=[r.pk for r in new]
            )
    handles = {c.pk: c.tiktok_account.handle for c in creators}
    return SendResult(
        sent=len(new), skipped=len(taken), skipped_handles=_handles_by_reason(reasons, handles)
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
    return proposal


def invitation_accept(*, invitation: Invitation, creator: Creator) -> Invitation:
    return _answer(Invitation, invitation.pk, creator, Proposal.Status.ACCEPTED)


def invitation_decline(*, invitation: Invitation, creator: Creator) -> Invitation:
    return _answer(Invitation, invitation.pk, creator, Proposal.Status.DECLINED)


def binding_request_accept(*, binding_request: BindingRequest, creator: Creator) -> BindingRequest:
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
            for model in (Invitation, BindingRequest)
        )


# --- Notifications ------------------------------------------------------------------------

NOTIFIED_MODELS: dict[str, type[Proposal]] = {
    "invitation": Invitation,
    "binding_request": BindingRequest,
}


def _mail_for(kind: str, proposal: Proposal) -> EmailMessage:
    if kind == "invitation":
        subject = f"{proposal.partner} invited you to a product collaboration"
        path = reverse("creator:invitation", args=[proposal.code])
    else:
        subject = f"{proposal.partner} asked you to join their agency"
        path = reverse("creator:request", args=[proposal.code])
    body = (
        f"Hi {proposal.creator.user.get_short_name() or proposal.creator},\n\n"
        f"{subject}.\n\n{proposal.message}\n\n"
        f"Open it to accept or decline: {settings.SITE_URL}{path}\n"
    )
    return EmailMessage(subject, body, None, [proposal.creator.user.email])


def proposals_notify(*, kind: str, ids: Iterable[int]) -> int:
    """E-mail each creator once: rows are locked and stamped `notified_at` with the send, so a
    second run finds nothing left to send. Creators without a login or e-mail are skipped."""
    model: type[Model] = NOTIFIED_MODELS[kind]
    with transaction.atomic():
        proposals = list(
            model.objects.select_for_update(of=("self",))
            .select_related("partner", "creator__user", "creator__tiktok_account")
            .filter(pk__in=list(ids), notified_at__isnull=True)
            .filter(~Q(creator__user=None) & ~Q(creator__user__email=""))
        )
        if not proposals:
            return 0
        mailers.default.send_messages([_mail_for(kind, p) for p in proposals])
        model.objects.filter(pk__in=[p.pk for p in proposals]).update(notified_at=timezone.now())
    return len(proposals)

"""Telling the agency's staff what creators answered and when a bulk invitation is done
(accounts.notifications). Called by creators.services inside the transaction of the change."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import Notification
from accounts.notifications import notification_send

from .models import BindingRequest, BulkInviteJob, Invitation, Proposal

Kind = Notification.Kind


def proposal_answered_notify(*, proposal: Proposal) -> None:
    creator = proposal.creator
    account = creator.tiktok_account
    who = f"{account} ({account.display_name})"
    accepted = proposal.status == Proposal.Status.ACCEPTED
    if isinstance(proposal, Invitation):
        kind = Kind.INVITATION_ANSWERED
        what = "accepted" if accepted else "declined"
        text = f"{who} {what} your invitation to a product collaboration."
        url = f"{reverse('creators:find')}?{urlencode({'q': account.handle})}"
    else:
        assert isinstance(proposal, BindingRequest)
        kind = Kind.BINDING_REQUEST_ANSWERED
        if accepted:
            text = (
                f"{who} accepted your request to join your agency "
                f"({proposal.contract_months}-month contract)."
            )
        else:
            text = f"{who} declined your request to join your agency."
        url = f"{reverse('creators:partnerships')}?{urlencode({'tab': proposal.status})}"
    notification_send(partner=proposal.partner, kind=kind, text=text, url=url)


def bulk_invite_job_finished_notify(*, job: BulkInviteJob) -> None:
    text = (
        f"Your bulk invitation is done: {job.invited:,} of {job.total:,} creators invited, "
        f"{job.skipped:,} skipped (already invited), {job.failed:,} failed (no longer in the "
        "directory)."
    )
    url = reverse("creators:invite_job", args=[job.code])
    notification_send(partner=job.partner, kind=Kind.BULK_INVITE_DONE, text=text, url=url)

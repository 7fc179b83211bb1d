"""Telling the agency's staff what creators answered and when a bulk invitation is done
(accounts.notifications). Called by creators.services inside the transaction of the change."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import Notification, User
from accounts.notifications import notification_send

from . import partnership_rules as rules
from . import selectors
from .models import BindingRequest, BulkInviteJob, ExtensionRequest, Invitation, Proposal

Kind = Notification.Kind


def proposal_answered_notify(*, proposal: Proposal) -> None:
    creator = proposal.creator
    account = creator.tiktok_account
    who = f"{account} ({account.display_name})"
    accepted = proposal.status == Proposal.Status.ACCEPTED
    if isinstance(proposal, Invitation):
        kind = Kind.INVITATION_ANSWERED
        if accepted:
            text = f"{who} is interested in your invitation{_reach(proposal)}."
        else:
            text = f"{who} is not interested in your invitation."
        url = f"{reverse('creators:find')}?{urlencode({'q': account.handle})}"
    elif isinstance(proposal, ExtensionRequest):
        kind = Kind.EXTENSION_ANSWERED
        if accepted:
            until = rules.last_day_of(proposal.partner.market, proposal.new_link_expires_at)
            text = f"{who} accepted your extension: linked until {until:%-d %b %Y}."
        else:
            text = f"{who} declined your extension request."
        url = _tab_url("linked")
    else:
        assert isinstance(proposal, BindingRequest)
        kind = Kind.BINDING_REQUEST_ANSWERED
        if accepted:
            text = f"{who} approved your link request: linked until {proposal.last_day:%-d %b %Y}."
        else:
            text = f"{who} declined your link request."
        url = _tab_url("linked" if accepted else "not_linked")
    # Who on the team sent it (issue 16: who did what), for the colleague who follows it up.
    text = f"{text} Sent by {proposal.sent_by}."
    notification_send(partner=proposal.partner, kind=kind, text=text, url=url)


def _reach(invitation: Invitation) -> str:
    """The contact exchange: an interested creator's e-mail goes to the agency."""
    email = selectors.interested_creator_contact(invitation)
    return f": contact them at {email}" if email else ""


def _tab_url(tab: str) -> str:
    return f"{reverse('creators:partnerships')}?{urlencode({'tab': tab})}"


def _who(link: BindingRequest) -> str:
    account = link.creator.tiktok_account
    return f"{account} ({account.display_name})"


def creator_unlink_requested_notify(*, link: BindingRequest) -> None:
    text = (
        f"{_who(link)} asked to unlink from your agency: “{link.unlink_reason}”. Approve or "
        f"decline by {link.unlink_expires_at:%-d %b %Y, %H:%M} UTC; if you do not answer, the "
        "link stays."
    )
    notification_send(
        partner=link.partner,
        kind=Kind.CREATOR_UNLINK_REQUESTED,
        text=text,
        url=_tab_url("unlink_requested"),
    )


def creator_unlink_expired_notify(*, link: BindingRequest) -> None:
    text = (
        f"The unlink request from {_who(link)} expired unanswered: the creator stays linked. "
        "If they ask again and it is ignored for 7 days, they are unlinked."
    )
    notification_send(
        partner=link.partner, kind=Kind.CREATOR_UNLINK_EXPIRED, text=text, url=_tab_url("linked")
    )


def creator_unlinked_notify(*, link: BindingRequest, by: User | None) -> None:
    if by is not None:
        text = f"{_who(link)} was removed from your agency by {by.get_full_name() or by}."
    elif link.unlink_raised_by == rules.RaisedBy.AGENCY:
        text = f"{_who(link)} did not answer your unlink request in 7 days: unlinked."
    else:
        text = f"{_who(link)} is unlinked: their second unlink request went unanswered for 7 days."
    notification_send(
        partner=link.partner, kind=Kind.CREATOR_UNLINKED, text=text, url=_tab_url("not_linked")
    )


def agency_unlink_answered_notify(*, link: BindingRequest) -> None:
    if link.unlink_outcome == rules.UnlinkOutcome.APPROVED:
        text = f"{_who(link)} accepted your unlink request: unlinked."
    else:
        text = f"{_who(link)} declined your unlink request: the link stays until it expires."
    notification_send(
        partner=link.partner, kind=Kind.CREATOR_UNLINKED, text=text, url=_tab_url("all")
    )


def link_expiring_notify(*, link: BindingRequest, now) -> None:
    days = rules.days_left(link.link_expires_at, now)
    text = (
        f"Your link with {_who(link)} expires on {link.last_day:%-d %b %Y} ({days} days left). "
        "Extend it to keep working together."
    )
    notification_send(
        partner=link.partner, kind=Kind.LINK_EXPIRING, text=text, url=_tab_url("linked")
    )


def bulk_invite_job_finished_notify(*, job: BulkInviteJob) -> None:
    text = (
        f"Your bulk invitation is done: {job.invited:,} of {job.total:,} creators invited, "
        f"{job.skipped:,} skipped (already invited), {job.failed:,} failed (no longer in the "
        "directory)."
    )
    url = reverse("creators:invite_job", args=[job.code])
    notification_send(partner=job.partner, kind=Kind.BULK_INVITE_DONE, text=text, url=url)

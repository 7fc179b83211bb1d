"""The creator's inbox at /creator/: invitations and binding requests addressed to
`request.creator`, with the agency's TikTok profile card when it is attached and still linked."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import CreatorRequest, creator_required
from linking.selectors import linked_profile

from . import selectors, services
from .forms import PageForm
from .models import BindingRequest, Invitation, Proposal


@require_safe
@creator_required
def inbox(request: CreatorRequest) -> HttpResponse:
    paging = PageForm(request.GET).filters()
    page = selectors.inbox_page(
        creator=request.creator, number=paging["page"], per_page=paging["per_page"]
    )
    return render(request, "creators/inbox.html", {"page": page})


def _get_invitation_for_creator(request: CreatorRequest, code: UUID) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("partner"), code=code, creator=request.creator
    )


def _get_request_for_creator(request: CreatorRequest, code: UUID) -> BindingRequest:
    return get_object_or_404(
        BindingRequest.objects.select_related("partner"), code=code, creator=request.creator
    )


def _detail(
    request: CreatorRequest, proposal: Proposal, kind: str, url_prefix: str
) -> HttpResponse:
    # Read live: an unlinked partner's card disappears at once.
    profile = linked_profile(proposal.partner) if proposal.attach_profile else None
    context = {
        "proposal": proposal,
        "kind": kind,
        "profile": profile,
        "accept_url": reverse(f"creator:{url_prefix}_accept", args=[proposal.code]),
        "decline_url": reverse(f"creator:{url_prefix}_decline", args=[proposal.code]),
    }
    return render(request, "creators/proposal_detail.html", context)


@require_safe
@creator_required
def invitation(request: CreatorRequest, code: UUID) -> HttpResponse:
    invitation = _get_invitation_for_creator(request, code)
    return _detail(request, invitation, "Invitation", "invitation")


@require_safe
@creator_required
def binding_request(request: CreatorRequest, code: UUID) -> HttpResponse:
    binding_request = _get_request_for_creator(request, code)
    return _detail(request, binding_request, "Binding request", "request")


ANSWERS = {
    ("invitation", "accept"): services.invitation_accept,
    ("invitation", "decline"): services.invitation_decline,
    ("binding_request", "accept"): services.binding_request_accept,
    ("binding_request", "decline"): services.binding_request_decline,
}


@require_POST
@creator_required
def invitation_answer(request: CreatorRequest, code: UUID, answer: str) -> HttpResponse:
    invitation = _get_invitation_for_creator(request, code)
    try:
        answered = ANSWERS["invitation", answer](invitation=invitation, creator=request.creator)
    except services.ProposalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Invitation from {invitation.partner}: {answered.status}.")
    return redirect("creator:invitation", code=code)


@require_POST
@creator_required
def binding_request_answer(request: CreatorRequest, code: UUID, answer: str) -> HttpResponse:
    binding_request = _get_request_for_creator(request, code)
    try:
        answered = ANSWERS["binding_request", answer](
            binding_request=binding_request, creator=request.creator
        )
    except services.ProposalError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Binding request from {binding_request.partner}: {answered.status}."
        )
    return redirect("creator:request", code=code)

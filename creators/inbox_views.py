"""The creator's inbox at /creator/: invitations, account linking requests (each also the page
of the link it makes: asking to unlink, answering the agency's unlink request) and extension
requests addressed to `request.creator`, with the agency's TikTok profile card when it is
attached and still linked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import CreatorRequest, creator_required
from linking.selectors import linked_profile
from partner_center.htmx import render_page

from . import selectors, services
from .forms import PageForm, UnlinkReasonForm
from .models import BindingRequest, ExtensionRequest, Invitation, Proposal


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


@dataclass(frozen=True)
class Kind:
    """Invitations and binding requests, as the inbox names and routes them."""

    label: str  # "Invitation"
    url_name: str  # the detail page's; its actions add "_accept" and "_decline"


INVITATION = Kind("Invitation", "creator:invitation")
BINDING_REQUEST = Kind("Account linking request", "creator:request")
EXTENSION = Kind("Extend partnership", "creator:extension")


def _detail(
    request: CreatorRequest, proposal: Proposal, kind: Kind, *, status: int = 200, **extra
) -> HttpResponse:
    # Read live: an unlinked partner's card disappears at once.
    profile = linked_profile(proposal.partner) if proposal.attach_profile else None
    context = {
        "proposal": proposal,
        "kind": kind.label,
        "profile": profile,
        "accept_url": reverse(f"{kind.url_name}_accept", args=[proposal.code]),
        "decline_url": reverse(f"{kind.url_name}_decline", args=[proposal.code]),
        **extra,
    }
    if isinstance(proposal, BindingRequest):
        context["link_state"] = proposal.state
        context.setdefault("unlink_form", UnlinkReasonForm())
    return render(request, "creators/proposal_detail.html", context, status=status)


@require_safe
@creator_required
def invitation(request: CreatorRequest, code: UUID) -> HttpResponse:
    return _detail(request, _get_invitation_for_creator(request, code), INVITATION)


@require_safe
@creator_required
def binding_request(request: CreatorRequest, code: UUID) -> HttpResponse:
    return _detail(request, _get_request_for_creator(request, code), BINDING_REQUEST)


def _answer(
    request: CreatorRequest, proposal: Proposal, kind: Kind, answer: Callable[[], Proposal]
) -> HttpResponse:
    try:
        answered = answer()
    except services.ProposalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{kind.label} from {proposal.partner}: {answered.status}.")
    return redirect(kind.url_name, code=proposal.code)


# --- The link: asking to unlink, answering the agency's unlink request ---------------------


@require_POST
@creator_required
def link_unlink_request(request: CreatorRequest, code: UUID) -> HttpResponse:
    link = _get_request_for_creator(request, code)
    form = UnlinkReasonForm(request.POST)
    if not form.is_valid():
        return _detail(request, link, BINDING_REQUEST, status=400, unlink_form=form)
    try:
        services.link_unlink_request_by_creator(
            link=link, creator=request.creator, reason=form.cleaned_data["reason"]
        )
    except services.ProposalError as error:
        form.add_error(None, str(error))
        return _detail(request, link, BINDING_REQUEST, status=400, unlink_form=form)
    messages.success(request, f"Unlink request sent to {link.partner}: they have 7 days.")
    return redirect(BINDING_REQUEST.url_name, code=link.code)


def _unlink_answer(request: CreatorRequest, code: UUID, *, approve: bool) -> HttpResponse:
    link = _get_request_for_creator(request, code)
    try:
        services.link_unlink_answer_by_creator(link=link, creator=request.creator, approve=approve)
    except services.ProposalError as error:
        messages.error(request, str(error))
    else:
        outcome = "you are unlinked" if approve else "you stay linked"
        messages.success(request, f"Unlink request from {link.partner}: {outcome}.")
    return redirect(BINDING_REQUEST.url_name, code=link.code)


@require_POST
@creator_required
def link_unlink_accept(request: CreatorRequest, code: UUID) -> HttpResponse:
    return _unlink_answer(request, code, approve=True)


@require_POST
@creator_required
def link_unlink_decline(request: CreatorRequest, code: UUID) -> HttpResponse:
    return _unlink_answer(request, code, approve=False)


# --- Extension requests ---------------------------------------------------------------------


def _get_extension_for_creator(request: CreatorRequest, code: UUID) -> ExtensionRequest:
    return get_object_or_404(
        ExtensionRequest.objects.select_related("partner", "link"),
        code=code,
        creator=request.creator,
    )


@require_safe
@creator_required
def extension(request: CreatorRequest, code: UUID) -> HttpResponse:
    return _detail(request, _get_extension_for_creator(request, code), EXTENSION)


@require_POST
@creator_required
def extension_accept(request: CreatorRequest, code: UUID) -> HttpResponse:
    extension = _get_extension_for_creator(request, code)
    return _answer(
        request,
        extension,
        EXTENSION,
        partial(services.extension_accept, extension=extension, creator=request.creator),
    )


@require_http_methods(["GET", "POST"])
@creator_required
def extension_decline(request: CreatorRequest, code: UUID) -> HttpResponse:
    """GET asks; only the question's own button (a POST) declines."""
    extension = _get_extension_for_creator(request, code)
    if request.method == "GET":
        return _ask_to_decline(request, extension, EXTENSION)
    return _answer(
        request,
        extension,
        EXTENSION,
        partial(services.extension_decline, extension=extension, creator=request.creator),
    )


def _ask_to_decline(request: CreatorRequest, proposal: Proposal, kind: Kind) -> HttpResponse:
    """Decline's question, as a page, or in place of the detail page's answers for htmx."""
    context = {
        "proposal": proposal,
        "kind": kind.label,
        "detail_url": reverse(kind.url_name, args=[proposal.code]),
        "decline_url": reverse(f"{kind.url_name}_decline", args=[proposal.code]),
    }
    return render_page(request, "creators/decline.html", context, fragment="question")


@require_POST
@creator_required
def invitation_accept(request: CreatorRequest, code: UUID) -> HttpResponse:
    invitation = _get_invitation_for_creator(request, code)
    return _answer(
        request,
        invitation,
        INVITATION,
        partial(services.invitation_accept, invitation=invitation, creator=request.creator),
    )


@require_http_methods(["GET", "POST"])
@creator_required
def invitation_decline(request: CreatorRequest, code: UUID) -> HttpResponse:
    """GET asks; only the question's own button (a POST) declines."""
    invitation = _get_invitation_for_creator(request, code)
    if request.method == "GET":
        return _ask_to_decline(request, invitation, INVITATION)
    return _answer(
        request,
        invitation,
        INVITATION,
        partial(services.invitation_decline, invitation=invitation, creator=request.creator),
    )


@require_POST
@creator_required
def binding_request_accept(request: CreatorRequest, code: UUID) -> HttpResponse:
    binding_request = _get_request_for_creator(request, code)
    return _answer(
        request,
        binding_request,
        BINDING_REQUEST,
        partial(
            services.binding_request_accept,
            binding_request=binding_request,
            creator=request.creator,
        ),
    )


@require_http_methods(["GET", "POST"])
@creator_required
def binding_request_decline(request: CreatorRequest, code: UUID) -> HttpResponse:
    """GET asks; only the question's own button (a POST) declines."""
    binding_request = _get_request_for_creator(request, code)
    if request.method == "GET":
        return _ask_to_decline(request, binding_request, BINDING_REQUEST)
    return _answer(
        request,
        binding_request,
        BINDING_REQUEST,
        partial(
            services.binding_request_decline,
            binding_request=binding_request,
            creator=request.creator,
        ),
    )

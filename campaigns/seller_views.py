"""The seller's side, mounted at /seller/: browse campaigns, Campaign Details, Register.
A seller reaches only campaigns published to them; any other is a 404."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import SellerRequest, seller_required
from linking.selectors import linked_profile
from partner_center.htmx import render_page

from .forms import BrowseForm
from .models import Campaign
from .selectors import campaigns_to_browse, published_to_seller, seller_registrations
from .services import RegistrationRefused, campaign_register

CAMPAIGNS_PER_PAGE = 20


def _get_campaign_for_seller(request: SellerRequest, code: UUID) -> Campaign:
    return get_object_or_404(published_to_seller(request.seller, now=timezone.now()), code=code)


@require_safe
@seller_required
def browse(request: SellerRequest) -> HttpResponse:
    form = BrowseForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    campaigns = campaigns_to_browse(
        request.seller,
        now=timezone.now(),
        category=filters.get("category", ""),
        query=filters.get("q", "").strip(),
    )
    page = Paginator(campaigns, CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {"form": form, "page": page, "query_string": query_string.urlencode()}
    status = 400 if form.errors else 200
    return render_page(request, "campaigns/browse.html", context, fragment="results", status=status)


@require_safe
@seller_required
def registrations(request: SellerRequest) -> HttpResponse:
    """The campaigns this seller registered for, including ongoing and ended ones."""
    now = timezone.now()
    page = Paginator(seller_registrations(request.seller), CAMPAIGNS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for registration in page:
        registration.campaign_status = registration.campaign.status_at(now)
    context = {"page": page}
    return render_page(request, "campaigns/registrations.html", context, fragment="results")


@require_safe
@seller_required
def campaign_details(request: SellerRequest, code: UUID) -> HttpResponse:
    return _render_details(request, _get_campaign_for_seller(request, code))


@require_POST
@seller_required
def register(request: SellerRequest, code: UUID) -> HttpResponse:
    campaign = _get_campaign_for_seller(request, code)
    try:
        campaign_register(campaign=campaign, seller=request.seller)
    except RegistrationRefused as refusal:
        messages.error(request, str(refusal))
        return _render_details(request, campaign, status=409)
    messages.success(request, f"You are registered for “{campaign.name}”.")
    return redirect("seller:campaign", code=campaign.code)


def _render_details(
    request: SellerRequest, campaign: Campaign, *, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    refusal = None
    if campaign.registered_at is None:
        refusal = campaign.registration_refusal(request.seller, now)
    context = {
        "campaign": campaign,
        "status": campaign.status_at(now),
        "refusal": refusal,
        "profile": linked_profile(campaign.partner) if campaign.attach_profile else None,
    }
    return render(request, "campaigns/seller_detail.html", context, status=status)

"""The seller's side, mounted at /seller/: browse campaigns, Campaign Details, register
products and follow their review. A seller reaches only campaigns published to them (or that
they registered products for); any other is a 404. Dates are in the seller's market time."""

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

from .forms import BrowseForm, ProductForm
from .markets import in_market_time
from .models import Campaign
from .selectors import campaigns_to_browse, published_to_seller, seller_products
from .services import RegistrationRefused, product_register

CAMPAIGNS_PER_PAGE = 20

in_seller_market_time = in_market_time(lambda request: request.seller.market)


def _get_campaign_for_seller(request: SellerRequest, code: UUID) -> Campaign:
    return get_object_or_404(published_to_seller(request.seller, now=timezone.now()), code=code)


@require_safe
@seller_required
@in_seller_market_time
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
    now = timezone.now()
    for campaign in page:
        campaign.current_status = campaign.status_at(now)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {"form": form, "page": page, "query_string": query_string.urlencode()}
    status = 400 if form.errors else 200
    return render_page(request, "campaigns/browse.html", context, fragment="results", status=status)


@require_safe
@seller_required
@in_seller_market_time
def registrations(request: SellerRequest) -> HttpResponse:
    """My products: every product this seller registered, with its review."""
    page = Paginator(seller_products(request.seller), CAMPAIGNS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"page": page}
    return render_page(request, "campaigns/registrations.html", context, fragment="results")


@require_safe
@seller_required
@in_seller_market_time
def campaign_details(request: SellerRequest, code: UUID) -> HttpResponse:
    campaign = _get_campaign_for_seller(request, code)
    return _render_details(request, campaign, ProductForm(campaign=campaign))


@require_POST
@seller_required
@in_seller_market_time
def register(request: SellerRequest, code: UUID) -> HttpResponse:
    campaign = _get_campaign_for_seller(request, code)
    form = ProductForm(request.POST, campaign=campaign)
    if not form.is_valid():
        return _render_details(request, campaign, form, status=400)
    try:
        product = product_register(campaign=campaign, seller=request.seller, terms=form.terms())
    except RegistrationRefused as refusal:
        messages.error(request, str(refusal))
        return _render_details(request, campaign, form, status=409)
    messages.success(
        request, f"“{product.product_name}” is registered for “{campaign.name}”: pending review."
    )
    return redirect("seller:campaign", code=campaign.code)


def _render_details(
    request: SellerRequest, campaign: Campaign, form: ProductForm, *, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    context = {
        "campaign": campaign,
        "status": campaign.status_at(now),
        "refusal": campaign.registration_refusal(request.seller, now),
        "form": form,
        "products": campaign.products.filter(seller=request.seller).select_related("campaign"),
        "profile": linked_profile(campaign.partner) if campaign.attach_profile else None,
    }
    return render(request, "campaigns/seller_detail.html", context, status=status)

"""Partner Campaigns in Partner Center: My Campaigns, Create Campaign / Edit, Publish and Take
offline, and a campaign's registered products to review. Everything is scoped to the
requesting partner, and dates are in the partner's market time."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import PartnerRequest, Section, partner_staff_required
from linking.attach import (
    form_with_draft,
    gate_attach_profile,
    redirect_to_link_flow,
    wants_to_link,
)
from linking.selectors import linked_profile
from partner_center.htmx import render_page

from . import services
from .forms import BatchApproveForm, CampaignForm, RejectForm, initial_from_draft
from .markets import in_market_time
from .models import Campaign, RegisteredProduct
from .rules import PUBLISHED_LIMIT
from .selectors import partner_campaigns, partner_status_counts, product_status_counts, review_list

CAMPAIGNS_PER_PAGE = 20
PRODUCTS_PER_PAGE = 50

in_partner_market_time = in_market_time(lambda request: request.partner.market)


def _get_campaign_for_partner(request: PartnerRequest, code: UUID) -> Campaign:
    return get_object_or_404(
        Campaign.objects.select_related("partner", "created_by", "published_by"),
        partner=request.partner,
        code=code,
    )


def _get_product_for_partner(
    request: PartnerRequest, code: UUID, product: UUID
) -> RegisteredProduct:
    return get_object_or_404(
        RegisteredProduct, campaign__partner=request.partner, campaign__code=code, code=product
    )


@require_safe
@partner_staff_required(section=Section.CAMPAIGNS)
@in_partner_market_time
def campaign_list(request: PartnerRequest) -> HttpResponse:
    now = timezone.now()
    status = request.GET.get("status", "")
    if status not in Campaign.Status.values:
        status = ""
    campaigns = partner_campaigns(request.partner, status=status, now=now)
    page = Paginator(campaigns, CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    for campaign in page:
        campaign.current_status = campaign.status_at(now)
    counts = partner_status_counts(request.partner, now=now)
    tabs = [("", "All", counts["all"])]
    tabs += [(s.value, s.label, counts[s.value]) for s in Campaign.Status]
    query_string = f"status={status}" if status else ""
    context = {
        "page": page,
        "status": status,
        "tabs": tabs,
        "query_string": query_string,
        "published": counts["upcoming"] + counts["ongoing"],
        "published_limit": PUBLISHED_LIMIT,
    }
    return render_page(request, "campaigns/list.html", context, fragment="results")


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.CAMPAIGNS)
@in_partner_market_time
def campaign_create(request: PartnerRequest) -> HttpResponse:
    campaign = Campaign(partner=request.partner, created_by=request.user)
    return _campaign_form(request, campaign, initial={"attach_profile": True})


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.CAMPAIGNS)
@in_partner_market_time
def campaign_edit(request: PartnerRequest, code: UUID) -> HttpResponse:
    campaign = _get_campaign_for_partner(request, code)
    if campaign.status != Campaign.Status.READY:
        return _refused(request, campaign, "A published campaign can no longer be edited.")
    return _campaign_form(request, campaign, initial={})


def _campaign_form(
    request: PartnerRequest, campaign: Campaign, *, initial: dict[str, Any]
) -> HttpResponse:
    """Create and Edit share this form, its Link TikTok Account round trip and its draft."""
    if wants_to_link(request):
        return redirect_to_link_flow(request)
    form = form_with_draft(
        request,
        CampaignForm,
        instance=campaign,
        initial=initial,
        draft_to_initial=initial_from_draft,
        partner=request.partner,
    )
    profile = gate_attach_profile(form, request.partner, attached=campaign.attach_profile)
    if form.is_bound and form.is_valid():
        created = campaign.pk is None
        try:
            if created:
                campaign = services.campaign_create(
                    partner=request.partner, created_by=request.user, terms=form.terms()
                )
            else:
                campaign = services.campaign_update(campaign=campaign, terms=form.terms())
        except services.CampaignRefused as refusal:
            return _refused(request, campaign, str(refusal))
        done = "saved as Ready: publish it when sellers may see it" if created else "saved"
        messages.success(request, f"Campaign “{campaign.name}” {done}.")
        return redirect("campaigns:detail", code=campaign.code)
    context = {"form": form, "campaign": campaign, "linked_profile": profile}
    return render(request, "campaigns/form.html", context, status=400 if form.is_bound else 200)


@require_safe
@partner_staff_required(section=Section.CAMPAIGNS)
@in_partner_market_time
def campaign_detail(request: PartnerRequest, code: UUID) -> HttpResponse:
    return _render_detail(request, _get_campaign_for_partner(request, code))


def _render_detail(
    request: PartnerRequest, campaign: Campaign, *, status: int = 200
) -> HttpResponse:
    product_status = request.GET.get("products", "")
    if product_status not in RegisteredProduct.Status.values:
        product_status = ""
    query = request.GET.get("q", "").strip()[:200]
    products = review_list(campaign, status=product_status, query=query)
    page = Paginator(products, PRODUCTS_PER_PAGE).get_page(request.GET.get("page"))
    counts = product_status_counts(campaign)
    tabs = [("", "All", counts["all"])]
    tabs += [(s.value, s.label, counts[s.value]) for s in RegisteredProduct.Status]
    context = {
        "campaign": campaign,
        "status": campaign.status,
        "page": page,
        "tabs": tabs,
        "product_status": product_status,
        "q": query,
        "query_string": urlencode(
            {k: v for k, v in [("products", product_status), ("q", query)] if v}
        ),
        "reject_form": RejectForm(),
        "profile": linked_profile(request.partner) if campaign.attach_profile else None,
    }
    return render_page(
        request, "campaigns/detail.html", context, fragment="products", status=status
    )


def _refused(request: PartnerRequest, campaign: Campaign, message: str) -> HttpResponse:
    messages.error(request, message)
    return _render_detail(request, campaign, status=409)


@require_POST
@partner_staff_required(section=Section.CAMPAIGNS)
@in_partner_market_time
def campaign_publish(request: PartnerRequest, code: UUID) -> HttpResponse:
    campaign = _get_campaign_for_partner(request, code)
    try:
        services.campaign_publish(campaign=campaign, published_by=request.user)
    except services.CampaignRefused as refusal:
        return _refused(request, campaign, str(refusal))
    messages.success(request, f"“{campaign.name}” is published: its sellers can see it.")
    return redirect("campaigns:detail", code=campaign.code)


@require_POST
@partner_staff_required(section=Section.CAMPAIGNS)
@in_partner_market_time
def campaign_unpublish(request: PartnerRequest, code: UUID) -> HttpResponse:
    campaign = _get_campaign_for_partner(request, code)
    try:
        services.campaign_unpublish(campaign=campaign)
    except services.CampaignRefused as refusal:
        return _refused(request, campaign, str(refusal))
    messages.success(request, f"“{campaign.name}” is offline again (Ready): you can edit it.")
    return redirect("campaigns:detail", code=campaign.code)


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.CAMPAIGNS)
@in_partner_market_time
def campaign_delete(request: PartnerRequest, code: UUID) -> HttpResponse:
    """Delete asks first (GET), then deletes (POST): only a Ready campaign."""
    campaign = _get_campaign_for_partner(request, code)
    if request.method == "GET":
        context = {"campaign": campaign, "status": campaign.status}
        return render(request, "campaigns/delete.html", context)
    try:
        services.campaign_delete(campaign=campaign)
    except services.CampaignRefused as refusal:
        return _refused(request, campaign, str(refusal))
    messages.success(request, f"Campaign “{campaign.name}” deleted.")
    return redirect("campaigns:list")


@require_POST
@partner_staff_required(section=Section.CAMPAIGNS)
@in_partner_market_time
def product_approve(request: PartnerRequest, code: UUID, product: UUID) -> HttpResponse:
    registered = _get_product_for_partner(request, code, product)
    try:
        services.product_approve(product=registered, reviewed_by=request.user)
    except services.CampaignRefused as refusal:
        return _refused(request, _get_campaign_for_partner(request, code), str(refusal))
    messages.success(request, f"“{registered.product_name}” approved: its product link is ready.")
    return redirect("campaigns:detail", code=code)


@require_POST
@partner_staff_required(section=Section.CAMPAIGNS)
@in_partner_market_time
def product_reject(request: PartnerRequest, code: UUID, product: UUID) -> HttpResponse:
    registered = _get_product_for_partner(request, code, product)
    campaign = _get_campaign_for_partner(request, code)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _render_detail(request, campaign, status=400)
    try:
        services.product_reject(
            product=registered,
            reviewed_by=request.user,
            reason=form.cleaned_data["reason"],
            reregistration_allowed=form.cleaned_data["reregistration_allowed"],
        )
    except services.CampaignRefused as refusal:
        return _refused(request, campaign, str(refusal))
    messages.success(request, f"“{registered.product_name}” rejected.")
    return redirect("campaigns:detail", code=code)


@require_POST
@partner_staff_required(section=Section.CAMPAIGNS)
@in_partner_market_time
def products_approve(request: PartnerRequest, code: UUID) -> HttpResponse:
    """Approve selected, from one page of the review list."""
    campaign = _get_campaign_for_partner(request, code)
    form = BatchApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _render_detail(request, campaign, status=400)
    try:
        approved = services.products_approve(
            campaign=campaign, codes=form.cleaned_data["products"], reviewed_by=request.user
        )
    except services.CampaignRefused as refusal:
        return _refused(request, campaign, str(refusal))
    messages.success(request, f"{approved} product{'s' if approved != 1 else ''} approved.")
    return redirect("campaigns:detail", code=code)

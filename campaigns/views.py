"""Partner Campaigns in Partner Center: My campaigns, Create Campaign / Edit, and a campaign's
registered sellers. Everything is scoped to the requesting partner."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

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
from .forms import CampaignForm, initial_from_draft
from .models import Campaign
from .selectors import partner_campaigns, partner_status_counts

CAMPAIGNS_PER_PAGE = 20
REGISTRATIONS_PER_PAGE = 50


def _get_campaign_for_partner(request: PartnerRequest, code: UUID) -> Campaign:
    return get_object_or_404(
        Campaign.objects.select_related("partner"), partner=request.partner, code=code
    )


@require_safe
@partner_staff_required(section=Section.CAMPAIGNS)
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
    context = {"page": page, "status": status, "tabs": tabs, "query_string": query_string}
    return render_page(request, "campaigns/list.html", context, fragment="results")


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.CAMPAIGNS)
def campaign_create(request: PartnerRequest) -> HttpResponse:
    campaign = Campaign(partner=request.partner, created_by=request.user)
    return _campaign_form(request, campaign, initial={"attach_profile": True})


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.CAMPAIGNS)
def campaign_edit(request: PartnerRequest, code: UUID) -> HttpResponse:
    return _campaign_form(request, _get_campaign_for_partner(request, code), initial={})


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
    )
    profile = gate_attach_profile(form, request.partner, attached=campaign.attach_profile)
    if form.is_bound and form.is_valid():
        created = campaign.pk is None
        terms = services.CampaignTerms(**form.cleaned_data)
        if created:
            campaign = services.campaign_create(
                partner=request.partner, created_by=request.user, terms=terms
            )
        else:
            campaign = services.campaign_update(campaign=campaign, terms=terms)
        messages.success(
            request, f"Campaign “{campaign.name}” {'created' if created else 'saved'}."
        )
        return redirect("campaigns:detail", code=campaign.code)
    context = {"form": form, "campaign": campaign, "linked_profile": profile}
    return render(request, "campaigns/form.html", context, status=400 if form.is_bound else 200)


@require_safe
@partner_staff_required(section=Section.CAMPAIGNS)
def campaign_detail(request: PartnerRequest, code: UUID) -> HttpResponse:
    campaign = _get_campaign_for_partner(request, code)
    registrations = campaign.registrations.select_related("seller")
    page = Paginator(registrations, REGISTRATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "campaign": campaign,
        "status": campaign.status,
        "page": page,
        "profile": linked_profile(request.partner) if campaign.attach_profile else None,
    }
    return render_page(request, "campaigns/detail.html", context, fragment="registrations")

"""The public agency profile page: the shareable link (and its QR code) on My Account →
Profile. Anyone may open it; a logged-in creator sees what the agency shares with their
market, anybody else what it shares with creators of its own market."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from accounts.models import Partner
from creators.models import Creator


@require_safe
def public(request: HttpRequest, code: UUID) -> HttpResponse:
    partner = get_object_or_404(Partner.objects.prefetch_related("sharing"), code=code)
    market = partner.market
    if request.user.is_authenticated:
        creator = Creator.objects.filter(user=request.user).only("market").first()
        if creator is not None:
            market = creator.market
    return render(request, "campaigns/agency_profile.html", {"partner": partner, "market": market})

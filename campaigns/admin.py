from __future__ import annotations

from django.contrib import admin

from partner_center.admin import GuardedAdmin, ManagedPartnersAdmin

from .models import Campaign, CampaignRegistration, Seller


@admin.register(Seller)
class SellerAdmin(GuardedAdmin):
    list_display = ["shop_name", "market", "shop_rating", "user"]
    list_filter = ["market"]
    search_fields = ["shop_name"]
    raw_id_fields = ["user"]


@admin.register(Campaign)
class CampaignAdmin(ManagedPartnersAdmin):
    list_display = ["name", "partner", "registration_starts_at", "ends_at", "commission_rate"]
    # Only the partners that have campaigns this user may see, not every partner.
    list_filter = [("partner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "partner__name"]
    raw_id_fields = ["partner", "created_by"]
    readonly_fields = ["code", "created_at", "updated_at"]


@admin.register(CampaignRegistration)
class CampaignRegistrationAdmin(ManagedPartnersAdmin):
    list_display = ["campaign", "seller", "registered_at"]
    raw_id_fields = ["campaign", "seller"]
    account_manager_lookup = "campaign__partner__account_manager"

from __future__ import annotations

from django.contrib import admin

from partner_center.admin import GuardedAdmin, ManagedPartnersAdmin

from .models import Campaign, RegisteredProduct, Seller


@admin.register(Seller)
class SellerAdmin(GuardedAdmin):
    list_display = ["shop_name", "shop_code", "market", "origin", "shop_rating", "user"]
    list_filter = ["market", "origin"]
    search_fields = ["shop_name", "shop_code"]
    raw_id_fields = ["user"]
    readonly_fields = ["shop_code"]


@admin.register(Campaign)
class CampaignAdmin(ManagedPartnersAdmin):
    list_display = ["name", "partner", "published_at", "registration_starts_at", "ends_at"]
    # Only the partners that have campaigns this user may see, not every partner.
    list_filter = [("partner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "partner__name"]
    raw_id_fields = ["partner", "created_by", "published_by", "target_sellers"]
    readonly_fields = ["code", "created_at", "updated_at"]


@admin.register(RegisteredProduct)
class RegisteredProductAdmin(ManagedPartnersAdmin):
    list_display = ["product_name", "campaign", "seller", "status", "registered_at"]
    list_filter = ["status"]
    search_fields = ["product_name", "seller__shop_name"]
    raw_id_fields = ["campaign", "seller", "reviewed_by"]
    readonly_fields = ["code"]
    account_manager_lookup = "campaign__partner__account_manager"

from __future__ import annotations

from django.contrib import admin

from .models import Campaign, CampaignRegistration, Seller


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ["shop_name", "market", "shop_rating", "user"]
    list_filter = ["market"]
    search_fields = ["shop_name"]
    raw_id_fields = ["user"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "partner", "registration_starts_at", "ends_at", "commission_rate"]
    list_filter = ["partner"]
    search_fields = ["name", "partner__name"]
    raw_id_fields = ["partner", "created_by"]
    readonly_fields = ["code", "created_at", "updated_at"]


@admin.register(CampaignRegistration)
class CampaignRegistrationAdmin(admin.ModelAdmin):
    list_display = ["campaign", "seller", "registered_at"]
    raw_id_fields = ["campaign", "seller"]

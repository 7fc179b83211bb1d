from __future__ import annotations

from django.contrib import admin

from .models import Seller


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ["shop_name", "market", "shop_rating", "user"]
    list_filter = ["market"]
    search_fields = ["shop_name"]
    raw_id_fields = ["user"]

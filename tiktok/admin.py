from __future__ import annotations

from django.contrib import admin

from .models import TikTokAccount


@admin.register(TikTokAccount)
class TikTokAccountAdmin(admin.ModelAdmin):
    list_display = ["handle", "display_name", "status", "account_type", "affiliation", "followers"]
    list_filter = ["status", "account_type", "affiliation"]
    search_fields = ["handle", "display_name"]
    exclude = ["password"]

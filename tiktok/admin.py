from __future__ import annotations

from django.contrib import admin

from .models import InboxMessage, TikTokAccount


@admin.register(TikTokAccount)
class TikTokAccountAdmin(admin.ModelAdmin):
    list_display = ["handle", "display_name", "status", "account_type", "affiliation", "followers"]
    list_filter = ["status", "account_type", "affiliation"]
    search_fields = ["handle", "display_name"]
    exclude = ["password"]


@admin.register(InboxMessage)
class InboxMessageAdmin(admin.ModelAdmin):
    """Written by Partner Center (link, unlink); read-only here."""

    list_display = ["created_at", "account", "title"]
    list_select_related = ["account"]
    search_fields = ["account__handle", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.db.models import Q

from partner_center.admin import GuardedAdmin, ManagedPartnersAdmin

from .models import InboxMessage, TikTokAccount


@admin.register(TikTokAccount)
class TikTokAccountAdmin(ManagedPartnersAdmin):
    list_display = ["handle", "display_name", "status", "account_type", "affiliation", "followers"]
    list_filter = ["status", "account_type", "affiliation"]
    search_fields = ["handle", "display_name"]
    exclude = ["password"]

    def managed_by(self, user) -> Q:
        """An account manager sees the accounts linked to their partners, and those that scanned
        for them or appear in their audit trail. The sessions and the trail are linking's, named
        here rather than imported: tiktok comes before linking."""
        partners = Q(partner__account_manager=user)
        seen = Q()
        for model in ("LinkSession", "LinkEvent"):
            rows = apps.get_model("linking", model).objects.filter(
                partners, tiktok_account__isnull=False
            )
            seen |= Q(pk__in=rows.values("tiktok_account"))
        return Q(partner_link__partner__account_manager=user) | seen


@admin.register(InboxMessage)
class InboxMessageAdmin(GuardedAdmin):
    """Written by Partner Center (link, unlink); read-only here."""

    list_display = ["created_at", "account", "title"]
    list_select_related = ["account"]
    search_fields = ["account__handle", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

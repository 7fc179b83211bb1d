from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Membership, Partner, User

admin.site.register(User, UserAdmin)


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "market", "programmes", "account_manager", "linked_tiktok_account"]
    list_filter = ["market", "is_cap", "is_tap"]
    search_fields = ["name"]
    inlines = [MembershipInline]
    list_select_related = ["account_manager", "tiktok_link__tiktok_account"]

    @admin.display(description="Linked TikTok account")
    def linked_tiktok_account(self, partner: Partner) -> str:
        link = getattr(partner, "tiktok_link", None)
        return str(link.tiktok_account) if link is not None else "—"

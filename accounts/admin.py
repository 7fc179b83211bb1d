from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Membership, Notification, Partner, User

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


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notices are written by the services; an account manager sees those of the
    partners they manage."""

    list_display = ["created_at", "partner", "recipient", "kind", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["partner", "recipient"]
    search_fields = ["partner__name", "recipient__username", "text"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        notices = super().get_queryset(request)
        if request.user.is_superuser:
            return notices
        return notices.filter(partner__account_manager=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

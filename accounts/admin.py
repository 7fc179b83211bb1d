"""Admin for partners and people. Account managers see the partners they manage and the people
who work for them (and themselves); superusers see everyone."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Q

from partner_center.admin import GuardedAdmin, GuardedInline, ManagedPartnersAdmin

from .models import Membership, Notification, Partner, User


@admin.register(User)
class UserAdmin(ManagedPartnersAdmin, DjangoUserAdmin):
    def managed_by(self, user) -> Q:
        return Q(membership__partner__account_manager=user) | Q(pk=user.pk)


# Registered by django.contrib.auth; again here so that its list guards its filters too.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(GuardedAdmin, DjangoGroupAdmin):
    pass


class MembershipInline(GuardedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "is_main", "team_role", "invited_by", "invited_at", "activated_at"]
    fields += ["deactivated_at"]
    readonly_fields = ["invited_by", "invited_at", "activated_at", "deactivated_at"]


@admin.register(Partner)
class PartnerAdmin(ManagedPartnersAdmin):
    list_display = ["name", "market", "programmes", "account_manager", "linked_tiktok_account"]
    list_filter = ["market", "is_cap", "is_tap"]
    search_fields = ["name"]
    inlines = [MembershipInline]
    list_select_related = ["account_manager", "tiktok_link__tiktok_account"]
    account_manager_lookup = "account_manager"

    @admin.display(description="Linked TikTok account")
    def linked_tiktok_account(self, partner: Partner) -> str:
        link = getattr(partner, "tiktok_link", None)
        return str(link.tiktok_account) if link is not None else "—"


@admin.register(Notification)
class NotificationAdmin(ManagedPartnersAdmin):
    """Read-only: notices are written by the services; an account manager sees those of the
    partners they manage."""

    list_display = ["created_at", "partner", "recipient", "kind", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["partner", "recipient"]
    search_fields = ["partner__name", "recipient__username", "text"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

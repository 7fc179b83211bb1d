"""Admin for partners and people. Account managers see the partners they manage and the people
who work for them (and themselves); superusers see everyone."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Q

from partner_center.admin import GuardedAdmin, GuardedInline, ManagedPartnersAdmin

from .models import Membership, Partner, User


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

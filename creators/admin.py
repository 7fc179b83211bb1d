from __future__ import annotations

from django.contrib import admin

from partner_center.admin import GuardedAdmin, ManagedPartnersAdmin

from .models import BindingRequest, Creator, ExtensionRequest, Invitation, Outreach


@admin.register(Creator)
class CreatorAdmin(GuardedAdmin):
    list_display = ["tiktok_account", "category", "market", "account_kind", "sales_30d", "user"]
    list_filter = ["category", "market", "account_kind"]
    search_fields = ["tiktok_account__handle", "tiktok_account__display_name"]
    raw_id_fields = ["tiktok_account", "user"]
    list_select_related = ["tiktok_account", "user"]


@admin.register(Invitation)
class InvitationAdmin(ManagedPartnersAdmin):
    list_display = ["partner", "creator", "status", "attach_profile", "created_at", "expires_at"]
    list_filter = ["status", "attach_profile"]
    raw_id_fields = ["partner", "creator", "sent_by"]
    list_select_related = ["partner", "creator__tiktok_account"]


@admin.register(BindingRequest)
class BindingRequestAdmin(ManagedPartnersAdmin):
    list_display = ["partner", "creator", "status", "link_expires_at", "end_reason", "created_at"]
    list_filter = ["status", "end_reason", "unlink_raised_by", "attach_profile"]
    raw_id_fields = [
        "partner",
        "creator",
        "sent_by",
        "unlink_requested_by",
        "unlink_answered_by",
        "ended_by",
    ]
    list_select_related = ["partner", "creator__tiktok_account"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ManagedPartnersAdmin):
    list_display = ["partner", "creator", "status", "new_link_expires_at", "created_at"]
    list_filter = ["status", "attach_profile"]
    raw_id_fields = ["partner", "creator", "sent_by", "link"]
    list_select_related = ["partner", "creator__tiktok_account"]


@admin.register(Outreach)
class OutreachAdmin(ManagedPartnersAdmin):
    list_display = ["partner", "status", "total", "sent", "skipped", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["partner", "created_by"]

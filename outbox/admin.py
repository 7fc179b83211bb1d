from __future__ import annotations

from django.contrib import admin

from partner_center.admin import GuardedAdmin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(GuardedAdmin):
    list_display = ["task_name", "created_at", "attempts", "sent_at"]
    list_filter = ["sent_at"]
    readonly_fields = ["task_name", "kwargs", "created_at", "attempts", "last_error", "sent_at"]

    def has_add_permission(self, request):
        return False

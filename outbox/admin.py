from __future__ import annotations

from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["task_name", "created_at", "attempts", "sent_at"]
    list_filter = ["sent_at"]
    readonly_fields = ["task_name", "kwargs", "created_at", "attempts", "last_error", "sent_at"]

    def has_add_permission(self, request):
        return False

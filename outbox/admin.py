"""The outbox in the admin: read-only, for administrators only (the outbox belongs to no
partner), with a Retry action for dead rows once what killed them is fixed."""

from __future__ import annotations

from django.contrib import admin, messages

from partner_center.admin import GuardedAdmin

from . import services
from .models import OutboxMessage


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting"), ("dead", "Dead"), ("sent", "Sent")]

    def queryset(self, request, queryset):
        match self.value():
            case "waiting":
                return queryset.filter(sent_at=None, dead_at=None)
            case "dead":
                return queryset.exclude(dead_at=None)
            case "sent":
                return queryset.exclude(sent_at=None)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(GuardedAdmin):
    list_display = ["task_name", "state", "created_at", "attempts", "last_error"]
    list_filter = [StateFilter]
    ordering = ["-created_at"]
    readonly_fields = [
        "task_name",
        "kwargs",
        "created_at",
        "attempts",
        "last_error",
        "sent_at",
        "dead_at",
    ]
    actions = ["retry"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_retry_permission(self, request):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Retry the selected dead tasks", permissions=["retry"])
    def retry(self, request, queryset):
        revived = services.outbox_messages_retry(ids=queryset.values_list("pk", flat=True))
        self.message_user(request, f"{revived} dead task(s) queued again.", messages.SUCCESS)

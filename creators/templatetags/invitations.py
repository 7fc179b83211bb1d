"""`{{ status|invitation_status }}`: an invitation's status in Invitation history's words."""

from __future__ import annotations

from django import template

from creators.invitation_rules import STATUS_LABELS

register = template.Library()


@register.filter
def invitation_status(status: str) -> str:
    return STATUS_LABELS.get(status, status)

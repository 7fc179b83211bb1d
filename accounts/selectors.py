"""Reads for accounts worth naming: a staff member's notifications and their unread count."""

from __future__ import annotations

from django.db.models import Func, IntegerField, OuterRef, QuerySet, Subquery

from .models import Notification, Partner, User


def notifications_for(*, user: User, partner: Partner) -> QuerySet[Notification]:
    """The user's own notices from their agency, newest first."""
    return Notification.objects.filter(recipient=user, partner=partner)


def unread_count(*, user: User, partner: Partner) -> int:
    return notifications_for(user=user, partner=partner).filter(read_at__isnull=True).count()


def unread_count_subquery(*, user_ref: str, partner_ref: str) -> Subquery:
    """`unread_count` as a subquery, so a query that loads the membership anyway brings the
    bell's count along (accounts.roles)."""
    unread = (
        Notification.objects.filter(
            recipient=OuterRef(user_ref), partner=OuterRef(partner_ref), read_at__isnull=True
        )
        .order_by()
        .annotate(total=Func("pk", function="COUNT"))
        .values("total")
    )
    return Subquery(unread, output_field=IntegerField())

"""Who is asking: each area of the site belongs to one role, and its views say which.

Anonymous users are sent to log in; a logged-in user of another role gets 403.
The decorators attach the requester's own object (`request.partner`, `request.creator`,
`request.seller`) so views scope everything to it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from .models import Membership, User
from .selectors import unread_count_subquery


def _role_required(attribute: str, load: Callable[[User], object | None]):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            obj = load(request.user)
            if obj is None:
                raise PermissionDenied("This page is not part of your account.")
            setattr(request, attribute, obj)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _membership(user: User) -> Membership | None:
    # The top bar's bell count rides along: no page pays a query of its own for it.
    unread = unread_count_subquery(user_ref="user_id", partner_ref="partner_id")
    membership = (
        Membership.objects.select_related("partner__account_manager")
        .annotate(unread_notifications=unread)
        .filter(user=user)
        .first()
    )
    return membership


def _creator(user: User):
    from creators.models import Creator

    return Creator.objects.select_related("tiktok_account").filter(user=user).first()


def _seller(user: User):
    from campaigns.models import Seller

    return Seller.objects.filter(user=user).first()


def partner_staff_required(view):
    """Agency staff only; sets `request.membership` (with `unread_notifications`, the bell's
    count) and `request.partner`."""

    @wraps(view)
    def with_partner(request, *args, **kwargs):
        request.partner = request.membership.partner
        return view(request, *args, **kwargs)

    return _role_required("membership", _membership)(with_partner)


creator_required = _role_required("creator", _creator)
seller_required = _role_required("seller", _seller)


def home_url_for(user: User) -> str:
    """Where a user lands after logging in."""
    if Membership.objects.filter(user=user).exists():
        return reverse("accounts:home")
    if _creator(user) is not None:
        return reverse("creator:inbox")
    if _seller(user) is not None:
        return reverse("seller:campaigns")
    if user.is_staff:
        return reverse("admin:index")
    return reverse("accounts:no_role")

"""Who is asking: each area of the site belongs to one role, and its views say which.

Anonymous users are sent to log in (htmx requests with HX-Redirect); a logged-in user of
another role gets 403, and so does a team member whose role does not grant the view's section
(accounts.permissions). The decorators attach the requester's own object (`request.partner`,
`request.creator`, `request.seller`) so views scope everything to it; the request classes below
name what each decorator sets, for the views' type hints.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse

from partner_center.htmx import HtmxHttpRequest, View, login_required

from .models import Membership, Partner, User
from .permissions import Section, may_use_condition, require
from .selectors import unread_count_subquery

if TYPE_CHECKING:
    from campaigns.models import Seller
    from creators.models import Creator


class PartnerRequest(HtmxHttpRequest):
    """A request of agency staff, through `partner_staff_required`."""

    user: User
    membership: Membership
    partner: Partner
    section: Section | None


class CreatorRequest(HtmxHttpRequest):
    """A request of a creator, through `creator_required`."""

    user: User
    creator: Creator


class SellerRequest(HtmxHttpRequest):
    """A request of a seller, through `seller_required`."""

    user: User
    seller: Seller


def _role_required(attribute: str, load: Callable[[User], object | None]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
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
        Membership.objects.select_related("partner__account_manager", "team_role")
        .annotate(unread_notifications=unread)
        .filter(may_use_condition(None), user=user)
        .first()
    )
    if membership is not None:
        # Services given `request.user` check the same membership without a query of their
        # own (permissions.require_user).
        user.membership = membership
    return membership


def _creator(user: User) -> Creator | None:
    from creators.models import Creator

    return Creator.objects.select_related("tiktok_account").filter(user=user).first()


def _seller(user: User) -> Seller | None:
    from campaigns.models import Seller

    return Seller.objects.filter(user=user).first()


def partner_staff_required(*, section: Section | None) -> Callable[[View], View]:
    """Agency staff whose role grants `section` only (None: a page of no section, such as the
    home page, open to the whole team); sets `request.membership` (with
    `unread_notifications`, the bell's count), `request.partner` and `request.section`."""

    def decorator(view: View) -> View:
        @wraps(view)
        def with_partner(request: PartnerRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if section is not None:
                require(request.membership, section)
            request.partner = request.membership.partner
            request.section = section
            return view(request, *args, **kwargs)

        guarded = _role_required("membership", _membership)(with_partner)
        # Read by the hardening walker, which checks each section's views with members
        # lacking it; outer decorators (functools.wraps) carry it along.
        guarded.section = section
        return guarded

    return decorator


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

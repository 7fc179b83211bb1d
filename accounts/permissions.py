"""What each member of an agency's team may use: the one place that answers it.

Partner Center's pages belong to sections (its navigation items). An agency has one main account,
its administrator, who may use every section; every other member holds a role, a name plus one
permission per module, and may use the sections their role grants. Team (adding members,
defining roles) is the main account's alone. The home page and a person's own settings
(notifications, password) belong to no section: everyone on the team may use them.

`partner_staff_required(section=…)` asks `may_use` before any staff view runs; services that a
form reaches call `require` as well, so no request gets round the navigation.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q

if TYPE_CHECKING:
    from .models import Membership, Partner, User


class Section(StrEnum):
    """Partner Center's navigation items. A staff view names the one its pages belong to;
    partner_base.html marks it as the current page and shows only those the member may use."""

    PROFILE = "profile"
    FIND_CREATORS = "find_creators"
    PARTNERSHIPS = "partnerships"
    CAMPAIGNS = "campaigns"
    INSIGHTS = "insights"
    TEAM = "team"


# The modules a role can grant, in the order the role form lists them, with their labels. Each
# is a boolean field of `TeamRole` of the same name. Team is not among them: it stays with the
# main account.
MODULES: dict[Section, str] = {
    Section.PROFILE: "Account & TikTok link",
    Section.FIND_CREATORS: "Find Creators & invitations",
    Section.PARTNERSHIPS: "Manage Partnerships",
    Section.CAMPAIGNS: "Partner Campaigns",
    Section.INSIGHTS: "Insights",
}
MAIN_ACCOUNT_ONLY = "Only the main account can manage the team."


def may_use(membership: Membership, section: Section | None) -> bool:
    """Whether this member may use `section` (None: a page of no section, open to the team)."""
    if not membership.is_active:
        return False
    if section is None or membership.is_main:
        return True
    if section not in MODULES or membership.team_role is None:
        return False
    return getattr(membership.team_role, section.value)


def may_use_condition(section: Section | None, *, prefix: str = "") -> Q:
    """`may_use` in SQL, for a query that reaches memberships through `prefix` (e.g.
    "partner__memberships__"): used inside one filter() call with the user, so that one
    membership row must satisfy both."""
    active = Q(**{f"{prefix}activated_at__isnull": False, f"{prefix}deactivated_at__isnull": True})
    if section is None:
        return active
    main = Q(**{f"{prefix}is_main": True})
    if section not in MODULES:
        return active & main
    return active & (main | Q(**{f"{prefix}team_role__{section.value}": True}))


def sections_of(membership: Membership) -> frozenset[Section]:
    """Every section this member may use: what the navigation shows."""
    return frozenset(section for section in Section if may_use(membership, section))


def why_not(section: Section) -> str:
    """The 403 page's sentence for a section the member may not use."""
    if section not in MODULES:
        return MAIN_ACCOUNT_ONLY
    return (
        f"Your role does not include {MODULES[section]}. Ask your agency's main account to add "
        "it to your role."
    )


def require(membership: Membership, section: Section) -> None:
    """Raise PermissionDenied (a 403) unless this member may use `section`."""
    if not may_use(membership, section):
        raise PermissionDenied(why_not(section))


def require_user(user: User, partner: Partner, section: Section) -> None:
    """`require` for a service given the acting user: they must be on `partner`'s team with a
    role that grants `section`. The staff decorator has put the membership on the user, so in a
    request this costs no query."""
    from .models import Membership

    try:
        membership = user.membership
    except Membership.DoesNotExist:
        raise PermissionDenied("Only the agency's team can do this.") from None
    if membership.partner_id != partner.pk:
        raise PermissionDenied("Only the agency's team can do this.")
    require(membership, section)

"""Who may link: the requirements checked when the TikTok user taps **Connect Now**.

Each failure is a named `LinkSession.FailureReason` with its own message and remedy. Every
requirement that fails is listed at once, in one fixed order, as a checklist on the phone and
in Partner Center. This module is the one place these rules live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from accounts.models import Partner
from tiktok.models import TikTokAccount

from .models import LinkSession, TikTokLink

Reason = LinkSession.FailureReason
MINIMUM_AGE = 18

# What the Partner Center page lists as requirements, in the product's words.
REQUIREMENTS = [
    "The account holder is at least 18 years old.",
    "The account is active and has no violation history.",
    "The account is not a registered business account.",
    "The account is not linked with another agency or with the Creator Network.",
]


@dataclass(frozen=True)
class Problem:
    reason: str
    message: str
    remedy: str
    # The simulated app's screen that fixes it, when there is one (a URL name).
    remedy_url_name: str = ""


# One per reason, in `Reason`'s order (the checklist's).
PROBLEMS: dict[str, Problem] = {
    Reason.PARTNER_ALREADY_LINKED: Problem(
        Reason.PARTNER_ALREADY_LINKED,
        "This Partner Center account already has a linked TikTok account.",
        "A Partner Center account has one TikTok account. To change it, contact your account "
        "manager.",
    ),
    Reason.UNDER_18: Problem(
        Reason.UNDER_18,
        "The TikTok account holder must be at least 18 years old.",
        "Link an account held by an adult, such as your agency's official account.",
    ),
    Reason.SUSPENDED: Problem(
        Reason.SUSPENDED,
        "The TikTok account is suspended.",
        "Link an active account. This one can be linked only once TikTok lifts the suspension.",
    ),
    Reason.VIOLATION_HISTORY: Problem(
        Reason.VIOLATION_HISTORY,
        "The TikTok account has a history of violating TikTok's rules.",
        "Link an account with no violations on record: a violation history stays with the account.",
    ),
    Reason.OTHER_AGENCY: Problem(
        Reason.OTHER_AGENCY,
        "The TikTok account is linked with another agency.",
        "Link an account that works with no other agency, or have the account holder end "
        "their link with that agency first.",
    ),
    Reason.CREATOR_NETWORK: Problem(
        Reason.CREATOR_NETWORK,
        "The TikTok account is in the Creator Network.",
        "Link an account outside the Creator Network, or have the account holder leave the "
        "Creator Network first.",
    ),
    Reason.LINKED_ELSEWHERE: Problem(
        Reason.LINKED_ELSEWHERE,
        "The TikTok account is already linked to another Partner Center account.",
        "A TikTok account belongs to one Partner Center account only. Link a different "
        "account, or have the agency it is linked to ask its account manager to unlink it.",
    ),
    Reason.BUSINESS_ACCOUNT: Problem(
        Reason.BUSINESS_ACCOUNT,
        "The TikTok account is a registered business account.",
        "In TikTok, go to Settings and privacy → Account → Switch to Personal Account → "
        "Switch anyway, then scan again.",
        "tiktok:switch_to_personal",
    ),
}


def failure_reasons(*, account: TikTokAccount, partner: Partner, now: datetime) -> list[str]:
    """Every requirement `account` fails for linking to `partner`, in `Reason`'s order; empty
    when it may link.

    A registered business account comes last: it is the one failure the user can fix in the
    app, and the only one that leaves the session open (when it is the only one)."""
    failed = []
    if TikTokLink.objects.filter(partner=partner).exists():
        failed.append(Reason.PARTNER_ALREADY_LINKED)
    if account.age_on(now.date()) < MINIMUM_AGE:
        failed.append(Reason.UNDER_18)
    if account.status != TikTokAccount.Status.ACTIVE:
        failed.append(Reason.SUSPENDED)
    if account.violation_count > 0:
        failed.append(Reason.VIOLATION_HISTORY)
    if account.affiliation == TikTokAccount.Affiliation.OTHER_AGENCY or _bound_to_another_agency(
        account, partner, now
    ):
        failed.append(Reason.OTHER_AGENCY)
    if account.affiliation == TikTokAccount.Affiliation.CREATOR_NETWORK:
        failed.append(Reason.CREATOR_NETWORK)
    if TikTokLink.objects.filter(tiktok_account=account).exclude(partner=partner).exists():
        failed.append(Reason.LINKED_ELSEWHERE)
    if account.account_type == TikTokAccount.AccountType.BUSINESS:
        failed.append(Reason.BUSINESS_ACCOUNT)
    return failed


def only_fixable_in_the_app(reasons: list[str]) -> bool:
    """Nothing but a registered business account stands in the way: the session stays open
    while the user switches it to personal."""
    return reasons == [Reason.BUSINESS_ACCOUNT]


def _bound_to_another_agency(account: TikTokAccount, partner: Partner, now: datetime) -> bool:
    """The account is a creator with a live agency-creator link (linked, and not past its
    expiry) to another partner. A link with `partner` itself is no other agency's.

    creators is to the right of linking, so it is imported here, when Connect Now runs (as
    tests/test_dependencies.py allows); "live" is creators' own rule for a link's state now
    (`BindingRequestQuerySet.live`, creators/partnership_rules.py), not a copy of it."""
    from creators.models import BindingRequest

    return (
        BindingRequest.objects.filter(creator__tiktok_account=account)
        .exclude(partner=partner)
        .live(now)
        .exists()
    )


def current_problems(session: LinkSession) -> list[Problem]:
    """What stands between `session` and a link now: the checklist the phone and the Partner
    Center page both show.

    The reasons are stored when Connect Now fails. A registered business account can be
    switched to personal in the app; once it has been, that stored failure no longer applies,
    although nothing in linking has changed yet."""
    problems = [PROBLEMS[reason] for reason in session.failure_reasons]
    account = session.tiktok_account
    if account is not None and account.account_type != TikTokAccount.AccountType.BUSINESS:
        problems = [p for p in problems if p.reason != Reason.BUSINESS_ACCOUNT]
    return problems


def problems_fixed(session: LinkSession) -> bool:
    """Connect Now failed, and the account has since fixed everything that stood in the way."""
    return bool(session.failure_reasons) and not current_problems(session)
